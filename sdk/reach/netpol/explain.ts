import { adminRuleText } from "../model/admin";
import type { Direction } from "../model/model";
import { type ConnectionQuery, queryEndpointText, type SideVerdict, type Verdict } from "../model/query";

/**
 * Turns the two side verdicts into the verdict and the one-sentence explanation it carries, so
 * that both evaluators (engine.ts, naive.ts) explain themselves in the same words. Building the
 * verdict is the engine's job, so this lives in netpol/ beside them, not in render/.
 */

function sideText(who: string, direction: Direction, side: SideVerdict, hostNetwork: boolean): string {
  // An own-node exception of the dataplane decides the side whatever the policies say.
  if (side.dataplane) return `${direction} of ${who}: ${side.dataplane}`;
  if (side.admin && side.admin.action !== "Pass")
    return `${direction} of ${who} is ${side.allowed ? "allowed" : "denied"} by ${adminRuleText(side.admin)}`;
  const passed = side.admin
    ? `${adminRuleText(side.admin)} passes ${direction} of ${who} to NetworkPolicies: `
    : "";
  return passed + networkPolicyText(who, direction, side, hostNetwork);
}

/** What a baseline rule does: a Pass (ClusterNetworkPolicy, C07) leaves it to the default, which allows. */
const baselineVerb = (action: string) =>
  action === "Deny" ? "denies" : action === "Pass" ? "passes it to the default, which allows" : "allows";

function networkPolicyText(
  who: string,
  direction: Direction,
  side: SideVerdict,
  hostNetwork: boolean,
): string {
  if (!side.isolated) {
    const tiered = side.admin !== undefined || side.baseline !== undefined;
    const why = hostNetwork
      ? "hostNetwork pods are never selected"
      : `no ${tiered ? "NetworkPolicy" : "policy"} selects it`;
    const baseline = side.baseline
      ? `, so ${adminRuleText(side.baseline)} ${baselineVerb(side.baseline.action)} it`
      : "";
    return `${who} is not isolated for ${direction} (${why})${baseline}`;
  }
  const policies = side.isolatingPolicies.join(", ");
  // Every policy that admits it, not only the first met: the one a reviewer would edit may be another.
  const admitting = side.admittedBy ?? (side.allowedBy ? [side.allowedBy] : []);
  if (admitting.length) {
    const rules = admitting.map(({ policy, rule }) => `${policy} spec.${direction}[${rule}]`);
    return `${direction} of ${who} is allowed by ${rules.join(", ")}`;
  }
  const plural = side.isolatingPolicies.length === 1 ? "policy" : "policies";
  return `${who} is isolated for ${direction} by ${plural} ${policies} and no rule allows it`;
}

/** Combines the sides into a {@link Verdict}; a missing side is an external peer, which has no policy side. */
export function verdictOf(
  q: ConnectionQuery,
  port: number,
  egress: SideVerdict | undefined,
  ingress: SideVerdict | undefined,
  hostNetwork: { from: boolean; to: boolean },
  translation?: string,
): Verdict {
  const allowed = (egress?.allowed ?? true) && (ingress?.allowed ?? true);
  const parts: string[] = [];
  if (egress && (allowed || !egress.allowed))
    parts.push(sideText(queryEndpointText(q.from), "egress", egress, hostNetwork.from));
  if (ingress && (allowed || !ingress.allowed))
    parts.push(sideText(queryEndpointText(q.to), "ingress", ingress, hostNetwork.to));
  const external = !egress ? queryEndpointText(q.from) : !ingress ? queryEndpointText(q.to) : undefined;
  if (allowed && external) parts.push(`the external peer ${external} has no policy side`);
  const target = `${queryEndpointText(q.to)}:${port}/${q.protocol}`;
  if (translation) parts.unshift(translation);
  const reason = `${allowed ? "Allowed" : "Denied"} ${queryEndpointText(q.from)} -> ${target}: ${parts.join("; ")}.`;
  return {
    allowed,
    reason,
    ...(translation ? { translation } : {}),
    ...(egress ? { egress } : {}),
    ...(ingress ? { ingress } : {}),
  };
}

/** The verdict for a pod talking to itself, which no evaluator polices (loopback is out of scope). */
export function loopbackVerdict(q: ConnectionQuery, port: number): Verdict {
  return {
    allowed: true,
    reason: `Allowed ${queryEndpointText(q.from)} -> itself:${port}/${q.protocol}: loopback is out of scope (a pod cannot block access to itself).`,
  };
}
