import { peerAdmitsAddress } from "../dataplane/match";
import type { Bitset } from "../model/bitset";
import type { IpAddress } from "../model/cidr";
import type { Cluster, PolicyRule } from "../model/model";
import type { ResolvedEndpoint } from "./resolve";

/**
 * The question every evaluator asks of a compiled rule, a NetworkPolicy's or an admin tier's:
 * does its peer list admit the other end of the connection? It sits below both indexes, so the
 * admin tiers' index (which the policy index builds) needs nothing from the policy index.
 */

/** A rule with the pod classes its peers admit: a NetworkPolicy's or an admin tier's. */
export interface ClassedRule {
  readonly rule: PolicyRule;
  readonly peerClasses: Bitset;
}

/** Whether a rule's peers admit the other endpoint: a pod by its class, an address by ipBlocks and entities (R26). */
export function ruleAdmitsPeer(
  rule: ClassedRule,
  peer: ResolvedEndpoint,
  peerClass: number,
  cluster?: Cluster,
  ownNode?: IpAddress,
): boolean {
  if ("pod" in peer) return rule.peerClasses.has(peerClass);
  const peers = rule.rule.peers;
  return !peers || peers.some((p) => peerAdmitsAddress(p, peer.ip, cluster, ownNode));
}
