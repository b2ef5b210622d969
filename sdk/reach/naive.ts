import { type AdminRuleRef, adminRuleRef, adminRulesOf, adminSelectsPod, tieredSide } from "./admin-model";
import { ipBlockMatches } from "./cidr";
import { loopbackVerdict, verdictOf } from "./explain";
import {
  type Cluster,
  type Direction,
  type PodInfo,
  type PolicyRule,
  policySelectsPod,
  rulesOf,
} from "./model";
import { portsMatch } from "./ports";
import type { ConnectionQuery, SideVerdict, Verdict } from "./query";
import { type ResolvedEndpoint, resolveQuery } from "./resolve";

/**
 * A deliberately naive evaluator: for every connection it scans every policy of the cluster and
 * evaluates every selector from scratch. It reads like the semantics document, which makes it the
 * test oracle for {@link ReachabilityEngine}, and the baseline of the benchmark.
 */

function peerMatches(
  cluster: Cluster,
  policyNamespace: string,
  peers: PolicyRule["peers"],
  other: ResolvedEndpoint,
): boolean {
  if (!peers) return true; // R07: no peers = every peer
  return peers.some((peer) => {
    if (peer.kind === "ipBlock") {
      const ips = "pod" in other ? other.pod.ips : [other.ip];
      return ips.some((ip) => ipBlockMatches(peer.block, ip)); // R24, R25, R37
    }
    if (!("pod" in other) || other.pod.hostNetwork) return false; // R26, R37
    const pod = other.pod;
    const nsOk = peer.namespaceSelector
      ? peer.namespaceSelector.matches(cluster.namespaces.get(pod.namespace)!.labels) // R14, R16, R23
      : pod.namespace === policyNamespace; // R13
    return nsOk && peer.podSelector.matches(pod.labels); // R15
  });
}

function naiveSide(
  cluster: Cluster,
  self: PodInfo,
  direction: Direction,
  other: ResolvedEndpoint,
  port: number,
  protocol: ConnectionQuery["protocol"],
  destinationPorts: PodInfo["ports"] | undefined,
): SideVerdict {
  const isolatingPolicies: string[] = [];
  let allowedBy: SideVerdict["allowedBy"];
  for (const policy of cluster.policies) {
    const rules = rulesOf(policy, direction);
    if (!rules || !policySelectsPod(policy, self)) continue;
    isolatingPolicies.push(policy.key);
    rules.forEach((rule, i) => {
      if (allowedBy) return;
      if (
        peerMatches(cluster, policy.namespace, rule.peers, other) &&
        portsMatch(rule.ports, port, protocol, destinationPorts)
      ) {
        allowedBy = { policy: policy.key, rule: i };
      }
    });
  }
  const isolated = isolatingPolicies.length > 0;
  const np = {
    isolated,
    isolatingPolicies,
    ...(allowedBy ? { allowedBy } : {}),
    allowed: !isolated || allowedBy !== undefined,
  };
  if (!cluster.admin) return np;
  const { policies, baseline } = cluster.admin;
  const nsLabels = cluster.namespaces.get(self.namespace)!.labels;
  const matching = (policy: (typeof policies)[number]) =>
    adminRulesOf(policy, direction)?.find(
      (rule) =>
        peerMatches(cluster, "", rule.peers, other) &&
        portsMatch(rule.ports, port, protocol, destinationPorts),
    );
  // A02-A04: policies in priority order (ties by name), rules in written order; the first match decides.
  const selecting = policies.filter((p) => adminRulesOf(p, direction) && adminSelectsPod(p, self, nsLabels));
  let decided: AdminRuleRef | undefined;
  for (const policy of selecting) {
    const rule = matching(policy);
    if (!rule) continue;
    const ambiguous = selecting.flatMap((other) => {
      const theirs = other !== policy && other.priority === policy.priority ? matching(other) : undefined;
      return theirs && theirs.action !== rule.action ? [`${other.name} (${theirs.action})`] : [];
    });
    decided = adminRuleRef(policy, direction, rule, ambiguous);
    break;
  }
  return tieredSide(np, decided, () => {
    const rule = baseline && adminSelectsPod(baseline, self, nsLabels) ? matching(baseline) : undefined;
    return rule ? adminRuleRef(baseline!, direction, rule) : undefined;
  });
}

/** Evaluates one connection by scanning every policy. Same contract as {@link ReachabilityEngine.check}. */
export function naiveCheck(cluster: Cluster, q: ConnectionQuery): Verdict {
  const r = resolveQuery(cluster, q);
  if ("pod" in r.from && "pod" in r.to && r.from.pod === r.to.pod) return loopbackVerdict(q, r.port);
  const dstPorts = "pod" in r.to ? r.to.pod.ports : undefined;
  const egress =
    "pod" in r.from
      ? naiveSide(cluster, r.from.pod, "egress", r.to, r.port, r.protocol, dstPorts)
      : undefined;
  const ingress =
    "pod" in r.to ? naiveSide(cluster, r.to.pod, "ingress", r.from, r.port, r.protocol, dstPorts) : undefined;
  return verdictOf(q, r.port, egress, ingress, {
    from: "pod" in r.from && r.from.pod.hostNetwork,
    to: "pod" in r.to && r.to.pod.hostNetwork,
  });
}

export interface NaiveCount {
  allowed: number;
  denied: number;
  /** Sources evaluated; less than the pod count when a deadline stopped the run. */
  sourcesDone: number;
}

/**
 * Counts allowed and denied (source pod, destination pod, destination container port) triples,
 * source != destination, by checking each triple naively. `deadline` (ms since epoch) stops early.
 */
export function naiveMatrixCount(cluster: Cluster, deadline = Number.POSITIVE_INFINITY): NaiveCount {
  let allowed = 0;
  let denied = 0;
  let sourcesDone = 0;
  for (const src of cluster.pods) {
    if (Date.now() > deadline) break;
    for (const dst of cluster.pods) {
      if (dst === src) continue;
      for (const p of dst.ports) {
        const v = naiveCheck(cluster, {
          from: { pod: src.key },
          to: { pod: dst.key },
          port: p.port,
          protocol: p.protocol,
        });
        if (v.allowed) allowed++;
        else denied++;
      }
    }
    sourcesDone++;
  }
  return { allowed, denied, sourcesDone };
}
