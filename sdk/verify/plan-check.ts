import type { PlannedFlow } from "../kernel/flows";
import type { Plan } from "../pipeline/plan";
import type { SideVerdict } from "../reach/model/query";
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

/** What decides one side of a connection, as the "allowed by" column names it. */
function creditOf(side: SideVerdict): string[] {
  if (!side.allowed) return ["denied"];
  if (side.dataplane) return ["the dataplane"];
  if (side.admin && side.admin.action !== "Pass") return [`${side.admin.kind} ${side.admin.policy}`];
  if (side.isolated) return (side.admittedBy ?? []).map((p) => p.policy);
  if (side.baseline && side.baseline.action !== "Pass")
    return [`${side.baseline.kind} ${side.baseline.policy}`];
  return ["not isolated"];
}

/**
 * The policies that let a flow through, per side, from the engine's verdicts on its representative
 * connection at each of its ports: `egress: apps/x-egress; ingress: apps/x-ingress`. Every policy
 * that admits it is named (several flows' policies may), an admin tier that decides a side is named
 * instead of the NetworkPolicies it overrides, and an external peer's side, which no policy has, is
 * left out.
 */
export function enforcedBy(report: IntentReport): (flow: PlannedFlow) => string {
  const byFlow = new Map(report.flows.map((c) => [c.flow, c.verdicts ?? (c.verdict ? [c.verdict] : [])]));
  return (flow) => {
    const verdicts = byFlow.get(flow) ?? [];
    if (verdicts.length === 0) return "unverified (no workload fits)";
    return (["egress", "ingress"] as const)
      .flatMap((direction) => {
        const sides = verdicts.flatMap((v) => v[direction] ?? []);
        if (sides.length === 0) return [];
        return [`${direction}: ${[...new Set(sides.flatMap(creditOf))].sort().join(", ")}`];
      })
      .join("; ");
  };
}
