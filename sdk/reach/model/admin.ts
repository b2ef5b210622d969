import type {
  AdminAction,
  AdminKind,
  AdminPolicyInfo,
  AdminRule,
  AdminRuleRef,
  Direction,
  PodInfo,
} from "./model";
import type { SideVerdict } from "./query";
import type { ReadonlyLabels } from "./selectors";

/**
 * How the admin tiers decide (rules A01-A26 of `docs/admin-network-policy.md`, C01-C08 for
 * ClusterNetworkPolicy): a policy's subject, the rule that matched and its text, and one side's
 * verdict from the tiers, shared by both evaluators. Their types are part of the cluster model
 * (model.ts), which holds the tiers.
 */

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
