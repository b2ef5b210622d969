import type { IpAddress, IpBlock } from "./cidr";
import type { ContainerPort, PolicyPort, Protocol } from "./ports";
import type { ReadonlyLabels, Selector } from "./selectors";
import type { DataplaneSemantics } from "./semantics";

/**
 * The engine's view of a cluster: only what NetworkPolicy semantics depend on, already validated
 * and defaulted, so the evaluators never look at raw Kubernetes objects. The admin tiers' and
 * Nodes' types are here too, since the cluster holds them and their rules are NetworkPolicy rules
 * (how the tiers decide is admin.ts).
 */

/** A raw Kubernetes object as read from YAML or JSON. */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

export type Direction = "ingress" | "egress";

export interface NamespaceInfo {
  readonly name: string;
  /** Labels, including the automatic `kubernetes.io/metadata.name` (R23). */
  readonly labels: ReadonlyLabels;
}

export interface PodInfo {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: ReadonlyLabels;
  /** `status.podIPs`/`status.podIP`; empty when the pod has none (then no ipBlock matches it). */
  readonly ips: readonly IpAddress[];
  /** hostNetwork pods are invisible to selectors and matched by ipBlock on their (node) IP (R37). */
  readonly hostNetwork: boolean;
  /** `status.hostIP`: the pod's node, for the own-node rules of a dataplane. */
  readonly hostIp?: IpAddress;
  /** Container ports, de-duplicated, sorted by protocol then number. */
  readonly ports: readonly ContainerPort[];
  /** `spec.nodeName`: a host-network pod has its node's addresses (A19). */
  readonly nodeName?: string;
  /** The file the pod came from, for messages. */
  readonly source: string;
  /**
   * Set when the pod stands for a workload's pods (read from its template): `name` is then
   * `<kind>/<name>` in lower case, e.g. `deployment/web`, so the key reads `shop/deployment/web`.
   */
  readonly workload?: { readonly kind: string; readonly name: string };
}

/** A peer that selects pods (R13-R16); never matches external addresses (R26). */
export interface PodPeer {
  readonly kind: "pods";
  /** `undefined`: the policy's own namespace (R13). */
  readonly namespaceSelector?: Selector;
  readonly podSelector: Selector;
  /** Canonical text, a cache key together with the policy's namespace. */
  readonly key: string;
}

export interface IpBlockPeer {
  readonly kind: "ipBlock";
  readonly block: IpBlock;
  readonly key: string;
}

/** A Cilium entity (`toEntities`), read from CiliumNetworkPolicies on a Cilium dataplane. */
export interface EntityPeer {
  readonly kind: "entity";
  readonly entity: "all" | "world" | "cluster" | "host" | "remote-node" | "kube-apiserver";
  readonly key: string;
}

export type Peer = PodPeer | IpBlockPeer | EntityPeer;

/** One ingress or egress rule: peers AND ports (R11). */
export interface PolicyRule {
  /** `undefined`: `from`/`to` missing or empty, every peer including external ones (R07). */
  readonly peers?: readonly Peer[];
  /** `undefined`: `ports` missing or empty, every port and protocol. */
  readonly ports?: readonly PolicyPort[];
  /** Position in the object's own rule list, when a dataplane split or dropped rules. */
  readonly index?: number;
}

export interface PolicyInfo {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: Selector;
  /** Rules for a direction in the effective `policyTypes` (R08, R09); `undefined` when the policy does not affect it. */
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
  readonly source: string;
}

/**
 * The admin tiers: the engine's view of AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1) and ClusterNetworkPolicy (v1alpha2), rules A01-A26 of
 * `docs/admin-network-policy.md`. Peers are the NetworkPolicy peer types: `namespaces` and `pods`
 * become pod peers that always carry a namespace selector, `networks` and `nodes` become ipBlock
 * peers without `except` (the nodes' addresses), so both evaluators match them with the code they
 * already trust for NetworkPolicies.
 */

/** A rule's action; a ClusterNetworkPolicy's `Accept` is read as `Allow` (shown as written). */
export type AdminAction = "Allow" | "Deny" | "Pass";
export type AdminKind = "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy" | "ClusterNetworkPolicy";
/** The tier of a ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, `spec.tier`). */
export type AdminTier = "Admin" | "Baseline";

/** One rule; `peers` `[]` matches nothing, `undefined` every peer (only a fail-closed rule, A25). */
export interface AdminRule extends PolicyRule {
  /** Position in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  readonly name?: string;
  readonly action: AdminAction;
  /** A25: the rule had a peer of an unknown type and now denies everything. */
  readonly failClosed?: boolean;
}

