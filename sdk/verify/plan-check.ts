import type { PlannedFlow } from "../core/flows";
import type { Plan } from "../core/plan";
import { describeDifference, type IntentReport, verifyIntent } from "./verify";
import { representativeWorkloads } from "./workloads";

/** Verifies a plan's own policies over representative workloads. */
export function verifyPlan(plan: Plan): IntentReport {
  const { objects, externalIps } = representativeWorkloads(plan);
  return verifyIntent({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "plan", objects }],
    externalIps,
  });
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

/** The policies that let a flow through, from the engine's verdict: `apps/x-egress + apps/x-ingress`. */
export function enforcedBy(report: IntentReport): (flow: PlannedFlow) => string {
  const byFlow = new Map(report.flows.map((c) => [c.flow, c.verdict]));
  return (flow) => {
    const verdict = byFlow.get(flow);
    if (!verdict) return "unverified (no workload fits)";
    const side = (s: typeof verdict.egress) => (s?.allowedBy ? s.allowedBy.policy : undefined);
    return [side(verdict.egress), side(verdict.ingress)].filter(Boolean).join(" + ") || "not isolated";
  };
}
