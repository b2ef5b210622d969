import type { PolicyInfo, PolicyRule } from "../model/model";
import type { PolicyPort } from "../model/ports";
import type { DataplaneSemantics } from "../model/semantics";

/**
 * Policies as a dataplane enforces them, rewritten once at load time so that both evaluators and
 * every query see the same thing: `endPort` dropped where it is not enforced (a range is then its
 * first port, U5), named ports dropped for ipBlock peers and peer-less rules (EKS), or whole
 * policies with a named port ignored (Weave). Rules keep their original position for explanations.
 */
export function dataplanePolicies(policies: PolicyInfo[], dp: DataplaneSemantics): PolicyInfo[] {
  if (dp.endPort && dp.namedPorts === "all") return policies;
  const named = (p: PolicyPort) => typeof p.port === "string";
  const rulesOf = (p: PolicyInfo) => [...(p.ingress ?? []), ...(p.egress ?? [])];
  const kept =
    dp.namedPorts === "reject-policy"
      ? policies.filter((p) => !rulesOf(p).some((r) => r.ports?.some(named)))
      : policies;
  const rewrite = (rules: readonly PolicyRule[] | undefined) =>
    rules?.flatMap((rule, index) => {
      const ports = dp.endPort ? rule.ports : rule.ports?.map(({ endPort: _, ...p }) => p);
      const at = { ...rule, index: rule.index ?? index, ...(ports ? { ports } : {}) };
      if (dp.namedPorts !== "pod-peers" || !ports?.some(named)) return [at];
      // The EKS controller cannot resolve a named port for a CIDR, so it keeps the numeric ports
      // for ipBlock peers (and for a peer-less rule, which it turns into 0.0.0.0/0) and skips
      // the peer when none are left.
      const numeric = ports.filter((p) => !named(p));
      const podPeers = rule.peers?.filter((p) => p.kind !== "ipBlock") ?? [];
      const ipPeers = rule.peers ? rule.peers.filter((p) => p.kind === "ipBlock") : undefined;
      const out: PolicyRule[] = [];
      if (podPeers.length) out.push({ ...at, peers: podPeers });
      if (numeric.length && (ipPeers === undefined || ipPeers.length))
        out.push({ ...at, ...(ipPeers ? { peers: ipPeers } : {}), ports: numeric });
      return out;
    });
  return kept.map((p) => ({
    ...p,
    ...(p.ingress ? { ingress: rewrite(p.ingress) } : {}),
    ...(p.egress ? { egress: rewrite(p.egress) } : {}),
  }));
}
