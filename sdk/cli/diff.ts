import * as fs from "node:fs";
import * as path from "node:path";
import {
  buildClusterFromSources,
  type Cluster,
  type DataplaneSemantics,
  ReachInputError,
  UPSTREAM,
} from "../reach";
import { diffClusters } from "../verify/cluster-diff";
import {
  diffFlowSets,
  type FlowDiff,
  type FlowSet,
  type LineChange,
  NOTHING_ALLOWED,
  planFlowSet,
} from "../verify/diff";
import { dataplaneOption } from "./dataplane-option";
import { parseDocuments, readExport } from "./files";
import { parseFormat, renderJson, renderTable } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseOptions } from "./options";
import { planFromFile } from "./plan";
import { renderClusterDiff } from "./render-cluster-diff";

const HELP = `usage: tailnet-zerotrust diff OLD NEW [-o table|markdown|json]

Prints the allowed flows that open and close between OLD and NEW, which are either
  - two ZeroTrustCluster args files (YAML or JSON): the planned flows, in the same lines as the
    component's \`flows\` output, and the proven tailnet paths; or
  - two cluster exports or folders of manifests (Namespaces, Pods, workloads, NetworkPolicies,
    e.g. kubectl get ns,pods,networkpolicies -A -o yaml): the connections the NetworkPolicies
    allow over ALL ports and ALL addresses, whatever ports containers declare. Pods are named by
    their workload (shop/deployment/web) or by namespace and labels; addresses are the ranges cut
    by both versions' ipBlocks (0.0.0.0/0 except 10.0.0.0/8). Each change names the policy that
    decides it in NEW.
Args files also compare the API server proxy's access: a source gaining a group, or a group
gaining a role, opens.
An empty file (e.g. /dev/null when the base branch has no args file yet) allows nothing.
A flow whose ports or endpoints change shows as its old line closing and its new line opening.
Something opens when any (source, destination, protocol, port, address) is allowed in NEW and
not in OLD. A file that cannot be read, and kinds that are not modelled, are named on stderr.

  -o, --output FORMAT    table (default), markdown (for pull-request comments) or json
  --dataplane NAME       cluster exports: judge as this dataplane does (as reach --dataplane):
                         upstream (default), cilium, calico, ... with @VERSION or +nodes
  -h, --help             this help

exit codes: 0 nothing opens, 1 something opens (ask for a review), 2 unusable input (also after
printing the comparison when a file of an export could not be read)
`;

const FORMATS = ["table", "markdown", "json"];

/** Marks the pull-request comment, so a workflow can find and update its own comment. */
export const COMMENT_MARKER = "<!-- tailnet-zerotrust diff -->";

type SideKind = "args" | "export" | "empty";

interface Side {
  readonly given: string;
  readonly kind: SideKind;
  readonly set: FlowSet;
  /** Exports (and an empty side compared with one): the cluster. */
  readonly cluster?: Cluster;
  /** False when a file of the export could not be read (named on stderr). */
  readonly complete: boolean;
}

const isMapping = (d: unknown): d is { [key: string]: unknown } =>
  typeof d === "object" && d !== null && !Array.isArray(d);

/** Args files are one mapping without `kind`; exports hold Kubernetes objects (or are folders of them). */
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
  if (docs.length === 0) return "empty";
  if (docs.length === 1 && isMapping(docs[0]) && !("kind" in docs[0]) && !("apiVersion" in docs[0]))
    return "args";
  // Documents without kind among objects are named on stderr by the export reader, not refused.
  if (docs.every(isMapping) && docs.some((d) => typeof d.kind === "string")) return "export";
  throw new CliUsageError(
    `${given}: neither ZeroTrustCluster args (one mapping of operator, namespaces, allow, expose, ...) nor Kubernetes objects (documents with a kind)`,
  );
}

function readSide(given: string, io: CliIo, dataplane: DataplaneSemantics): Side {
  const kind = detectKind(given, io.cwd);
  if (kind === "empty")
    return {
      given,
      kind,
      set: NOTHING_ALLOWED,
      cluster: buildClusterFromSources([], dataplane),
      complete: true,
    };
  if (kind === "args") {
    const { plan, proof } = planFromFile(given, io.cwd);
    return { given, kind, set: planFlowSet(plan, proof), complete: true };
  }
  const { sources, complete } = readExport([given], io, `${given}: `, dataplane);
  try {
    const cluster = buildClusterFromSources(sources, dataplane);
    return { given, kind, set: NOTHING_ALLOWED, cluster, complete };
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

/** The API server section only when either side declares any (most declarations have none). */
const hasAccess = (d: FlowDiff) => d.access.opened.length + d.access.closed.length + d.access.unchanged > 0;

function renderText(d: FlowDiff, title: string): string {
  const section = (what: string, column: string, c: LineChange) => {
    const rows = [...c.opened.map((l) => ["opens", l]), ...c.closed.map((l) => ["closes", l])];
    return `${summary(what, c)}\n${rows.length ? `\n${renderTable({ columns: ["CHANGE", column], rows })}` : ""}`;
  };
  return [
    `${title}\n`,
    section("allowed flows", "FLOW", d.flows),
    section("tailnet paths", "PATH", d.tailnetPaths),
    ...(hasAccess(d) ? [section("API server access", "ACCESS", d.access)] : []),
  ].join("\n");
}

/** A `diff` code block: GitHub shows opened lines green and closed lines red. */
function renderMarkdownDiff(d: FlowDiff, title: string): string {
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
    section("tailnet paths", d.tailnetPaths),
    ...(hasAccess(d) ? [section("API server access", d.access)] : []),
  ].join("\n");
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    output: { type: "string", short: "o", default: "table" },
    dataplane: { type: "string" },
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
  const dataplane = values.dataplane === undefined ? UPSTREAM : dataplaneOption(String(values.dataplane));
  const [before, after] = positionals.map((p) => readSide(p, io, dataplane));
  const kinds = new Set([before.kind, after.kind].filter((k) => k !== "empty"));
  if (kinds.size > 1) {
    throw new CliUsageError(
      `cannot compare ${before.given} (${before.kind === "args" ? "args file" : "cluster export"}) with ${after.given} (${after.kind === "args" ? "args file" : "cluster export"}): give two args files or two cluster exports`,
    );
  }
  const kind = kinds.has("export") ? "export" : "args";
  const sides = {
    old: { file: before.given, kind: before.kind },
    new: { file: after.given, kind: after.kind },
  };
  if (kind === "export") {
    const diff = diffClusters(before.cluster!, after.cluster!);
    io.stdout(
      renderClusterDiff(
        format,
        diff,
        `cluster exports ${before.given} -> ${after.given}`,
        sides,
        COMMENT_MARKER,
      ),
    );
    return before.complete && after.complete ? (diff.opens ? 1 : 0) : 2;
  }
  const diff = diffFlowSets(before.set, after.set);
  const title = `args files ${before.given} -> ${after.given}`;
  switch (format) {
    case "json":
      io.stdout(
        renderJson({
          ...sides,
          opens: diff.opens,
          flows: diff.flows,
          tailnetPaths: diff.tailnetPaths,
          access: diff.access,
        }),
      );
      break;
    case "markdown":
      io.stdout(renderMarkdownDiff(diff, title));
      break;
    default:
      io.stdout(renderText(diff, title));
  }
  return diff.opens ? 1 : 0;
}
