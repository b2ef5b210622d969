import * as fs from "node:fs";
import * as path from "node:path";
import { buildClusterFromSources, ReachabilityEngine, ReachInputError } from "../reach";
import {
  diffFlowSets,
  type FlowDiff,
  type FlowSet,
  type LineChange,
  matrixFlowSet,
  NOTHING_ALLOWED,
  planFlowSet,
} from "../verify/diff";
import { parseDocuments, readObjectFiles } from "./files";
import { parseFormat, renderJson, renderTable } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseOptions } from "./options";
import { planFromFile } from "./plan";

const HELP = `usage: tailnet-zerotrust diff OLD NEW [-o table|markdown|json]

Prints the allowed flows that open and close between OLD and NEW, which are either
  - two ZeroTrustCluster args files (YAML or JSON): the planned flows, in the same lines as the
    component's \`flows\` output, and the proven tailnet paths; or
  - two cluster exports (files or folders of Kubernetes objects, e.g.
    kubectl get ns,pods,networkpolicies -A -o yaml): the connections the NetworkPolicies allow,
    one line per source, destination and port, pods named by namespace and labels.
An empty file (e.g. /dev/null when the base branch has no args file yet) allows nothing.
A flow whose ports or endpoints change shows as its old line closing and its new line opening.

  -o, --output FORMAT    table (default), markdown (for pull-request comments) or json
  -h, --help             this help

exit codes: 0 nothing opens, 1 something opens (ask for a review), 2 unusable input
`;

const FORMATS = ["table", "markdown", "json"];

/** Marks the pull-request comment, so a workflow can find and update its own comment. */
export const COMMENT_MARKER = "<!-- tailnet-zerotrust diff -->";

type SideKind = "args" | "export" | "empty";

interface Side {
  readonly given: string;
  readonly kind: SideKind;
  readonly set: FlowSet;
}

/** Args files are one mapping without `kind`; exports are Kubernetes objects (or folders of them). */
function detectKind(given: string, cwd: string): SideKind {
  const absolute = path.resolve(cwd, given);
  let text: string;
  try {
    if (fs.statSync(absolute).isDirectory()) return "export";
    text = fs.readFileSync(absolute, "utf8");
  } catch (err) {
    throw new CliUsageError(`${given}: cannot read: ${(err as Error).message}`);
  }
  const docs = parseDocuments(text, given).filter((d) => d !== null && d !== undefined);
  const isMapping = (d: unknown): d is { [key: string]: unknown } =>
    typeof d === "object" && d !== null && !Array.isArray(d);
  if (docs.length === 0) return "empty";
  if (docs.length === 1 && isMapping(docs[0]) && !("kind" in docs[0]) && !("apiVersion" in docs[0]))
    return "args";
  if (docs.every((d) => isMapping(d) && typeof d.kind === "string")) return "export";
  throw new CliUsageError(
    `${given}: neither ZeroTrustCluster args (one mapping of operator, namespaces, allow, expose, ...) nor Kubernetes objects (documents with a kind)`,
  );
}

function readSide(given: string, cwd: string): Side {
  const kind = detectKind(given, cwd);
  if (kind === "empty") return { given, kind, set: NOTHING_ALLOWED };
  if (kind === "args") {
    const { plan, proof } = planFromFile(given, cwd);
    return { given, kind, set: planFlowSet(plan, proof) };
  }
  try {
    const cluster = buildClusterFromSources(readObjectFiles([given], cwd));
    return { given, kind, set: matrixFlowSet(new ReachabilityEngine(cluster).matrix()) };
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliUsageError(`${given}: ${err.message}`);
    throw err;
  }
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function summary(what: string, c: LineChange): string {
  if (c.opened.length === 0 && c.closed.length === 0)
    return `No change in ${what} (${c.unchanged} unchanged).`;
  return `${what[0].toUpperCase()}${what.slice(1)}: ${count(c.opened.length, "opens", "open")}, ${count(c.closed.length, "closes", "close")}, ${c.unchanged} unchanged.`;
}

function renderText(d: FlowDiff, title: string, withTailnet: boolean): string {
  const section = (what: string, column: string, c: LineChange) => {
    const rows = [...c.opened.map((l) => ["opens", l]), ...c.closed.map((l) => ["closes", l])];
    return `${summary(what, c)}\n${rows.length ? `\n${renderTable({ columns: ["CHANGE", column], rows })}` : ""}`;
  };
  return [
    `${title}\n`,
    section("allowed flows", "FLOW", d.flows),
    ...(withTailnet ? [section("tailnet paths", "PATH", d.tailnetPaths)] : []),
  ].join("\n");
}

/** A `diff` code block: GitHub shows opened lines green and closed lines red. */
function renderMarkdownDiff(d: FlowDiff, title: string, withTailnet: boolean): string {
  const section = (what: string, c: LineChange) => {
    const lines = [...c.opened.map((l) => `+ ${l}`), ...c.closed.map((l) => `- ${l}`)];
    const heading = `#### ${summary(what, c)}\n`;
    return lines.length ? `${heading}\n\`\`\`diff\n${lines.join("\n")}\n\`\`\`\n` : heading;
  };
  const verdict = d.opens
    ? "**This change opens access: review the lines marked `+`.**\n"
    : "Nothing opens.\n";
  return [
    `${COMMENT_MARKER}\n### tailnet-zerotrust: ${title}\n`,
    verdict,
    section("allowed flows", d.flows),
    ...(withTailnet ? [section("tailnet paths", d.tailnetPaths)] : []),
  ].join("\n");
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    output: { type: "string", short: "o", default: "table" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = parseFormat(String(values.output), FORMATS);
  if (positionals.length !== 2) {
    throw new CliUsageError(`expected two inputs, OLD and NEW; got ${positionals.length} (see --help)`);
  }
  const [before, after] = positionals.map((p) => readSide(p, io.cwd));
  const kinds = new Set([before.kind, after.kind].filter((k) => k !== "empty"));
  if (kinds.size > 1) {
    throw new CliUsageError(
      `cannot compare ${before.given} (${before.kind === "args" ? "args file" : "cluster export"}) with ${after.given} (${after.kind === "args" ? "args file" : "cluster export"}): give two args files or two cluster exports`,
    );
  }
  const kind = kinds.has("export") ? "export" : "args";
  const diff = diffFlowSets(before.set, after.set);
  const title = `${kind === "args" ? "args files" : "cluster exports"} ${before.given} -> ${after.given}`;
  switch (format) {
    case "json":
      io.stdout(
        renderJson({
          old: { file: before.given, kind: before.kind },
          new: { file: after.given, kind: after.kind },
          opens: diff.opens,
          flows: diff.flows,
          tailnetPaths: diff.tailnetPaths,
        }),
      );
      break;
    case "markdown":
      io.stdout(renderMarkdownDiff(diff, title, kind === "args"));
      break;
    default:
      io.stdout(renderText(diff, title, kind === "args"));
  }
  return diff.opens ? 1 : 0;
}
