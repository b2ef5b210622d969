import { peerAdmitsServiceAddress, withOwnNode } from "../dataplane/match";
import type { Cluster, Direction, PodInfo } from "../model/model";
import { portsMatch } from "../model/ports";
import type { ConnectionQuery, SideVerdict, Verdict } from "../model/query";
import { adminSide } from "./admin-tier-index";
import type { PodClass } from "./classes";
import { loopbackVerdict, verdictOf } from "./explain";
import { computeMatrix } from "./matrix";
import type { MatrixOptions, ReachMatrix } from "./matrix-result";
import { buildPolicyIndex, type CompiledRule, type PolicyIndex } from "./policy-index";
import { type ResolvedEndpoint, type ResolvedQuery, resolveQuery } from "./resolve";
import { ruleAdmitsPeer } from "./rule-peers";

/** How one side sees the connection: the other endpoint, the port, and which rules admit it. */
interface SideView {
  peer: ResolvedEndpoint;
  port: number;
  destinationPorts: PodInfo["ports"] | undefined;
  admits: (rule: CompiledRule) => boolean;
}

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
    const dstPorts = "pod" in r.to ? r.to.pod.ports : undefined;
    let egress: SideVerdict | undefined;
    if ("pod" in r.from) {
      const self = r.from.pod;
      const hop = r.service;
      egress = hop
        ? // Before DNAT: the source's egress sees the Service address and port.
          this.side(this.classOf(r.from), "egress", r, {
            peer: { ip: hop.address },
            port: hop.servicePort,
            destinationPorts: undefined,
            admits: (rule) =>
              !rule.rule.peers ||
              rule.rule.peers.some((p) =>
                peerAdmitsServiceAddress(
                  p,
                  hop.service,
                  hop.address,
                  this.cluster,
                  rule.policy.policy.namespace,
                ),
              ),
          })
        : withOwnNode(
            this.cluster,
            "egress",
            self,
            r.to,
            this.side(this.classOf(r.from), "egress", r, {
              peer: r.to,
              port: r.port,
              destinationPorts: dstPorts,
              admits: this.admits(r.to, self),
            }),
          );
    }
    const ingress =
      "pod" in r.to
        ? withOwnNode(
            this.cluster,
            "ingress",
            r.to.pod,
            r.from,
            this.side(this.classOf(r.to), "ingress", r, {
              peer: r.from,
              port: r.port,
              destinationPorts: dstPorts,
              admits: this.admits(r.from, r.to.pod),
            }),
          )
        : undefined;
    const shown = r.translation ? Number(q.port) : r.port;
    const hostNetwork = {
      from: "pod" in r.from && r.from.pod.hostNetwork,
      to: "pod" in r.to && r.to.pod.hostNetwork,
    };
    return verdictOf(q, shown, egress, ingress, hostNetwork, r.translation);
  }

  /** Evaluates every pod-to-pod connection on every container port, and the external peers of ipBlocks. */
  matrix(options: MatrixOptions = {}): ReachMatrix {
    return computeMatrix(this.index, options);
  }

  private classOf(e: { readonly pod: PodInfo }): PodClass {
    return this.index.classification.classOf.get(e.pod.key)!;
  }

  /** Whether a rule of `self`'s policies admits the other endpoint. */
  private admits(peer: ResolvedEndpoint, self: PodInfo): (rule: CompiledRule) => boolean {
    const peerClass = "pod" in peer ? this.classOf(peer).id : -1;
    return (rule) => ruleAdmitsPeer(rule, peer, peerClass, this.cluster, self.hostIp);
  }

  /** The verdict of `self`'s side in `direction`, tiers included (A01). */
  private side(self: PodClass, direction: Direction, r: ResolvedQuery, view: SideView): SideVerdict {
    const np = this.networkPolicySide(self, direction, r, view);
    if (!this.index.admin) return np;
    const connection = {
      peer: view.peer,
      peerClass: "pod" in view.peer ? this.classOf(view.peer).id : -1,
      port: view.port,
      protocol: r.protocol,
      destinationPorts: view.destinationPorts,
      cluster: this.cluster,
    };
    return adminSide(this.index.admin, self.id, direction, connection, np);
  }

  /** The NetworkPolicy verdict of one side: every policy with a rule whose peers and ports both admit. */
  private networkPolicySide(
    self: PodClass,
    direction: Direction,
    r: ResolvedQuery,
    view: SideView,
  ): SideVerdict {
    const policies = this.index.isolating[direction][self.id];
    if (policies.length === 0) return { isolated: false, isolatingPolicies: [], allowed: true };
    const isolatingPolicies = policies.map((p) => p.policy.key); // small: the policies of one namespace
    const admittedBy: { policy: string; rule: number }[] = [];
    for (const policy of policies) {
      const rule = policy[direction]!.find(
        (rule) =>
          view.admits(rule) && portsMatch(rule.rule.ports, view.port, r.protocol, view.destinationPorts),
      );
      if (rule) admittedBy.push({ policy: policy.policy.key, rule: rule.index });
    }
    if (admittedBy.length === 0) return { isolated: true, isolatingPolicies, allowed: false };
    return { isolated: true, isolatingPolicies, allowedBy: admittedBy[0], admittedBy, allowed: true };
  }
}
