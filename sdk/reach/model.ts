import type { AdminTiers, NodeInfo } from "./admin-model";
import type { IpAddress, IpBlock } from "./cidr";
import type { ContainerPort, PortRule } from "./ports";
import type { Labels, Selector } from "./selectors";

/**
 * The engine's view of a cluster: only what NetworkPolicy semantics depend on, already validated
 * and defaulted, so the evaluators never look at raw Kubernetes objects.
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
  readonly labels: Labels;
}

export interface PodInfo {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** `status.podIPs`/`status.podIP`; empty when the pod has none (then no ipBlock matches it). */
  readonly ips: readonly IpAddress[];
  /** hostNetwork pods are invisible to selectors and matched by ipBlock on their (node) IP (R37). */
  readonly hostNetwork: boolean;
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

export type Peer = PodPeer | IpBlockPeer;

/** One ingress or egress rule: peers AND ports (R11). */
export interface PolicyRule {
  /** `undefined`: `from`/`to` missing or empty, every peer including external ones (R07). */
  readonly peers?: readonly Peer[];
  /** `undefined`: `ports` missing or empty, every port and protocol. */
  readonly ports?: readonly PortRule[];
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

export interface Cluster {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly pods: readonly PodInfo[];
  readonly podsByKey: ReadonlyMap<string, PodInfo>;
  readonly policies: readonly PolicyInfo[];
  /** AdminNetworkPolicies and the BaselineAdminNetworkPolicy; absent when the input has none. */
  readonly admin?: AdminTiers;
  /** Node objects, by name, for `nodes` peers (A19). */
  readonly nodes?: ReadonlyMap<string, NodeInfo>;
}

/** The rules of a policy for a direction, `undefined` when it does not affect that direction. */
export function rulesOf(policy: PolicyInfo, direction: Direction): readonly PolicyRule[] | undefined {
  return direction === "ingress" ? policy.ingress : policy.egress;
}

/** Whether a policy selects a pod (R02-R04, R37): its own namespace, its selector, never hostNetwork pods. */
export function policySelectsPod(policy: PolicyInfo, pod: PodInfo): boolean {
  return !pod.hostNetwork && pod.namespace === policy.namespace && policy.podSelector.matches(pod.labels);
}
