import { describeFlow } from "../kernel/flows";
import { ReachInputError } from "../reach/model/errors";
import { verifyPlan } from "../verify/plan-check";
import { type TailnetFlow, tailnetFlows } from "../verify/tailnet-flows";
import { describeDifference, differencePorts, type IntentReport, verifyIntent } from "../verify/verify";
import { representativeWorkloads } from "../verify/workloads";
import { leftOutNotice, readExport } from "./files";
import { type Cell, renderJson, renderMarkdown, renderTable } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseArgsFileCommand } from "./options";
import { planArgsFile } from "./plan";

const HELP = `usage: tailnet-zerotrust verify -f ARGS.yaml [--cluster PATH ...] [-o table|markdown|json]

Checks that the declared intent and the computed reachability agree: every declared flow is
allowed, and no path to or from a managed workload is open that nobody declared.

  -f, --file ARGS.yaml   the ZeroTrustCluster args (YAML or JSON)
  --cluster PATH         objects exported from a live cluster, or manifests (repeatable; files or
                         folders; workloads are read as one pod each from their template), e.g.
                         kubectl get ns,pods,networkpolicies -A -o yaml > cluster.yaml
                         Without it, the planned policies are checked over representative pods.
                         For a fleet file (top-level "clusters"): NAME=PATH, one cluster's export;
                         each link is proven at its four points over the planned policies.
  -o, --output FORMAT    table (default), markdown or json
  -h, --help             this help

exit codes: 0 intent holds, 1 a difference was found, 2 unusable input (also when a --cluster
file could not be read: it is named on stderr and the rest is checked)
`;

const FORMATS = ["table", "markdown", "json"];

/** A tailnet path as the JSON report lists it. */
const pathJson = (f: TailnetFlow) => ({ path: f.path, source: f.source, flow: f.text, reason: f.reason });

/**
 * The report. `paths` are the plan's tailnet paths (empty for a live export): the blocked ones are
 * differences; the open `undeclared` ones (an acknowledged shared egress ProxyGroup) do not fail
 * the check but are listed, and the summary then never says "nothing undeclared open".
 */
export function renderReport(
  format: string,
  report: IntentReport,
  paths: TailnetFlow[],
  target: string,
): string {
  const blocked = paths.filter((f) => !f.allowed);
  const shared = paths.filter((f) => f.allowed && f.undeclared);
  const unverified = report.flows.filter((f) => !f.verdict);
  if (format === "json") {
    return renderJson({
      target,
      holds: report.differences.length === 0 && blocked.length === 0,
      checked: report.checked,
      differences: report.differences,
      blockedTailnetPaths: blocked.map(pathJson),
      undeclaredTailnetPaths: shared.map(pathJson),
      unverifiedFlows: unverified.map((f) => describeFlow(f.flow)),
    });
  }
  const problems = report.differences.length + blocked.length;
  const open = shared.length
    ? `; ${shared.length} tailnet path(s) open that no entry declares (acknowledged shared egress ProxyGroups):\n${shared.map((f) => `- ${f.text}\n    because ${f.reason}\n`).join("")}`
    : ", nothing undeclared open.\n";
  const summary =
    problems === 0
      ? `Intent holds for ${target}: ${report.flows.length - unverified.length} flows allowed, ${report.checked} connections checked${open}`
      : `Intent does NOT hold for ${target}: ${problems} difference(s) in ${report.checked} connections checked.\n`;
  const notes = unverified
    .map((f) => `note: no workload in the cluster fits ${describeFlow(f.flow)}\n`)
    .join("");
  if (problems === 0) return summary + notes;
  const rows: Cell[][] = [
    ...report.differences.map((d) => [d.kind, d.from, d.to, differencePorts(d), d.reason]),
    ...blocked.map((f) => ["blocked tailnet path", f.source, f.text, f.path, f.reason]),
  ];
  if (format === "markdown") {
    return `${summary}\n${renderMarkdown({ columns: ["difference", "from", "to", "ports", "why"], rows })}${notes}`;
  }
  const table = renderTable({
    columns: ["DIFFERENCE", "FROM", "TO", "PORTS"],
    rows: rows.map((r) => r.slice(0, 4)),
  });
  const explained = [
    ...report.differences.map((d) => `- ${describeDifference(d)}\n`),
    ...blocked.map(
      (f) => `- ${f.path}: "${f.source}" cannot reach its backend (${f.text})\n    because ${f.reason}\n`,
    ),
  ];
  return `${summary}\n${table}\n${explained.join("")}${notes}`;
}

export async function runVerify(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgsFileCommand(argv, io, {
    help: HELP,
    formats: FORMATS,
    options: { cluster: { type: "string", multiple: true } },
  });
  if (!parsed) return 0;
  const { file, format, values } = parsed;
  const clusterPaths = (values.cluster as string[] | undefined) ?? [];
  const fleetFile = await import("./fleet");
  const fleet = fleetFile.readFleetFile(file, io.cwd);
  if (fleet) return fleetFile.runFleetVerify(file, fleet, format, clusterPaths, io);
  const plan = planArgsFile(file, io.cwd);
  const target = clusterPaths.length
    ? `the cluster in ${clusterPaths.join(", ")}`
    : `the planned policies of ${file}`;
  const exported = clusterPaths.length
    ? readExport(clusterPaths, io, "", plan.spec.dataplane.semantics)
    : undefined;
  let report: IntentReport;
  try {
    report = clusterPaths.length
      ? verifyIntent({
          flows: plan.flows,
          managedNamespaces: plan.managedNamespaces,
          sources: exported!.sources,
          externalIps: representativeWorkloads(plan).externalIps,
          dataplane: plan.spec.dataplane.semantics,
        })
      : verifyPlan(plan);
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliUsageError(err.message);
    throw err;
  }
  // Tailnet paths are proven over the planned policies (a live export rarely has every proxy yet).
  const paths = clusterPaths.length ? [] : tailnetFlows(plan, report.engine);
  const blocked = paths.filter((f) => !f.allowed);
  const text = renderReport(format, report, paths, target);
  const leftOut = exported?.policiesLeftOut ?? [];
  io.stdout(
    format === "json"
      ? renderJson({
          ...JSON.parse(text),
          observing: plan.observing,
          ...(leftOut.length ? { proven: false, policiesLeftOut: leftOut } : {}),
        })
      : leftOutNotice(leftOut) + text,
  );
  if (plan.observing.length && format !== "json")
    io.stdout(
      `observing (enforce: false): ${plan.observing.join(", ")}: ${clusterPaths.length ? "the cluster has no default-deny there yet, so paths in them are open until enforced" : "proven as if enforced, but nothing is blocked there until namespaces.<ns>.enforce is true"}\n`,
    );
  if (exported && (!exported.complete || leftOut.length > 0)) return 2;
  return report.differences.length === 0 && blocked.length === 0 ? 0 : 1;
}
