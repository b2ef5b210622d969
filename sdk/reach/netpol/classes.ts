import { type IpBlock, ipBlockMatches } from "../model/cidr";
import { type Cluster, ipKey, type PodInfo } from "../model/model";
import type { ContainerPort } from "../model/ports";
import type { ReadonlyLabels } from "../model/selectors";
import { ipBlockMatchesNode } from "../model/semantics";

/**
 * Pod equivalence classes: pods that no policy can tell apart (same namespace, labels, container
 * ports, hostNetwork, and the same answer from every ipBlock of the cluster) get the same verdict
 * for every connection, so the engine evaluates one representative per class. A Deployment's
 * replicas collapse into one class; 20,000 pods typically become a few thousand classes.
 */

export interface PodClass {
  readonly id: number;
  readonly namespace: string;
  readonly labels: ReadonlyLabels;
  readonly hostNetwork: boolean;
  readonly ports: readonly ContainerPort[];
  /** Indices (into the block list given to {@link classifyPods}) of the ipBlocks matching the pods' IPs. */
  readonly blocks: readonly number[];
  /** hostNetwork pods whose address is the API server's (Cilium's `kube-apiserver` entity). */
  readonly apiServer: boolean;
  readonly pods: PodInfo[];
}

export interface Classification {
  readonly classes: readonly PodClass[];
  readonly classOf: ReadonlyMap<string, PodClass>;
  /** Class ids per namespace, hostNetwork classes excluded (selectors never see them). */
  readonly selectableByNamespace: ReadonlyMap<string, readonly number[]>;
}

/** A canonical text of a label map (keys sorted). */
export function labelsKey(labels: ReadonlyLabels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

/**
 * Groups pods. A pod matches an ipBlock when any of its IPs does (dual-stack pods have one per
 * family; a block only ever matches addresses of its own family) and the dataplane lets ipBlock
 * see that kind of address: a pod's, or a node's for hostNetwork pods.
 */
export function classifyPods(cluster: Cluster, blocks: readonly IpBlock[]): Classification {
  const byKey = new Map<string, PodClass>();
  const classes: PodClass[] = [];
  const classOf = new Map<string, PodClass>();
  const selectable = new Map<string, number[]>();
  for (const pod of cluster.pods) {
    const matched: number[] = [];
    const dp = cluster.dataplane;
    if (pod.ips.length > 0 && (pod.hostNetwork || dp.ipBlockMatchesPods)) {
      blocks.forEach((block, b) => {
        if (pod.hostNetwork && !ipBlockMatchesNode(dp, block.cidr.prefix)) return;
        if (pod.ips.some((ip) => ipBlockMatches(block, ip))) matched.push(b);
      });
    }
    const apiServer = pod.hostNetwork && pod.ips.some((ip) => cluster.apiServerIps.has(ipKey(ip)));
    const ports = pod.ports.map((p) => `${p.name ?? ""}:${p.port}/${p.protocol}`).join(",");
    const key = `${pod.namespace}\u0000${labelsKey(pod.labels)}\u0000${pod.hostNetwork}\u0000${ports}\u0000${matched.join(",")}\u0000${apiServer}`;
    let cls = byKey.get(key);
    if (!cls) {
      cls = {
        id: classes.length,
        namespace: pod.namespace,
        labels: pod.labels,
        hostNetwork: pod.hostNetwork,
        ports: pod.ports,
        blocks: matched,
        apiServer,
        pods: [],
      };
      byKey.set(key, cls);
      classes.push(cls);
      if (!pod.hostNetwork) {
        const list = selectable.get(pod.namespace) ?? [];
        list.push(cls.id);
        selectable.set(pod.namespace, list);
      }
    }
    cls.pods.push(pod);
    classOf.set(pod.key, cls);
  }
  return { classes, classOf, selectableByNamespace: selectable };
}
