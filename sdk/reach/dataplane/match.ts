import { type IpAddress, ipBlockMatches } from "../model/cidr";
import {
  type Cluster,
  type EntityPeer,
  ipKey,
  type Peer,
  type PodInfo,
  type ServiceInfo,
} from "../model/model";
import type { SideVerdict } from "../model/query";
import { ipBlockMatchesNode, UPSTREAM } from "../model/semantics";

/**
 * Peer matching where dataplanes differ: ipBlock against pod and node addresses, Cilium entities,
 * Service addresses judged before DNAT, and the own-node exceptions. Shared by both evaluators.
 */

/** Whether an ipBlock peer sees this pod's addresses: pods and nodes as the dataplane allows (R24, R37). */
export function ipBlockAdmitsPod(peer: Peer & { kind: "ipBlock" }, pod: PodInfo, cluster: Cluster): boolean {
  const dp = cluster.dataplane;
  const visible = pod.hostNetwork ? ipBlockMatchesNode(dp, peer.block.cidr.prefix) : dp.ipBlockMatchesPods;
  return visible && pod.ips.some((ip) => ipBlockMatches(peer.block, ip));
}

/**
 * Cilium entities over pods: every pod is in `cluster`, hostNetwork pods are node traffic (`host`
 * or `remote-node`: pods do not say which node asks, so both), and the API server's static pods are
 * `kube-apiserver`.
 */
export function entityAdmitsPod(peer: EntityPeer, pod: PodInfo, cluster: Cluster): boolean {
  switch (peer.entity) {
    case "all":
    case "cluster":
      return true;
    case "host":
    case "remote-node":
      return pod.hostNetwork;
    case "kube-apiserver":
      return pod.hostNetwork && pod.ips.some((ip) => cluster.apiServerIps.has(ipKey(ip)));
    case "world":
      return false;
  }
}

/**
 * Whether one peer admits an address that is no pod's: ipBlocks by address, where the dataplane
 * lets them see node addresses; entities by what the address is; pod selectors never (R26).
 */
export function peerAdmitsAddress(
  peer: Peer,
  ip: IpAddress,
  cluster?: Cluster,
  ownNode?: IpAddress,
): boolean {
  const node = cluster?.nodeIps.has(ipKey(ip)) ?? false;
  if (peer.kind === "ipBlock")
    return (
      (!node || ipBlockMatchesNode(cluster?.dataplane ?? UPSTREAM, peer.block.cidr.prefix)) &&
      ipBlockMatches(peer.block, ip)
    );
  if (peer.kind === "pods") return false;
  switch (peer.entity) {
    case "all":
      return true;
    case "world":
      return !node;
    case "cluster":
    case "remote-node":
      return node;
    case "host":
      return ownNode !== undefined && ipKey(ownNode) === ipKey(ip);
    case "kube-apiserver":
      return cluster?.apiServerIps.has(ipKey(ip)) ?? false;
  }
}

/**
 * Before DNAT (the EKS agent), egress to a Service address is judged on the ClusterIP: ipBlocks
 * see that address, and a pod peer admits it only when its selector matches the Service's own
 * selector in the Service's namespace (amazon-network-policy-controller-k8s endpoints.go).
 */
export function peerAdmitsServiceAddress(
  peer: Peer,
  service: ServiceInfo,
  ip: IpAddress,
  cluster: Cluster,
  policyNamespace: string,
): boolean {
  if (peer.kind !== "pods") return peerAdmitsAddress(peer, ip, cluster);
  if (!service.selector) return false;
  const ns = cluster.namespaces.get(service.namespace);
  const nsOk = peer.namespaceSelector
    ? ns !== undefined && peer.namespaceSelector.matches(ns.labels)
    : service.namespace === policyNamespace;
  return nsOk && peer.podSelector.matches(service.selector);
}

const sameAddress = (a: IpAddress | undefined, b: readonly IpAddress[]) =>
  a !== undefined && b.some((ip) => ip.family === a.family && ip.value === a.value);

/** The addresses of an endpoint as node traffic: an address, or a hostNetwork pod's. */
const nodeAddresses = (e: { pod: PodInfo } | { ip: IpAddress }) =>
  "ip" in e ? [e.ip] : e.pod.hostNetwork ? e.pod.ips : [];

/**
 * The own-node exceptions: egress from a pod to its own node is always allowed on EKS and Weave;
 * ingress from the pod's own node is always allowed wherever the dataplane is modelled (U4). A
 * side the policies deny is allowed, with the dataplane as the reason, when one applies.
 */
export function withOwnNode(
  cluster: Cluster,
  direction: "ingress" | "egress",
  self: PodInfo,
  peer: { pod: PodInfo } | { ip: IpAddress },
  side: SideVerdict,
): SideVerdict {
  const dp = cluster.dataplane;
  const applies =
    direction === "egress" ? dp.egressToOwnNode === "always" : dp.ingressFromOwnNode === "always";
  if (side.allowed || !applies || !sameAddress(self.hostIp, nodeAddresses(peer))) return side;
  const what = direction === "egress" ? "egress to its own node" : "ingress from its own node";
  return { ...side, allowed: true, dataplane: `${what} is always allowed on ${dp.name}` };
}
