import { controlPlaneReport } from "../features/control-plane";
import { flowsGraph, flowsJson, flowsMarkdown, flowsTabular } from "../kernel/report";
import { type Plan, planZeroTrust } from "../pipeline/plan";
import { ZeroTrustValidationError } from "../pipeline/validate";
import { assertPlanHolds, enforcedBy, IntentViolationError, type PlanProof } from "../verify/plan-check";
import { readArgsFile } from "./args";
import { readFleetFile, runFleetPlan } from "./fleet";
import { renderJson, renderMermaid, renderTable } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseArgsFileCommand } from "./options";
import { planYaml, tailnetText } from "./plan-output";

const HELP = `usage: tailnet-zerotrust plan -f ARGS.yaml [-o yaml|table|markdown|mermaid|json|tailnet|access] [--base POLICY]

Renders, offline, what ZeroTrustCluster creates for the args in ARGS.yaml (the component's own
fields; credentials are replaced by placeholders). A file with a top-level "clusters" key is a
ZeroTrustFleet's args: each cluster's flows and tailnet paths, then every link proven end to end
(formats table, json, yaml and tailnet: the fleet's one merged policy).

  -f, --file ARGS.yaml   the ZeroTrustCluster args (YAML or JSON)
  -o, --output FORMAT    table (default: the allowed flows and tailnet paths), markdown (flows table
                         + mermaid graph), mermaid, json (flows, tailnet paths and policy, hostnames,
                         warnings), yaml (the Kubernetes objects as multi-document YAML for kubectl
                         apply; the Helm release as a comment), tailnet (the tailnet policy: the
                         fragment under a header saying so, or merged into tailnet.basePolicy or
                         --base, your comments and layout kept), or access (who can do
                         what through the API server proxy, one line per tailnet source, and the
                         kubeconfig command)
      --base POLICY      with -o tailnet: your whole policy file (HuJSON); prints it with the
                         generated entries merged in, ready to save
  -h, --help             this help

exit codes: 0 planned, 2 unusable input (the component's own validation errors)
`;

const FORMATS = ["table", "markdown", "mermaid", "json", "yaml", "tailnet", "access"];

/** Parses the args file and plans, turning validation errors into usage errors (exit 2). */
export function planArgsFile(file: string, cwd: string): Plan {
  try {
    return planZeroTrust(readArgsFile(file, cwd));
  } catch (err) {
    if (err instanceof ZeroTrustValidationError) throw new CliUsageError(`${file}: ${err.message}`);
    throw err;
  }
}

/** Plans and proves the plan exactly as the component does; a plan that does not hold is unusable input. */
export function planFromFile(file: string, cwd: string): { plan: Plan; proof: PlanProof } {
  const plan = planArgsFile(file, cwd);
  try {
    return { plan, proof: assertPlanHolds(plan) };
  } catch (err) {
    if (err instanceof IntentViolationError) throw new CliUsageError(`${file}: ${err.message}`);
    throw err;
  }
}

export async function runPlan(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgsFileCommand(argv, io, {
    help: HELP,
    formats: FORMATS,
    options: { base: { type: "string" } },
  });
  if (!parsed) return 0;
  const { file, format } = parsed;
  const baseFile = typeof parsed.values.base === "string" ? parsed.values.base : undefined;
  if (baseFile !== undefined && format !== "tailnet") throw new CliUsageError("--base goes with -o tailnet");
  const fleet = readFleetFile(file, io.cwd);
  if (fleet) return runFleetPlan(file, fleet, format, io);
  const { plan, proof } = planFromFile(file, io.cwd);
  const tailnetPaths = proof.tailnetFlows.map((f) => f.text);
  const controlPlane = controlPlaneReport(plan);
  const access = controlPlane.access.map((a) => a.text);
  for (const warning of plan.warnings) io.stderr(`warning: ${warning}\n`);
  switch (format) {
    case "yaml":
      io.stdout(planYaml(plan));
      break;
    case "markdown":
      io.stdout(flowsMarkdown(plan.flows, enforcedBy(proof.report), proof.tailnetFlows));
      if (tailnetPaths.length)
        io.stdout(`\nTailnet paths:\n\n${tailnetPaths.map((t) => `- \`${t}\``).join("\n")}\n`);
      if (access.length) io.stdout(`\nAPI server access:\n\n${access.map((t) => `- \`${t}\``).join("\n")}\n`);
      break;
    case "tailnet":
      io.stdout(tailnetText(plan.tailnet, baseFile, plan.spec.tailnet.includeTests, io.cwd));
      break;
    case "access":
      if (!access.length) io.stderr("no apiServerProxy access is declared\n");
      io.stdout(access.map((l) => `${l}\n`).join(""));
      for (const command of controlPlane.kubeconfigCommands) io.stderr(`kubeconfig: ${command}\n`);
      break;
    case "mermaid":
      io.stdout(renderMermaid(flowsGraph(plan.flows, proof.tailnetFlows)));
      break;
    case "json":
      io.stdout(
        renderJson({
          operatorNamespace: plan.operatorNamespace,
          namespaces: plan.managedNamespaces,
          hostnames: plan.hostnames,
          flows: flowsJson(plan.flows),
          tailnetFlows: tailnetPaths,
          access,
          kubeconfigCommands: controlPlane.kubeconfigCommands,
          tailnetPolicy: plan.tailnet.policy,
          warnings: plan.warnings,
          observing: plan.observing,
        }),
      );
      break;
    default:
      io.stdout(renderTable(flowsTabular(plan.flows)));
      if (plan.observing.length)
        io.stdout(`\nOBSERVING (allow policies only, no default-deny yet)\n${plan.observing.join("\n")}\n`);
      if (tailnetPaths.length) io.stdout(`\nTAILNET PATHS\n${tailnetPaths.join("\n")}\n`);
      if (access.length) io.stdout(`\nAPI SERVER ACCESS\n${access.join("\n")}\n`);
  }
  return 0;
}
