/**
 * How a dataplane enforces NetworkPolicies where upstream leaves the behaviour open or CNIs
 * deviate from it. The engine reads these switches; `sdk/dataplane` fills them per CNI, each with
 * its source. {@link UPSTREAM} is the documented semantics the rule catalogue (R01-R37) describes.
 */
export interface DataplaneSemantics {
  /** A short name for explanations, e.g. `cilium 1.15`. */
  readonly name: string;
  /** Whether ipBlock matches the addresses of (non-hostNetwork) pods (R24; Cilium: never). */
  readonly ipBlockMatchesPods: boolean;
  /**
   * Whether ipBlock matches node addresses (hostNetwork pods, Node objects): `always`, `never`
   * (Cilium's default), or `except-wildcard` (Cilium's `nodes` mode, where a `/0` block still
   * does not match nodes, cilium#47827).
   */
  readonly ipBlockMatchesNodes: "always" | "never" | "except-wildcard";
  /**
   * Service ClusterIPs in egress: `unmodelled` (an address is an address, as upstream's scope),
   * `translated` (judged after DNAT, at the backend and its target port) or `untranslated` (judged
   * before DNAT: ipBlock sees the ClusterIP, pod peers admit it only when their selector matches
   * the Service's, as the EKS agent does).
   */
  readonly serviceAddresses: "unmodelled" | "translated" | "untranslated";
  /** Egress to the pod's own node: judged by policy, or `always` allowed (EKS, Weave). */
  readonly egressToOwnNode: "policy" | "always";
  /** Ingress from the pod's own node: `unmodelled` (semantics rule 4) or `always` allowed (U4). */
  readonly ingressFromOwnNode: "unmodelled" | "always";
  /** Whether `endPort` is enforced; otherwise a range is only its first port (U5). */
  readonly endPort: boolean;
  /**
   * Named ports: `all` (R29), `pod-peers` (dropped for ipBlock peers and peer-less rules, as the
   * EKS controller does), or `reject-policy` (a policy with a named port is ignored, Weave).
   */
  readonly namedPorts: "all" | "pod-peers" | "reject-policy";
  /** Whether CiliumNetworkPolicies (egress `toEntities`) are read and enforced. */
  readonly ciliumPolicies: boolean;
}

export const UPSTREAM: DataplaneSemantics = {
  name: "upstream",
  ipBlockMatchesPods: true,
  ipBlockMatchesNodes: "always",
  serviceAddresses: "unmodelled",
  egressToOwnNode: "policy",
  ingressFromOwnNode: "unmodelled",
  endPort: true,
  namedPorts: "all",
  ciliumPolicies: false,
};

/** Whether an ipBlock with this prefix length matches a node address on the dataplane. */
export function ipBlockMatchesNode(semantics: DataplaneSemantics, prefix: number): boolean {
  const mode = semantics.ipBlockMatchesNodes;
  return mode === "always" || (mode === "except-wildcard" && prefix > 0);
}
