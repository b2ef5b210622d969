import type { Direction, PolicyRule } from "../model/model";
import { PROTOCOLS, type Protocol } from "../model/ports";
import type { AdminIndex, CompiledAdminRule } from "./admin-tier-index";
import type { CompiledRule, PolicyIndex } from "./policy-index";
import { portPieces } from "./port-pieces";

/**
 * The admin tiers in the all-ports matrix (`spans.ts`): which admin rules can apply to a
 * destination class, and one class's side towards a range of addresses, decided per port piece
 * on which no rule starts or stops applying (A01-A11).
 */

/** Admin rules that can apply to connections towards class `d`, with a stable tag for signatures. */
export function adminRulesTowards(admin: AdminIndex, d: number): { tag: string; rule: CompiledAdminRule }[] {
  const out: { tag: string; rule: CompiledAdminRule }[] = [];
  const add = (rules: readonly CompiledAdminRule[], tag: string) =>
    rules.forEach((rule, i) => {
      out.push({ tag: `${tag}.${i}`, rule });
    });
  admin.selecting.ingress[d].forEach((p) => {
    add(p.ingress, `ai${admin.policies.indexOf(p)}`);
  });
  admin.policies.forEach((p, n) => {
    add(
      p.egress.filter((r) => r.peerClasses.has(d)),
      `ae${n}`,
    );
  });
  admin.baselines.forEach((baseline, n) => {
    if (baseline.selected.has(d)) add(baseline.ingress, `bi${n}`);
    add(
      baseline.egress.filter((r) => r.peerClasses.has(d)),
      `be${n}`,
    );
  });
  return out;
}

/**
 * One side of class `cls` in `direction`, for a piece of the port and address space:
 * `npApplies`/`applies` say whether a NetworkPolicy or admin rule matches that piece.
 */
export function tieredAllowed(
  index: PolicyIndex,
  admin: AdminIndex,
  cls: number,
  direction: Direction,
  npApplies: (r: CompiledRule) => boolean,
  applies: (r: CompiledAdminRule) => boolean,
): boolean {
  for (const p of admin.selecting[direction][cls]) {
    const rule = p[direction].find(applies);
    if (rule && rule.rule.action !== "Pass") return rule.rule.action === "Allow";
    if (rule) break; // A07: Pass skips every remaining admin rule
  }
  const policies = index.isolating[direction][cls];
  if (policies.length > 0) return policies.some((p) => p[direction]!.some(npApplies));
  for (const baseline of admin.baselines) {
    const rule = baseline.selected.has(cls) ? baseline[direction].find(applies) : undefined;
    // C07: a baseline Pass goes on to the default, which allows.
    if (rule) return rule.rule.action !== "Deny";
  }
  return true;
}

/**
 * The ports class `cls` allows in `direction` with an address case: `admits(rule)` says whether a
 * rule's peers admit the case, `spans(rule)` gives its ports as intervals per protocol.
 */
export function adminAddressSide(
  index: PolicyIndex,
  admin: AdminIndex,
  cls: number,
  direction: Direction,
  admits: (rule: PolicyRule) => boolean,
  spans: (rule: PolicyRule) => [Protocol, number, number][],
  emit: (p: Protocol, lo: number, hi: number) => void,
): void {
  const baseline = admin.baselines.filter((b) => b.selected.has(cls)).flatMap((b) => b[direction]);
  const npRules = index.isolating[direction][cls].flatMap((p) => p[direction]!);
  const adminRules = [...admin.selecting[direction][cls].flatMap((p) => p[direction]), ...baseline];
  const spansOf = new Map<PolicyRule, [Protocol, number, number][]>();
  for (const r of [...npRules, ...adminRules]) if (admits(r.rule)) spansOf.set(r.rule, spans(r.rule));
  for (const protocol of PROTOCOLS) {
    for (const [lo, hi] of portPieces([...spansOf.values()], protocol)) {
      const covers = (r: { rule: PolicyRule }) =>
        spansOf.get(r.rule)?.some(([p, a, b]) => p === protocol && a <= lo && hi <= b) ?? false;
      if (tieredAllowed(index, admin, cls, direction, covers, covers)) emit(protocol, lo, hi);
    }
  }
}
