import {
  entityAdmitsPod,
  ipBlockAdmitsPod,
  peerAdmitsAddress,
  peerAdmitsServiceAddress,
  withOwnNode,
} from "../dataplane/match";
import { adminRuleRef, adminRulesOf, adminSelectsPod, tieredSide } from "../model/admin";
import {
  type AdminRuleRef,
  type Cluster,
  type Direction,
  type PodInfo,
  type PolicyRule,
  policySelectsPod,
  rulesOf,
} from "../model/model";
import { portsMatch } from "../model/ports";
import type { ConnectionQuery, SideVerdict, Verdict } from "../model/query";
import { loopbackVerdict, verdictOf } from "./explain";
import { type ResolvedEndpoint, type ResolvedQuery, resolveQuery } from "./resolve";

/**
 * A deliberately naive evaluator: for every connection it scans every policy of the cluster and
 * evaluates every selector from scratch. It reads like the semantics document, which makes it the
 * test oracle for {@link ReachabilityEngine}, and the baseline of the benchmark.
 */

function peerMatches(
  cluster: Cluster,
  self: PodInfo,
  policyNamespace: string,
  peers: PolicyRule["peers"],
  other: ResolvedEndpoint,
  service: ResolvedQuery["service"],
): boolean {
  if (!peers) return true; // R07: no peers = every peer
  return peers.some((peer) => {
    if (service)
      return peerAdmitsServiceAddress(peer, service.service, service.address, cluster, policyNamespace);
    if (!("pod" in other)) return peerAdmitsAddress(peer, other.ip, cluster, self.hostIp); // R24, R25, R26
    if (peer.kind === "ipBlock") return ipBlockAdmitsPod(peer, other.pod, cluster); // R24, R37
    if (peer.kind === "entity") return entityAdmitsPod(peer, other.pod, cluster);
    if (other.pod.hostNetwork) return false; // R37
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
  service?: ResolvedQuery["service"],
): SideVerdict {
  const isolatingPolicies: string[] = [];
  const admittedBy: NonNullable<SideVerdict["admittedBy"]> = [];
  for (const policy of cluster.policies) {
    const rules = rulesOf(policy, direction);
    if (!rules || !policySelectsPod(policy, self)) continue;
    isolatingPolicies.push(policy.key);
    const i = rules.findIndex(
      (rule) =>
        peerMatches(cluster, self, policy.namespace, rule.peers, other, service) &&
        portsMatch(
          rule.ports,
          service?.servicePort ?? port,
          protocol,
          service ? undefined : destinationPorts,
        ),
    );
    if (i >= 0) admittedBy.push({ policy: policy.key, rule: rules[i].index ?? i });
  }
  const isolated = isolatingPolicies.length > 0;
  const np = {
    isolated,
    isolatingPolicies,
    ...(admittedBy.length ? { allowedBy: admittedBy[0], admittedBy } : {}),
    allowed: !isolated || admittedBy.length > 0,
  };
  if (!cluster.admin) return service ? np : withOwnNode(cluster, direction, self, other, np);
  const { policies, baselines } = cluster.admin;
  const nsLabels = cluster.namespaces.get(self.namespace)!.labels;
  // Admin rules see what the source's egress sees: before DNAT, the Service address and port.
  const seen: ResolvedEndpoint = service ? { ip: service.address } : other;
  const matching = (policy: (typeof policies)[number]) =>
    adminRulesOf(policy, direction)?.find(
      (rule) =>
        peerMatches(cluster, self, "", rule.peers, seen, undefined) &&
        portsMatch(
          rule.ports,
          service?.servicePort ?? port,
          protocol,
          service ? undefined : destinationPorts,
        ),
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
  const tiered = tieredSide(np, decided, () => {
    for (const baseline of baselines) {
      const rule = adminSelectsPod(baseline, self, nsLabels) ? matching(baseline) : undefined;
      if (rule) return adminRuleRef(baseline, direction, rule);
    }
    return undefined;
  });
  return service ? tiered : withOwnNode(cluster, direction, self, other, tiered);
}

/** Evaluates one connection by scanning every policy. Same contract as {@link ReachabilityEngine.check}. */
export function naiveCheck(cluster: Cluster, q: ConnectionQuery): Verdict {
  const r = resolveQuery(cluster, q);
  if ("pod" in r.from && "pod" in r.to && r.from.pod === r.to.pod) return loopbackVerdict(q, r.port);
  const dstPorts = "pod" in r.to ? r.to.pod.ports : undefined;
  const egress =
    "pod" in r.from
      ? naiveSide(cluster, r.from.pod, "egress", r.to, r.port, r.protocol, dstPorts, r.service)
      : undefined;
  const ingress =
    "pod" in r.to ? naiveSide(cluster, r.to.pod, "ingress", r.from, r.port, r.protocol, dstPorts) : undefined;
  const shown = r.translation ? Number(q.port) : r.port;
  const hostNetwork = {
    from: "pod" in r.from && r.from.pod.hostNetwork,
    to: "pod" in r.to && r.to.pod.hostNetwork,
  };
  return verdictOf(q, shown, egress, ingress, hostNetwork, r.translation);
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
