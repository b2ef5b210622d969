import { adminRuleRef, tieredSide } from "../model/admin";
import { Bitset } from "../model/bitset";
import type {
  AdminPolicyInfo,
  AdminRule,
  AdminRuleRef,
  AdminTiers,
  Cluster,
  Direction,
  PodInfo,
  PolicyRule,
} from "../model/model";
import { type Protocol, portsMatch } from "../model/ports";
import type { SideVerdict } from "../model/query";
import type { Selector } from "../model/selectors";
import type { ResolvedEndpoint } from "./resolve";
import { ruleAdmitsPeer } from "./rule-peers";

/**
 * The admin tiers compiled to bit sets over pod classes, like NetworkPolicies in
 * {@link PolicyIndex}: each policy's subject and each rule's peers as class sets, so that the
 * matrix decides all sources of a destination port at once, tier by tier (A01-A11), as
 * "remaining sources" sets shrinking rule by rule in precedence order.
 */

export interface CompiledAdminRule {
  readonly policy: CompiledAdminPolicy;
  readonly rule: AdminRule;
  readonly peerClasses: Bitset;
}

export interface CompiledAdminPolicy {
  readonly policy: AdminPolicyInfo;
  /** The subject's classes (A13). */
  readonly selected: Bitset;
  readonly ingress: readonly CompiledAdminRule[];
  readonly egress: readonly CompiledAdminRule[];
}

export interface AdminIndex {
  /** The Admin tier in precedence order. */
  readonly policies: readonly CompiledAdminPolicy[];
  /** The Baseline tier in precedence order. */
  readonly baselines: readonly CompiledAdminPolicy[];
  /** Per direction, per class: the AdminNetworkPolicies with rules in that direction whose subject it is, in order. */
  readonly selecting: Readonly<Record<Direction, readonly (readonly CompiledAdminPolicy[])[]>>;
}

/** Compiles the tiers; `subjectClasses` and `ruleClasses` are the index's own cached selector evaluation. */
export function compileAdmin(
  tiers: AdminTiers,
  size: number,
  subjectClasses: (namespaceSelector: Selector, podSelector: Selector) => Bitset,
  ruleClasses: (rule: PolicyRule) => Bitset,
): AdminIndex {
  const compile = (policy: AdminPolicyInfo): CompiledAdminPolicy => {
    const compiled = {
      policy,
      selected: subjectClasses(policy.subject.namespaceSelector, policy.subject.podSelector),
      ingress: [] as CompiledAdminRule[],
      egress: [] as CompiledAdminRule[],
    };
    for (const direction of ["ingress", "egress"] as const) {
      for (const rule of policy[direction] ?? [])
        compiled[direction].push({ policy: compiled, rule, peerClasses: ruleClasses(rule) });
    }
    return compiled;
  };
  const policies = tiers.policies.map(compile);
  const selecting: Record<Direction, CompiledAdminPolicy[][]> = {
    ingress: Array.from({ length: size }, () => []),
    egress: Array.from({ length: size }, () => []),
  };
  for (const p of policies) {
    for (const direction of ["ingress", "egress"] as const) {
      if (p[direction].length > 0) p.selected.forEach((id) => selecting[direction][id].push(p));
    }
  }
  return { policies, baselines: tiers.baselines.map(compile), selecting };
}

/** How a connection looks to one side: the other endpoint and the destination port. */
export interface SideConnection {
  readonly peer: ResolvedEndpoint;
  readonly peerClass: number;
  readonly port: number;
  readonly protocol: Protocol;
  readonly destinationPorts: PodInfo["ports"] | undefined;
  /** The cluster, for how its dataplane sees addresses (nodes, entities). */
  readonly cluster?: Cluster;
}

function firstMatch(rules: readonly CompiledAdminRule[], c: SideConnection): CompiledAdminRule | undefined {
  return rules.find(
    (r) =>
      ruleAdmitsPeer(r, c.peer, c.peerClass, c.cluster) &&
      portsMatch(r.rule.ports, c.port, c.protocol, c.destinationPorts),
  );
}

