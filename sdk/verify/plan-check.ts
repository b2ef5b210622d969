import type { PlannedFlow } from "../kernel/flows";
import type { Plan } from "../pipeline/plan";
import type { IntentReport } from "./intent-report";
import { type TailnetFlow, tailnetFlows } from "./tailnet-flows";
import { describeDifference, verifyIntent } from "./verify";
import { representativeWorkloads } from "./workloads";

/** Verifies a plan's own policies over representative workloads. */
export function verifyPlan(plan: Plan): IntentReport {
  const { objects, externalIps } = representativeWorkloads(plan);
  return verifyIntent({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "plan", objects }],
    externalIps,
    dataplane: plan.spec.dataplane.semantics,
  });
}

/** A plan proven: the cluster's reachability and the tailnet paths, both as declared. */
export interface PlanProof {
  report: IntentReport;
  tailnetFlows: TailnetFlow[];
}

/** Thrown when the planned policies would not do what the declaration says. */
export class IntentViolationError extends Error {
  constructor(
    readonly report: IntentReport,
    readonly blockedTailnetFlows: TailnetFlow[] = [],
  ) {
    super(
      `The planned policies do not do what the declaration says (nothing was created):\n${[
        ...report.differences.map((d) => `  - ${describeDifference(d)}`),
        ...blockedTailnetFlows.map(
          (f) => `  - ${f.path}: "${f.source}" cannot reach its backend (${f.text}): ${f.reason}`,
        ),
      ].join("\n")}`,
    );
    this.name = "IntentViolationError";
  }
}

/**
 * Verifies a plan end to end and throws IntentViolationError when the cluster's reachability and
 * the declared flows differ, or when an `access` source could not actually reach its backend.
 */
export function assertPlanHolds(plan: Plan): PlanProof {
  const report = verifyPlan(plan);
  const flows = tailnetFlows(plan, report.engine);
  const blocked = flows.filter((f) => !f.allowed);
  if (report.differences.length > 0 || blocked.length > 0) throw new IntentViolationError(report, blocked);
  return { report, tailnetFlows: flows };
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
