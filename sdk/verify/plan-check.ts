import type { Plan } from "../core/plan";
import { describeDifference, type IntentReport, verifyIntent } from "./verify";
import { representativeWorkloads } from "./workloads";

/** Verifies a plan's own policies over representative workloads. */
export function verifyPlan(plan: Plan): IntentReport {
  const { objects, externalIps } = representativeWorkloads(plan);
  return verifyIntent({ flows: plan.flows, managedNamespaces: plan.managedNamespaces, objects, externalIps });
}

/** Thrown when the planned policies would not do what the declaration says. */
export class IntentViolationError extends Error {
  constructor(readonly report: IntentReport) {
    super(
      `The planned NetworkPolicies do not match the declared flows (nothing was created):\n${report.differences
        .map((d) => `  - ${describeDifference(d)}`)
        .join("\n")}`,
    );
    this.name = "IntentViolationError";
  }
}

/** Verifies a plan and throws IntentViolationError when intent and reachability differ. */
export function assertPlanHolds(plan: Plan): IntentReport {
  const report = verifyPlan(plan);
  if (report.differences.length > 0) throw new IntentViolationError(report);
  return report;
}