/** The side verdict of class `self` with its tiers, given its NetworkPolicy verdict `np`. */
export function adminSide(
  admin: AdminIndex,
  self: number,
  direction: Direction,
  c: SideConnection,
  np: SideVerdict,
): SideVerdict {
  const list = admin.selecting[direction][self];
  let decided: AdminRuleRef | undefined;
  for (const [i, p] of list.entries()) {
    const rule = firstMatch(p[direction], c);
    if (!rule) continue;
    const ambiguous = list
      .filter((q, j) => j > i && q.policy.priority === p.policy.priority)
      .map((q) => [q, firstMatch(q[direction], c)] as const)
      .filter(([, r]) => r && r.rule.action !== rule.rule.action)
      .map(([q, r]) => `${q.policy.name} (${r!.rule.action})`);
    decided = adminRuleRef(p.policy, direction, rule.rule, ambiguous);
    break;
  }
  return tieredSide(np, decided, () => {
    for (const baseline of admin.baselines) {
      if (!baseline.selected.has(self)) continue;
      const rule = firstMatch(baseline[direction], c);
      if (rule) return adminRuleRef(baseline.policy, direction, rule.rule);
    }
    return undefined;
  });
}

/** Sources not yet decided, and those decided allowed, while rules are applied in precedence order. */
class Decision {
  readonly allowed: Bitset;
  readonly passed: Bitset;

  constructor(readonly remaining: Bitset) {
    this.allowed = new Bitset(remaining.size);
    this.passed = new Bitset(remaining.size);
  }

  /** A04-A07: the sources in `matched` still undecided take the rule's action. */
  apply(action: AdminRule["action"], matched: Bitset): void {
    const hit = matched.copy().and(this.remaining);
    if (action === "Allow") this.allowed.or(hit);
    else if (action === "Pass") this.passed.or(hit);
    this.remaining.andNot(hit);
  }

  /** The sources that go on to the NetworkPolicy tier (A07, A08). */
  toNetworkPolicies(): Bitset {
    return this.remaining.or(this.passed);
  }
}

/**
 * The classes allowed by the tiers, given the sources reaching the NetworkPolicy tier (`toNp`)
 * and what NetworkPolicies make of them: `npAllowed` (isolated and allowed) and `open` (not isolated).
 */
function finish(d: Decision, npAllowed: Bitset, open: Bitset, baseline: (rest: Decision) => void): Bitset {
  const toNp = d.toNetworkPolicies();
  const allowed = d.allowed.or(toNp.copy().and(npAllowed));
  const rest = new Decision(toNp.and(open));
  baseline(rest);
  // A baseline Pass (C07) goes on to the default, which allows.
  return allowed.or(rest.allowed).or(rest.passed).or(rest.remaining);
}

/**
 * Ingress side of destination class `d` on one port: the source classes it admits. `npSources`:
 * what its NetworkPolicies admit when they isolate it, else `undefined`.
 */
export function ingressAllowed(
  admin: AdminIndex,
  d: number,
  match: (r: CompiledAdminRule) => boolean,
  npSources: Bitset | undefined,
): Bitset {
  const size = admin.selecting.ingress.length;
  const decision = new Decision(Bitset.full(size));
  for (const p of admin.selecting.ingress[d])
    for (const r of p.ingress) if (match(r)) decision.apply(r.rule.action, r.peerClasses);
  const isolated = npSources !== undefined;
  return finish(
    decision,
    npSources ?? new Bitset(size),
    isolated ? new Bitset(size) : Bitset.full(size),
    (rest) => {
      for (const baseline of admin.baselines)
        if (baseline.selected.has(d))
          for (const r of baseline.ingress) if (match(r)) rest.apply(r.rule.action, r.peerClasses);
    },
  );
}

/**
 * Egress side towards destination class `d` on one port: the source classes whose egress allows
 * it. `admits(r)` says whether a rule's peers admit `d` and its ports the port; `npAllowed` are
 * the sources a NetworkPolicy egress rule allows, `open` those no NetworkPolicy isolates.
 */
export function egressAllowed(
  admin: AdminIndex,
  admits: (r: CompiledAdminRule) => boolean,
  npAllowed: Bitset,
  open: Bitset,
): Bitset {
  const decision = new Decision(Bitset.full(open.size));
  for (const p of admin.policies)
    for (const r of p.egress) if (admits(r)) decision.apply(r.rule.action, p.selected);
  return finish(decision, npAllowed, open, (rest) => {
    for (const baseline of admin.baselines)
      for (const r of baseline.egress) if (admits(r)) rest.apply(r.rule.action, baseline.selected);
  });
}
