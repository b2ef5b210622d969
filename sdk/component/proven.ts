import type { Plan } from "../pipeline/plan";
import type { PlanProof } from "../verify/plan-check";

/**
 * Plans a fleet already proved, keyed by the very args object it passes to each ZeroTrustCluster
 * child, so a fleet costs its clusters once (not once to prove the links and again per child).
 */
const proven = new WeakMap<object, { plan: Plan; proof: PlanProof }>();

export const rememberProven = (args: object, value: { plan: Plan; proof: PlanProof }) =>
  proven.set(args, value);

/** The plan and proof handed over for `args`, taken once. */
export function takeProven(args: object): { plan: Plan; proof: PlanProof } | undefined {
  const value = proven.get(args);
  proven.delete(args);
  return value;
}
