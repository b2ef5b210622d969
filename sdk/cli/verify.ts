import { ReachInputError } from "../reach/model/errors";
import type { IntentReport } from "../verify/intent-report";
import { verifyPlan } from "../verify/plan-check";
import { tailnetFlows } from "../verify/tailnet-flows";
import { verifyIntent } from "../verify/verify";
import { representativeWorkloads } from "../verify/workloads";
import { leftOutNotice, readExport } from "./files";
import { readFleetFile, runFleetVerify } from "./fleet";
import { renderJson } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseArgsFileCommand } from "./options";
import { planArgsFile } from "./plan";
import { renderReport } from "./render-intent-report";

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

export async function runVerify(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgsFileCommand(argv, io, {
    help: HELP,
    formats: FORMATS,
    options: { cluster: { type: "string", multiple: true } },
  });
  if (!parsed) return 0;
  const { file, format, values } = parsed;
  const clusterPaths = (values.cluster as string[] | undefined) ?? [];
  const fleet = readFleetFile(file, io.cwd);
  if (fleet) return runFleetVerify(file, fleet, format, clusterPaths, io);
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
