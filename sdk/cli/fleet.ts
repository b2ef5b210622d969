import {
  type FleetPlan,
  type FleetProof,
  type FleetSpec,
  LinkViolationError,
  linkLines,
  planFleet,
  proveFleet,
} from "../fleet";
import { flowsTabular } from "../kernel/report";
import { ZeroTrustValidationError } from "../pipeline/validate";
import { ReachInputError } from "../reach/model/errors";
import { IntentViolationError, verifyPlan } from "../verify/plan-check";
import { tailnetFlows } from "../verify/tailnet-flows";
import { verifyIntent } from "../verify/verify";
import { representativeWorkloads } from "../verify/workloads";
import { readArgsDocument, withPlaceholders } from "./args";
import { leftOutNotice, readExport } from "./files";
import { renderJson, renderTable } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { planYaml, tailnetText } from "./plan-output";
import { renderReport } from "./render-intent-report";

/**
 * Fleet files for `plan` and `verify`: an args file with a top-level `clusters` key is a
 * ZeroTrustFleet's args. Planned and proven exactly as the component does (validation, each
 * cluster's proof, every link at its four points).
 */

/** The fleet in `file`, or undefined when it holds one cluster's args (no top-level `clusters`). */
export function readFleetFile(file: string, cwd: string): FleetSpec | undefined {
  const doc = readArgsDocument(file, cwd, "ZeroTrustCluster or ZeroTrustFleet args");
  if (!("clusters" in doc)) return undefined;
  const spec = doc as unknown as FleetSpec;
  if (spec.clusters && typeof spec.clusters === "object") {
    for (const cluster of Object.values(spec.clusters)) {
      if (cluster && typeof cluster === "object") withPlaceholders(cluster, spec.tailnet?.createOAuthClient);
    }
  }
  return spec;
}

/** Plans and proves a fleet; bad input and links that do not hold are unusable input (exit 2). */
export function planFleetFile(file: string, spec: FleetSpec): { plan: FleetPlan; proof: FleetProof } {
  try {
    const plan = planFleet(spec);
    return { plan, proof: proveFleet(plan) };
  } catch (err) {
    if (
      err instanceof ZeroTrustValidationError ||
      err instanceof IntentViolationError ||
      err instanceof LinkViolationError
    ) {
      throw new CliUsageError(`${file}: ${err.message}`);
    }
    throw err;
  }
}

export const FLEET_PLAN_FORMATS = ["table", "json", "yaml", "tailnet"];

export function runFleetPlan(file: string, spec: FleetSpec, format: string, io: CliIo): number {
  if (!FLEET_PLAN_FORMATS.includes(format)) {
    throw new CliUsageError(
      `-o ${format} is not available for a fleet: use one of ${FLEET_PLAN_FORMATS.join(", ")}`,
    );
  }
  const { plan, proof } = planFleetFile(file, spec);
  for (const m of plan.members) for (const w of m.plan.warnings) io.stderr(`warning: ${m.name}: ${w}\n`);
  const tailnetPaths = (name: string) => proof.proofs[name].tailnetFlows.map((f) => f.text);
  switch (format) {
    case "tailnet":
      io.stdout(tailnetText(plan.tailnet, undefined, true, io.cwd));
      break;
    case "yaml":
      io.stdout(plan.members.map((m) => `# cluster ${m.name}\n${planYaml(m.plan)}`).join(""));
      break;
    case "json":
      io.stdout(
        renderJson({
          clusters: Object.fromEntries(
            proof.exports.map((x, i) => [
              x.cluster,
              {
                flows: x.flows,
                tailnetFlows: tailnetPaths(x.cluster),
                hostnames: plan.members[i].plan.hostnames,
              },
            ]),
          ),
          links: linkLines(proof.links),
          tailnetPolicy: plan.tailnet.policy,
        }),
      );
      break;
    default:
      for (const m of plan.members) {
        io.stdout(`CLUSTER ${m.name}\n${renderTable(flowsTabular(m.plan.flows))}`);
        const paths = tailnetPaths(m.name);
        if (paths.length) io.stdout(`\nTAILNET PATHS\n${paths.join("\n")}\n`);
        io.stdout("\n");
      }
      io.stdout(`LINKS\n${linkLines(proof.links).join("\n") || "(none)"}\n`);
  }
  return 0;
}

/** `NAME=PATH` pairs of `verify --cluster` for a fleet, by cluster. */
function exportsByCluster(given: string[], plan: FleetPlan): Map<string, string[]> {
  const names = plan.members.map((m) => m.name);
  const out = new Map<string, string[]>();
  for (const arg of given) {
    const eq = arg.indexOf("=");
    const name = arg.slice(0, eq);
    if (eq < 1 || !names.includes(name)) {
      throw new CliUsageError(
        `--cluster ${arg}: a fleet needs NAME=PATH with NAME one of ${names.join(", ")}`,
      );
    }
    out.set(name, [...(out.get(name) ?? []), arg.slice(eq + 1)]);
  }
  return out;
}

/**
 * Verifies each cluster (its live export with `--cluster NAME=PATH`, else its planned policies)
 * and prints every link's proof. Exit 1 when a cluster differs from its declaration.
 */
export function runFleetVerify(
  file: string,
  spec: FleetSpec,
  format: string,
  given: string[],
  io: CliIo,
): number {
  const { plan, proof } = planFleetFile(file, spec);
  const live = exportsByCluster(given, plan);
  let holds = true;
  let complete = true;
  const reports: { [cluster: string]: unknown } = {};
  for (const m of plan.members) {
    const paths = live.get(m.name);
    // Each cluster judged as its own dataplane does (its args' `dataplane`), as verify does.
    const dataplane = m.plan.spec.dataplane.semantics;
    const exported = paths ? readExport(paths, io, `${m.name}: `, dataplane) : undefined;
    const leftOut = exported?.policiesLeftOut ?? [];
    complete &&= (exported?.complete ?? true) && leftOut.length === 0;
    let report: ReturnType<typeof verifyPlan>;
    try {
      report = exported
        ? verifyIntent({
            flows: m.plan.flows,
            managedNamespaces: m.plan.managedNamespaces,
            sources: exported.sources,
            externalIps: representativeWorkloads(m.plan).externalIps,
            dataplane,
          })
        : verifyPlan(m.plan);
    } catch (err) {
      if (err instanceof ReachInputError) throw new CliUsageError(`${m.name}: ${err.message}`);
      throw err;
    }
    const tailnet = exported ? [] : tailnetFlows(m.plan, report.engine);
    const blocked = tailnet.filter((f) => !f.allowed);
    holds &&= report.differences.length === 0 && blocked.length === 0;
    const target = paths
      ? `cluster ${m.name} in ${paths.join(", ")}`
      : `the planned policies of cluster ${m.name}`;
    const text = renderReport(format, report, tailnet, target);
    if (format === "json")
      reports[m.name] = {
        ...JSON.parse(text),
        ...(leftOut.length ? { proven: false, policiesLeftOut: leftOut } : {}),
      };
    else io.stdout(leftOutNotice(leftOut) + text);
  }
  const links = proof.links.map((l) => ({ link: l.link, path: l.text, holds: l.holds }));
  if (format === "json") io.stdout(renderJson({ holds, clusters: reports, links }));
  else
    io.stdout(
      `\nLinks proven at their four points (planned policies, merged tailnet policy):\n${links.map((l) => `- ${l.path}\n`).join("")}`,
    );
  if (!complete) return 2;
  return holds ? 0 : 1;
}
