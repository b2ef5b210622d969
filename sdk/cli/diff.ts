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
import { diffFlowSets, diffLines, type FlowSet, NOTHING_ALLOWED, planFlowSet } from "../verify/diff";
import { dataplaneOption } from "./dataplane-option";
import { leftOutNotice, parseDocuments, readExport } from "./files";
import { planFleetFile, readFleetFile } from "./fleet";
import { parseFormat, renderJson } from "./formats";
import { readArgsText, STDIN } from "./input";
import { type CliIo, CliUsageError } from "./io";
import { parseOptions } from "./options";
import { planFromFile } from "./plan";
import { renderClusterDiff } from "./render-cluster-diff";
import { type DiffPart, renderFlowDiff } from "./render-flow-diff";

const HELP = `usage: tailnet-zerotrust diff OLD NEW [-o table|markdown|json]

Prints the allowed flows that open and close between OLD and NEW, which are either
  - two ZeroTrustCluster args files (YAML or JSON): the planned flows, in the same lines as the
    component's \`flows\` output, and the proven tailnet paths;
  - two ZeroTrustFleet args files (a top-level "clusters" key): each cluster as above, then the
    links proven end to end; or
  - two cluster exports or folders of manifests (Namespaces, Pods, workloads, NetworkPolicies,
    e.g. kubectl get ns,pods,networkpolicies -A -o yaml): the connections the NetworkPolicies
    allow over ALL ports and ALL addresses, whatever ports containers declare. Pods are named by
    their workload (shop/deployment/web) or by namespace and labels; addresses are the ranges cut
    by both versions' ipBlocks (0.0.0.0/0 except 10.0.0.0/8). Each change names the policy that
    decides it in NEW.
Args files also compare the API server proxy's access: a source gaining a group, or a group
gaining a role, opens.
An empty file (e.g. /dev/null when the base branch has no args file yet) allows nothing.
A flow whose ports or endpoints change shows as its old line closing and its new line opening;
a line that changes no access shows as "same": a renamed flow, reordered ports, the new line of
a narrowed flow, or a flow whose namespaces left default-deny (still let through). A namespace
leaving default-deny (or dropped from namespaces) opens every path into and out of it, and says
so. Something opens when any (source, destination, protocol, port, address) is allowed in NEW and
not in OLD; the headline, the counts, the markers and the exit code always say the same.
A file that cannot be read, and kinds that are not modelled, are named on stderr.

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

type SideKind = "args" | "fleet" | "export" | "empty";

interface Side {
  readonly given: string;
  readonly kind: SideKind;
  readonly set: FlowSet;
  /** Fleets: each cluster's flows, and the links' lines. */
  readonly fleet?: { clusters: Map<string, FlowSet>; links: string[] };
  /** Exports (and an empty side compared with one): the cluster. */
  readonly cluster?: Cluster;
  /** False when a file of the export could not be read (named on stderr). */
  readonly complete: boolean;
  /** Exports: a network plugin's policies the engine skipped (they make the comparison unproven). */
  readonly policiesLeftOut?: string[];
}

const isMapping = (d: unknown): d is { [key: string]: unknown } =>
  typeof d === "object" && d !== null && !Array.isArray(d);

/** Args files are one mapping without `kind`; exports hold Kubernetes objects (or are folders of them). */
function detectKind(given: string, cwd: string): SideKind {
  const absolute = path.resolve(cwd, given);
  let text: string;
  try {
    if (given !== STDIN && fs.statSync(absolute).isDirectory()) return "export";
    text = readArgsText(given, cwd);
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    throw new CliUsageError(`${given}: cannot read: ${(err as Error).message}`);
  }
  const docs = parseDocuments(text, given).filter((d) => d !== null && d !== undefined);
  if (docs.length === 0) return "empty";
  if (docs.length === 1 && isMapping(docs[0]) && !("kind" in docs[0]) && !("apiVersion" in docs[0]))
    return "clusters" in docs[0] ? "fleet" : "args";
  if (given === STDIN)
    throw new CliUsageError("- (standard input) may hold args or a fleet; save cluster exports to a file");
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
  if (kind === "fleet") {
    const { plan, proof } = planFleetFile(given, readFleetFile(given, io.cwd)!);
    const clusters = new Map(plan.members.map((m) => [m.name, planFlowSet(m.plan, proof.proofs[m.name])]));
    const links = proof.links.map((l) => l.text);
    return { given, kind, set: NOTHING_ALLOWED, fleet: { clusters, links }, complete: true };
  }
  const { sources, complete, policiesLeftOut } = readExport([given], io, `${given}: `, dataplane);
  try {
    const cluster = buildClusterFromSources(sources, dataplane);
    return { given, kind, set: NOTHING_ALLOWED, cluster, complete, policiesLeftOut };
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliUsageError(`${given}: ${err.message}`);
    throw err;
  }
}

const KIND_NAMES: { [kind in SideKind]: string } = {
  args: "args file",
  fleet: "fleet file",
  export: "cluster export",
  empty: "empty",
};

const NO_FLEET = { clusters: new Map<string, FlowSet>(), links: [] as string[] };

/** Each cluster of either fleet (in the new fleet's order, then the dropped ones), then the links. */
function fleetParts(before: Side, after: Side): { parts: DiffPart[]; links: string[][] } {
  const [old, now] = [before.fleet ?? NO_FLEET, after.fleet ?? NO_FLEET];
  const names = [...new Set([...now.clusters.keys(), ...old.clusters.keys()])];
  const parts = names.map((name) => ({
    heading: `cluster ${name}${now.clusters.has(name) ? (old.clusters.has(name) ? "" : " (new)") : " (removed)"}`,
    diff: diffFlowSets(old.clusters.get(name) ?? NOTHING_ALLOWED, now.clusters.get(name) ?? NOTHING_ALLOWED),
  }));
  return { parts, links: [old.links, now.links] };
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
      `cannot compare ${before.given} (${KIND_NAMES[before.kind]}) with ${after.given} (${KIND_NAMES[after.kind]}): give two args files, two fleet files or two cluster exports`,
    );
  }
  const kind = kinds.has("export") ? "export" : kinds.has("fleet") ? "fleet" : "args";
  const sides = {
    old: { file: before.given, kind: before.kind },
    new: { file: after.given, kind: after.kind },
  };
  if (kind === "export") {
    const diff = diffClusters(before.cluster!, after.cluster!);
    const text = renderClusterDiff(
      format,
      diff,
      `cluster exports ${before.given} -> ${after.given}`,
      sides,
      COMMENT_MARKER,
    );
    // A plugin's policies left out on either side: "No change" would not be proven.
    const leftOut = [...(before.policiesLeftOut ?? []), ...(after.policiesLeftOut ?? [])];
    if (format === "json" && leftOut.length)
      io.stdout(renderJson({ ...JSON.parse(text), proven: false, policiesLeftOut: leftOut }));
    else io.stdout(format === "json" ? text : leftOutNotice(leftOut) + text);
    return before.complete && after.complete && leftOut.length === 0 ? (diff.opens ? 1 : 0) : 2;
  }
  if (kind === "fleet") {
    const { parts, links } = fleetParts(before, after);
    const { text, opens } = renderFlowDiff(
      format,
      parts,
      { lines: diffLines(links[0], links[1]) },
      { title: `fleet files ${before.given} -> ${after.given}`, sides, marker: COMMENT_MARKER },
    );
    io.stdout(text);
    return opens ? 1 : 0;
  }
  const { text, opens } = renderFlowDiff(
    format,
    [{ heading: "", diff: diffFlowSets(before.set, after.set) }],
    undefined,
    { title: `args files ${before.given} -> ${after.given}`, sides, marker: COMMENT_MARKER },
  );
  io.stdout(text);
  return opens ? 1 : 0;
}
