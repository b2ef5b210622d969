import type { IpAddress } from "./cidr";
import type { Direction, PodInfo, PolicyRule } from "./model";
import type { SideVerdict } from "./query";
import type { ReadonlyLabels, Selector } from "./selectors";

/**
 * The engine's view of AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1), rules A01-A26 of `docs/admin-network-policy.md`. Peers are
 * the NetworkPolicy peer types: `namespaces` and `pods` become pod peers that always carry a
 * namespace selector, `networks` and `nodes` become ipBlock peers without `except` (the nodes'
 * addresses), so both evaluators match them with the code they already trust for NetworkPolicies.
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

/** Whether a decided rule lets the connection through on its side: Allow/Accept, or a baseline Pass (C07). */
export const adminAllows = (ref: AdminRuleRef) => ref.action !== "Deny";

/** The action as the object writes it: a ClusterNetworkPolicy accepts where the v1alpha1 kinds allow. */
export const actionText = (kind: AdminKind, action: AdminAction) =>
  kind === "ClusterNetworkPolicy" && action === "Allow" ? "Accept" : action;

export function adminRulesOf(
  policy: AdminPolicyInfo,
  direction: Direction,
): readonly AdminRule[] | undefined {
  return direction === "ingress" ? policy.ingress : policy.egress;
}

/** A13, A14: whether a policy's subject is the pod; host-network pods never are. */
export function adminSelectsPod(
  policy: AdminPolicyInfo,
  pod: PodInfo,
  namespaceLabels: ReadonlyLabels,
): boolean {
  return (
    !pod.hostNetwork &&
    policy.subject.namespaceSelector.matches(namespaceLabels) &&
    policy.subject.podSelector.matches(pod.labels)
  );
}

export function adminRuleRef(
  policy: AdminPolicyInfo,
  direction: Direction,
  rule: AdminRule,
  ambiguousWith: readonly string[] = [],
): AdminRuleRef {
  return {
    kind: policy.kind,
    policy: policy.name,
    ...(policy.priority !== undefined ? { priority: policy.priority } : {}),
    direction,
    rule: rule.index,
    ...(rule.name ? { name: rule.name } : {}),
    action: rule.action,
    ...(ambiguousWith.length > 0 ? { ambiguousWith } : {}),
    ...(policy.tier !== undefined ? { tier: policy.tier } : {}),
  };
}

/** `AdminNetworkPolicy deny-all priority 10 rule "deny-web" (ingress[0])`. */
export function adminRuleText(ref: AdminRuleRef): string {
  const priority = ref.priority !== undefined ? ` priority ${ref.priority}` : "";
  const where = `${ref.direction}[${ref.rule}]`;
  const rule = ref.name ? `rule ${JSON.stringify(ref.name)} (${where})` : `rule ${where}`;
  const ambiguous = ref.ambiguousWith
    ? ` (ambiguous: ${ref.ambiguousWith.join(", ")} also at priority ${ref.priority}, and the API leaves their order undefined)`
    : "";
  const tier = ref.tier !== undefined ? ` (${ref.tier} tier, ${actionText(ref.kind, ref.action)})` : "";
  return `${ref.kind} ${ref.policy}${tier}${priority} ${rule}${ambiguous}`;
}

/**
 * A01, A05-A11, C01-C08: one side's verdict from its tiers. `admin` is the first matching Admin-tier
 * rule, `np` the NetworkPolicy verdict, `baseline` finds the first matching Baseline-tier rule; it
 * is only asked for a pod no NetworkPolicy isolates. A baseline `Pass` (ClusterNetworkPolicy only)
 * hands the connection to the default, which allows it (C07).
 */
export function tieredSide(
  np: SideVerdict,
  admin: AdminRuleRef | undefined,
  baseline: () => AdminRuleRef | undefined,
): SideVerdict {
  if (admin && admin.action !== "Pass") {
    const { isolated, isolatingPolicies } = np;
    return { isolated, isolatingPolicies, admin, allowed: admin.action === "Allow" };
  }
  const passed = admin ? { admin } : {};
  const decided = np.isolated ? undefined : baseline();
  if (!decided) return { ...np, ...passed };
  return { ...np, ...passed, baseline: decided, allowed: adminAllows(decided) };
}
