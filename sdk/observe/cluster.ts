import { formatIp } from "../reach/model/cidr";
import type { Cluster } from "../reach/model/model";
import type { ConnectionGroup } from "./aggregate";
import { ownLabels } from "./identity";
import type { ObservedParty, PodParty } from "./model";

/**
 * Names addresses with a cluster export (`--cluster`): an address that is a pod's is that pod, a
 * Service's ClusterIP is the Service's pods (by its selector). Logs that carry only addresses
 * (a CSV's `dst_ip`, a masked Hubble field) then read like the others.
 */
export function addressBook(cluster: Cluster): Map<string, PodParty> {
  const book = new Map<string, PodParty>();
  for (const pod of cluster.pods) {
    if (pod.hostNetwork) continue; // its address is its node's
    for (const ip of pod.ips)
      book.set(formatIp(ip), { kind: "pod", namespace: pod.namespace, labels: ownLabels(pod.labels) });
  }
  for (const svc of cluster.services) {
    if (!svc.selector) continue;
    for (const ip of svc.clusterIps)
      book.set(formatIp(ip), { kind: "pod", namespace: svc.namespace, labels: { ...svc.selector } });
  }
  return book;
}

/** The groups with every address the book knows replaced by its pod. */
export function nameAddresses(groups: readonly ConnectionGroup[], book: ReadonlyMap<string, PodParty>) {
  const named = (p: ObservedParty): ObservedParty =>
    p.kind === "address" && p.ip ? (book.get(p.ip) ?? p) : p;
  return groups.map((g) => {
    const src = named(g.src);
    const dst = named(g.dst);
    return src === g.src && dst === g.dst ? g : { ...g, src, dst };
  });
}
