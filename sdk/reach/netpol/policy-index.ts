import { entityAdmitsPod } from "../dataplane/match";
import { Bitset } from "../model/bitset";
import type { IpBlock } from "../model/cidr";
import type { Cluster, Direction, Peer, PolicyInfo, PolicyRule } from "../model/model";
import { type AdminIndex, compileAdmin } from "./admin-tier-index";
import { type Classification, classifyPods } from "./classes";

/**
 * Everything the fast evaluator precomputes once per cluster: pod classes, which policies select
 * each class, and for every rule the set of classes its peers admit. Policies are indexed by
 * namespace and identical peers are computed once, so building costs about (classes x distinct
 * peers), and a query never scans policies that cannot apply.
 */

export interface CompiledRule {
  readonly policy: CompiledPolicy;
  readonly direction: Direction;
  /** Position in the policy's `spec.ingress` / `spec.egress` list. */
  readonly index: number;
  readonly rule: PolicyRule;
  /** The classes the rule's peers admit; every class when the rule has no peers (R07). */
  readonly peerClasses: Bitset;
}

export interface CompiledPolicy {
  readonly policy: PolicyInfo;
  /** Classes the policy selects (R02-R04, R37). */
  readonly selected: Bitset;
  readonly ingress?: readonly CompiledRule[];
  readonly egress?: readonly CompiledRule[];
}

export interface PolicyIndex {
  readonly cluster: Cluster;
  readonly classification: Classification;
  /** Distinct ipBlocks of all policies; pod classes refer to them by position. */
  readonly blocks: readonly IpBlock[];
  readonly policies: readonly CompiledPolicy[];
  /** Per direction, per class id: the policies isolating that class in that direction (R02). */
  readonly isolating: Readonly<Record<Direction, readonly (readonly CompiledPolicy[])[]>>;
  /** Per direction: the classes no policy isolates (R01). */
  readonly open: Readonly<Record<Direction, Bitset>>;
  /** Per direction: every rule of every policy affecting that direction. */
  readonly rules: Readonly<Record<Direction, readonly CompiledRule[]>>;
  /** The AdminNetworkPolicy and baseline tiers; absent when the cluster has none (the fast path). */
  readonly admin?: AdminIndex;
}

function distinctBlocks(cluster: Cluster): IpBlock[] {
  const blocks = new Map<string, IpBlock>();
  const admin = cluster.admin ? [...cluster.admin.policies, ...cluster.admin.baselines] : [];
  for (const p of [...cluster.policies, ...admin]) {
    for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
      for (const peer of rule.peers ?? [])
        if (peer.kind === "ipBlock") blocks.set(peer.block.key, peer.block);
    }
  }
  return [...blocks.values()];
}

export function buildPolicyIndex(cluster: Cluster): PolicyIndex {
  const blocks = distinctBlocks(cluster);
  const blockIndex = new Map(blocks.map((b, i) => [b.key, i]));
  const classification = classifyPods(cluster, blocks);
  const { classes, selectableByNamespace } = classification;
  const size = classes.length;
  const all = Bitset.full(size);

  const byBlock = blocks.map(() => new Bitset(size));
  for (const cls of classes) for (const b of cls.blocks) byBlock[b].add(cls.id);

  const namespacesBySelector = new Map<string, string[]>();
  const selectorNamespaces = (peer: Peer & { kind: "pods" }, own: string): readonly string[] => {
    const sel = peer.namespaceSelector;
    if (!sel) return [own];
    let names = namespacesBySelector.get(sel.key);
    if (!names) {
      names = [...cluster.namespaces.values()].filter((ns) => sel.matches(ns.labels)).map((ns) => ns.name);
      namespacesBySelector.set(sel.key, names);
    }
    return names;
  };

  const peerCache = new Map<string, Bitset>();
  const peerClasses = (peer: Peer, own: string): Bitset => {
    if (peer.kind === "ipBlock") return byBlock[blockIndex.get(peer.block.key)!];
    if (peer.kind === "entity") {
      let set = peerCache.get(peer.key);
      if (!set) {
        set = new Bitset(size);
        // Classes split on hostNetwork and API server addresses, so one pod speaks for its class.
        for (const cls of classes) if (entityAdmitsPod(peer, cls.pods[0], cluster)) set.add(cls.id);
        peerCache.set(peer.key, set);
      }
      return set;
    }
    const key = peer.namespaceSelector ? peer.key : `${own}|${peer.key}`;
    let set = peerCache.get(key);
    if (!set) {
      set = new Bitset(size);
      for (const ns of selectorNamespaces(peer, own)) {
        for (const id of selectableByNamespace.get(ns) ?? []) {
          if (peer.podSelector.matches(classes[id].labels)) set.add(id);
        }
      }
      peerCache.set(key, set);
    }
    return set;
  };

  const ruleClasses = (rule: PolicyRule, own: string): Bitset => {
    if (!rule.peers) return all;
    if (rule.peers.length === 1) return peerClasses(rule.peers[0], own);
    const set = new Bitset(size);
    for (const peer of rule.peers) set.or(peerClasses(peer, own));
    return set;
  };

  const isolating: Record<Direction, CompiledPolicy[][]> = {
    ingress: classes.map(() => []),
    egress: classes.map(() => []),
  };
  const rules: Record<Direction, CompiledRule[]> = { ingress: [], egress: [] };
  const policies = cluster.policies.map((policy) => {
    const selected = new Bitset(size);
    for (const id of selectableByNamespace.get(policy.namespace) ?? []) {
      if (policy.podSelector.matches(classes[id].labels)) selected.add(id);
    }
    const compiled: {
      policy: PolicyInfo;
      selected: Bitset;
      ingress?: CompiledRule[];
      egress?: CompiledRule[];
    } = {
      policy,
      selected,
    };
    for (const direction of ["ingress", "egress"] as const) {
      const list = policy[direction];
      if (!list) continue;
      compiled[direction] = list.map((rule, index) => {
        const c = {
          policy: compiled,
          direction,
          index: rule.index ?? index,
          rule,
          peerClasses: ruleClasses(rule, policy.namespace),
        };
        rules[direction].push(c);
        return c;
      });
      selected.forEach((id) => {
        isolating[direction][id].push(compiled);
      });
    }
    return compiled;
  });

  const openSet = (direction: Direction) => {
    const set = new Bitset(size);
    isolating[direction].forEach((list, id) => {
      if (list.length === 0) set.add(id);
    });
    return set;
  };
  return {
    cluster,
    classification,
    blocks,
    policies,
    isolating,
    open: { ingress: openSet("ingress"), egress: openSet("egress") },
    rules,
    ...(cluster.admin
      ? {
          admin: compileAdmin(
            cluster.admin,
            size,
            (namespaceSelector, podSelector) =>
              peerClasses(
                {
                  kind: "pods",
                  namespaceSelector,
                  podSelector,
                  key: `ns:${namespaceSelector.key}|pods:${podSelector.key}`,
                },
                "",
              ),
            (rule) => ruleClasses(rule, ""),
          ),
        }
      : {}),
  };
}
