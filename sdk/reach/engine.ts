import { adminSide } from "./admin-index";
import type { PodClass } from "./classes";
import { loopbackVerdict, verdictOf } from "./explain";
import { computeMatrix, type MatrixOptions, type ReachMatrix } from "./matrix";
import type { Cluster, Direction, PodInfo } from "./model";
import { buildPolicyIndex, type PolicyIndex, ruleAdmitsPeer } from "./policy-index";
import { portsMatch } from "./ports";
import type { ConnectionQuery, SideVerdict, Verdict } from "./query";
import { type ResolvedEndpoint, type ResolvedQuery, resolveQuery } from "./resolve";

/**
 * The fast evaluator. Construction precomputes a {@link PolicyIndex}; a check then looks only at
 * the policies isolating the two pods' classes and tests peers with one bit lookup each.
 */
export class ReachabilityEngine {
  readonly index: PolicyIndex;

  constructor(readonly cluster: Cluster) {
    this.index = buildPolicyIndex(cluster);
  }

  /** Evaluates one connection; throws {@link ReachInputError} for unknown pods, bad addresses or ports. */
  check(q: ConnectionQuery): Verdict {
    const r = resolveQuery(this.cluster, q);
    if ("pod" in r.from && "pod" in r.to && r.from.pod === r.to.pod) return loopbackVerdict(q, r.port);
    const egress = "pod" in r.from ? this.side(this.classOf(r.from), "egress", r.to, r) : undefined;
    const ingress = "pod" in r.to ? this.side(this.classOf(r.to), "ingress", r.from, r) : undefined;
    return verdictOf(q, r.port, egress, ingress, {
      from: "pod" in r.from && r.from.pod.hostNetwork,
      to: "pod" in r.to && r.to.pod.hostNetwork,
    });
  }

  /** Evaluates every pod-to-pod connection on every container port, and the external peers of ipBlocks. */
  matrix(options: MatrixOptions = {}): ReachMatrix {
    return computeMatrix(this.index, options);
  }

  private classOf(e: { readonly pod: PodInfo }): PodClass {
    return this.index.classification.classOf.get(e.pod.key)!;
  }

  /** The verdict of `self`'s side in `direction` for a connection with `peer`, tiers included (A01). */
  private side(self: PodClass, direction: Direction, peer: ResolvedEndpoint, r: ResolvedQuery): SideVerdict {
    const np = this.networkPolicySide(self, direction, peer, r);
    if (!this.index.admin) return np;
    const connection = {
      peer,
      peerClass: "pod" in peer ? this.classOf(peer).id : -1,
      port: r.port,
      protocol: r.protocol,
      destinationPorts: "pod" in r.to ? r.to.pod.ports : undefined,
    };
    return adminSide(this.index.admin, self.id, direction, connection, np);
  }

  private networkPolicySide(
    self: PodClass,
    direction: Direction,
    peer: ResolvedEndpoint,
    r: ResolvedQuery,
  ): SideVerdict {
    const policies = this.index.isolating[direction][self.id];
    if (policies.length === 0) return { isolated: false, isolatingPolicies: [], allowed: true };
    const isolatingPolicies = policies.map((p) => p.policy.key); // small: the policies of one namespace
    const destinationPorts = "pod" in r.to ? r.to.pod.ports : undefined;
    const peerClass = "pod" in peer ? this.classOf(peer).id : -1;
    for (const policy of policies) {
      for (const rule of policy[direction]!) {
        if (!ruleAdmitsPeer(rule, peer, peerClass)) continue;
        if (!portsMatch(rule.rule.ports, r.port, r.protocol, destinationPorts)) continue;
        return {
          isolated: true,
          isolatingPolicies,
          allowedBy: { policy: policy.policy.key, rule: rule.index },
          allowed: true,
        };
      }
    }
    return { isolated: true, isolatingPolicies, allowed: false };
  }
}