export interface AdminPolicyInfo {
  readonly kind: AdminKind;
  readonly name: string;
  /** AdminNetworkPolicy and ClusterNetworkPolicy (A02, C02). */
  readonly priority?: number;
  /** ClusterNetworkPolicy only: `Admin` (before NetworkPolicies) or `Baseline` (after them). */
  readonly tier?: AdminTier;
  /** A13: pods of namespaces matching `namespaceSelector` whose labels match `podSelector`. */
  readonly subject: { readonly namespaceSelector: Selector; readonly podSelector: Selector };
  /** `undefined` when the policy has no rules in that direction (A12). */
  readonly ingress?: readonly AdminRule[];
  readonly egress?: readonly AdminRule[];
  readonly source: string;
}

export interface NodeInfo {
  readonly name: string;
  readonly labels: ReadonlyLabels;
  /** `InternalIP` and `ExternalIP` entries of `status.addresses` (A19). */
  readonly addresses: readonly IpAddress[];
}

/** The admin tiers of a cluster; absent when the input has no admin policy of any kind. */
export interface AdminTiers {
  /**
   * The Admin tier in precedence order: AdminNetworkPolicies and Admin-tier ClusterNetworkPolicies,
   * by priority, then name (A02, A03, C02).
   */
  readonly policies: readonly AdminPolicyInfo[];
  /**
   * The Baseline tier in precedence order: Baseline-tier ClusterNetworkPolicies by priority, then
   * name (C02), then the BaselineAdminNetworkPolicy `default` (A24) when the input has one.
   */
  readonly baselines: readonly AdminPolicyInfo[];
}

/** A rule that matched a connection: which tier, policy and rule, and what it did. */
export interface AdminRuleRef {
  readonly kind: AdminKind;
  readonly policy: string;
  readonly priority?: number;
  readonly direction: Direction;
  readonly rule: number;
  readonly name?: string;
  readonly action: AdminAction;
  /** A03: policies at the same priority whose first matching rule acts differently, e.g. `other (Deny)`. */
  readonly ambiguousWith?: readonly string[];
  /** ClusterNetworkPolicy only: its tier. */
  readonly tier?: AdminTier;
}

export interface Cluster {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly pods: readonly PodInfo[];
  readonly podsByKey: ReadonlyMap<string, PodInfo>;
  readonly policies: readonly PolicyInfo[];
  /** AdminNetworkPolicies and the BaselineAdminNetworkPolicy; absent when the input has none. */
  readonly admin?: AdminTiers;
  /** Node objects, by name, for `nodes` peers (A19). */
  readonly nodes?: ReadonlyMap<string, NodeInfo>;
  /** How the dataplane enforces the policies. */
  readonly dataplane: DataplaneSemantics;
  /** Node addresses (Node objects, hostNetwork pods, pods' hostIP), as {@link ipKey}s. */
  readonly nodeIps: ReadonlySet<string>;
  /** The API server's addresses (Endpoints default/kubernetes, kube-apiserver static pods), as {@link ipKey}s. */
  readonly apiServerIps: ReadonlySet<string>;
  /** Services with ClusterIPs, for dataplanes that model Service addresses. */
  readonly services: readonly ServiceInfo[];
}

/** A Service port and where it leads. */
export interface ServicePortInfo {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly targetPort: number | string;
}

export interface ServiceInfo {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly clusterIps: readonly IpAddress[];
  /** `undefined`: a Service without a selector (its endpoints are managed by hand, as `kubernetes`'). */
  readonly selector?: ReadonlyLabels;
  readonly ports: readonly ServicePortInfo[];
  /** Endpoint addresses with their ports by name, from the Service's Endpoints object. */
  readonly endpoints: readonly { readonly ip: IpAddress; readonly ports: readonly ServicePortInfo[] }[];
}

/** A map key for an address. */
export const ipKey = (ip: IpAddress) => `${ip.family}/${ip.value}`;

/** The rules of a policy for a direction, `undefined` when it does not affect that direction. */
export function rulesOf(policy: PolicyInfo, direction: Direction): readonly PolicyRule[] | undefined {
  return direction === "ingress" ? policy.ingress : policy.egress;
}

/** Whether a policy selects a pod (R02-R04, R37): its own namespace, its selector, never hostNetwork pods. */
export function policySelectsPod(policy: PolicyInfo, pod: PodInfo): boolean {
  return !pod.hostNetwork && pod.namespace === policy.namespace && policy.podSelector.matches(pod.labels);
}

/** An object (or a group of them) left out of the answer, named for stderr. */
export interface SkippedObjects {
  /** `CiliumNetworkPolicy (cilium.io)`, or `document without kind`. */
  readonly what: string;
  /** `file: namespace/name` of each object. */
  readonly objects: string[];
  readonly leavesOut: string;
  /** The objects are read, but part of what they say cannot be evaluated (not "not modelled, skipped"). */
  readonly partly?: boolean;
  /**
   * A network plugin's own policies (Cilium, Calico, Antrea): they may open or close any
   * connection, so an answer without them proves nothing about the pods they select.
   */
  readonly policies?: boolean;
}
