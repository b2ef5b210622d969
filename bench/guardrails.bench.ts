import { planZeroTrust } from "../sdk/core";
import { audit } from "../sdk/policy/audit";
import type { K8sObject } from "../sdk/reach";
import { platformDeclaration } from "./declaration";

/**
 * `npm run bench:guardrails`: every guardrail over the platform declaration's planned objects at
 * 100, 200 and 400 namespaces, as `audit` runs them (the stack rules ask the reachability engine
 * about probe pods in each namespace). Wall and CPU time of `audit()` alone, best of three.
 */

const SIZES = (process.env.GUARD_BENCH_SIZES ?? "100,200,400").split(",").filter(Boolean).map(Number);

for (const size of SIZES) {
  const plan = planZeroTrust(platformDeclaration(size));
  const objects = plan.resources
    .filter((r) => !["HelmRelease", "TailnetAcl", "OAuthClient"].includes(r.kind))
    .map((r) => r.object as K8sObject);
  let best = { wall: Number.POSITIVE_INFINITY, cpu: 0, violations: 0 };
  for (let i = 0; i < 3; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = audit(objects);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const used = process.cpuUsage(cpu0);
    if (wall < best.wall)
      best = { wall, cpu: (used.user + used.system) / 1e6, violations: result.violations.length };
  }
  console.log(
    `audit of ${size} namespaces (${objects.length} objects): ${best.wall.toFixed(2)} s (${best.cpu.toFixed(2)} s CPU), ${best.violations} violations`,
  );
}
