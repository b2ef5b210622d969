import * as fs from "node:fs";
import * as path from "node:path";
import { audit } from "../policy/audit";
import { RULES } from "../policy/catalog";
import type { PackConfig } from "../policy/evaluate";
import { ReachInputError } from "../reach";
import { readExport } from "./files";
import { parseFormat, renderJson, renderMarkdown, renderTable, type Tabular } from "./formats";
import { type CliIo, CliUsageError } from "./io";

/**
 * `tailnet-zerotrust audit`: the guardrails of the policy pack (tailnet-zerotrust/policy) over a
 * live export or a folder of manifests, for clusters Pulumi does not manage.
 */

const HELP = `usage: tailnet-zerotrust audit -f PATH [-f PATH ...] [--config FILE] [-o table|json|markdown]

Runs the guardrails of the tailnet-zerotrust policy pack over Kubernetes objects read from YAML or
JSON files: a live export, e.g.
  kubectl get ns,netpol,svc,ing,deploy,sts,ds,pods -A -o yaml > cluster.yaml
or a folder of manifests. Rules: namespace-default-deny, dns-reachable, no-public-service,
no-public-ingress, no-funnel, no-oauth-secret-in-values, no-world-ingress, no-host-network,
no-allow-all, operator-isolated (docs/guardrails.md).

options:
  -f, --file PATH        a YAML/JSON file or a folder of them (multi-document YAML and kind: List
                         accepted); repeatable
  --config FILE          levels and settings per rule, the JSON of pulumi --policy-pack-config:
                         { "no-host-network": "disabled", "no-public-service": { "allow": ["ingress-nginx/*"] } }
  -o, --output FORMAT    table (default), json or markdown
  -h, --help             this help

JSON: { "violations": [{ "policy", "resource", "message", "enforcementLevel" }] }, resource as
"Kind namespace/name".

A network plugin's own policies (Calico, Antrea, Cilium off Cilium) are not modelled: the rules the
reachability engine judges (namespace-default-deny, dns-reachable, operator-isolated) then report
"not checked" instead of passing.

exit codes: 0 no mandatory rule violated, 1 a mandatory rule violated, 2 unusable input (also after
printing the answer, when a file could not be read, or when a mandatory rule could not be judged)
`;

const FORMATS = ["table", "json", "markdown"];

interface AuditArgs {
  files: string[];
  config?: string;
  format: string;
  help: boolean;
}

function parseArgs(argv: readonly string[]): AuditArgs {
  const args: AuditArgs = { files: [], format: "table", help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith("--") && argv[i].includes("=") ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliUsageError(`${flag} needs a value (see --help)`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        args.help = true;
        break;
      case "-f":
      case "--file":
        args.files.push(value());
        break;
      case "--config":
        args.config = value();
        break;
      case "-o":
      case "--output":
        args.format = parseFormat(value(), FORMATS);
        break;
      default:
        throw new CliUsageError(`unknown option "${argv[i]}" (see --help)`);
    }
  }
  if (!args.help && args.files.length === 0)
    throw new CliUsageError("no input: give at least one -f PATH (see --help)");
  return args;
}

const LEVELS = new Set(["advisory", "mandatory", "remediate", "disabled"]);

function readConfig(file: string, cwd: string): PackConfig {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.resolve(cwd, file), "utf8"));
  } catch (err) {
    throw new CliUsageError(`--config ${file}: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new CliUsageError(`--config ${file}: expected an object of rule names`);
  const names = RULES.map((r) => r.name);
  for (const [rule, setting] of Object.entries(value)) {
    if (!names.includes(rule))
      throw new CliUsageError(`--config ${file}: unknown rule "${rule}" (rules: ${names.join(", ")})`);
    const level =
      typeof setting === "string" ? setting : (setting as { enforcementLevel?: string })?.enforcementLevel;
    if (level !== undefined && !LEVELS.has(level))
      throw new CliUsageError(
        `--config ${file}: ${rule}: unknown level "${level}" (advisory, mandatory, remediate or disabled)`,
      );
  }
  return value as PackConfig;
}

export async function runAudit(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  const config = args.config ? readConfig(args.config, io.cwd) : {};
  const { sources, complete, policiesLeftOut } = readExport(args.files, io);
  let result: ReturnType<typeof audit>;
  try {
    result = audit(
      sources.flatMap((s) => s.objects),
      config,
      policiesLeftOut,
    );
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliUsageError(err.message);
    throw err;
  }
  const { violations } = result;
  if (args.format === "json") io.stdout(renderJson({ violations }));
  else {
    const table: Tabular = {
      columns: ["POLICY", "LEVEL", "RESOURCE", "MESSAGE"],
      rows: violations.map((v) => [v.policy, v.enforcementLevel, v.resource, v.message]),
    };
    if (violations.length === 0) io.stdout("no violations\n");
    else io.stdout(args.format === "markdown" ? renderMarkdown(table) : renderTable(table));
  }
  if (!complete || result.uncheckedMandatory) return 2;
  return result.mandatory ? 1 : 0;
}
