import * as fs from "node:fs";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { parseArgs } from "node:util";
import {
  buildClusterFromSources,
  type ConnectionQuery,
  type DataplaneSemantics,
  parseCheck,
  queryEndpointText,
  ReachabilityEngine,
  ReachInputError,
  type ReachMatrix,
  UPSTREAM,
  type Verdict,
} from "../reach";
import { allowedConnections } from "../verify/cluster-diff";
import { dataplaneOption } from "./dataplane-option";
import { readExport } from "./files";
import {
  type Graph,
  type GraphNode,
  type OutputFormat,
  parseFormat,
  renderJson,
  renderView,
  type Tabular,
} from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { noteUndeclaredPorts, renderAllPorts } from "./reach-all-ports";

/**
 * `tailnet-zerotrust reach`: evaluates NetworkPolicies over exported Kubernetes objects, either
 * for the connections asked with `--check` / `--checks-file`, or as the whole matrix.
 */

const HELP = `usage: tailnet-zerotrust reach -f PATH [-f PATH ...] [--check "SRC -> DST:PORT/PROTO"]... [--checks-file FILE] [--all-ports] [-o FORMAT]

Evaluates Kubernetes NetworkPolicies (networking.k8s.io/v1), AdminNetworkPolicies and the
BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), and ClusterNetworkPolicies
(policy.networking.k8s.io/v1alpha2, Admin and Baseline tiers) over Namespaces, Nodes, Pods,
workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs,
CronJobs: one pod each from its template, named namespace/kind/name) and policies read from YAML
or JSON files, offline. Kinds that change reachability but are not modelled (Cilium and Calico
policies, ...) and documents without kind are named on stderr.

options:
  -f, --file PATH        a YAML/JSON file or a folder of them (multi-document YAML and kind: List
                         accepted, e.g. kubectl get ns,pods,networkpolicies -A -o yaml); repeatable
  --check CONNECTION     a connection to evaluate, "SRC -> DST:PORT/PROTO"; repeatable.
                         SRC and DST are namespace/pod, namespace/kind/name (a workload, e.g.
                         shop/deployment/web) or an IP address, an IPv6 destination in
                         brackets ("x/a -> [2001:db8::1]:443/TCP"); PORT a number or a port name
                         of the destination pod; PROTO TCP (default), UDP or SCTP. An IP address
                         of a pod is that pod; any other address is an external host (no policy side)
  --checks-file FILE     connections to evaluate, one per line (# starts a comment)
  --all-ports            the matrix over every port and address instead of declared container
                         ports: one row per source and destination with its port ranges, pods
                         named by workload or namespace and labels, addresses cut by the ipBlocks
  --dataplane NAME       judge as this dataplane does: upstream (default), cilium, calico,
                         kube-router, antrea, aws-vpc-cni, azure-npm or weave, optionally with
                         @VERSION (cilium@1.15) and, for Cilium, +nodes (policyCIDRMatchMode
                         nodes). Services, Endpoints and Nodes in the input are then used, and
                         on Cilium CiliumNetworkPolicies with toEntities too
  -o, --output FORMAT    table (default), json, markdown, csv, dot or mermaid
  -h, --help             this help

Without checks, prints the whole matrix: every pod to every other pod on each of the destination's
container ports, plus the external peers named by ipBlocks. Pods with identical labels in a
namespace form one group. Containers need not declare the ports they listen on: with
--all-ports, every port and every address is evaluated (what diff compares).

exit codes: 0 ran, 2 unusable input (also after printing the answer, when a file could not be
read: it is named on stderr and the answer covers the other files)
`;

interface ReachArgs {
  files: string[];
  dataplane: DataplaneSemantics;
  checks: { text: string; where: string }[];
  format: OutputFormat;
  allPorts: boolean;
  help: boolean;
}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  file: { type: "string", short: "f" },
  check: { type: "string" },
  "all-ports": { type: "boolean" },
  "checks-file": { type: "string" },
  dataplane: { type: "string" },
  output: { type: "string", short: "o" },
} as const;

/**
 * Node's option parser, read token by token: checks from `--check` and `--checks-file` keep their
 * order on the command line, and the first bad argument is the one reported. Each argument is one
 * option exactly as written or `--name=value`; grouped or glued short options (`-hf`, `-fPATH`)
 * are refused as unknown, as they always were here.
 */
function parseReachArgs(argv: string[], cwd: string): ReachArgs {
  const args: ReachArgs = {
    files: [],
    checks: [],
    format: "table",
    allPorts: false,
    help: false,
    dataplane: UPSTREAM,
  };
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, tokens: true });
  for (const token of tokens) {
    const written = argv[token.index];
    if (
      token.kind !== "option" ||
      !Object.hasOwn(OPTIONS, token.name) ||
      (written !== token.rawName && !(written.startsWith("--") && written.startsWith(`${token.rawName}=`)))
    )
      throw new CliUsageError(`unknown option "${written}" (see --help)`);
    const value = () => {
      if (token.value === undefined) throw new CliUsageError(`${token.rawName} needs a value (see --help)`);
      return token.value;
    };
    switch (token.name as keyof typeof OPTIONS) {
      case "help":
        args.help = true;
        break;
      case "file":
        args.files.push(value());
        break;
      case "check":
        args.checks.push({ text: value(), where: "--check" });
        break;
      case "all-ports":
        args.allPorts = true;
        break;
      case "checks-file":
        for (const c of readChecksFile(value(), cwd)) args.checks.push(c);
        break;
      case "dataplane":
        args.dataplane = dataplaneOption(value());
        break;
      case "output":
        args.format = parseFormat(value());
        break;
    }
  }
  if (!args.help && args.files.length === 0)
    throw new CliUsageError("no input: give at least one -f PATH (see --help)");
  return args;
}

/**
 * The checks of a file, one per line, read in chunks: a file of any size works (a million lines
 * once overflowed the call stack when spread into `push`), and memory holds one chunk of text.
 */
function* readChecksFile(file: string, cwd: string): Generator<{ text: string; where: string }> {
  let fd: number;
  try {
    fd = fs.openSync(path.resolve(cwd, file), "r");
  } catch (err) {
    throw new CliUsageError(`--checks-file ${file}: cannot read: ${(err as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    const decoder = new StringDecoder("utf8");
    let rest = "";
    let line = 0;
    const check = (raw: string) => ({ text: raw.replace(/#.*/, "").trim(), where: `${file}:${++line}` });
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) {
      const lines = (rest + decoder.write(buffer.subarray(0, n))).split("\n");
      rest = lines.pop()!;
      for (const raw of lines) {
        const c = check(raw);
        if (c.text !== "") yield c;
      }
    }
    const last = check(rest + decoder.end());
    if (last.text !== "") yield last;
  } finally {
    fs.closeSync(fd);
  }
}

/** Turns engine input errors into usage errors (exit code 2), prefixed with where the input came from. */
function usable<T>(fn: () => T, where?: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ReachInputError)
      throw new CliUsageError(where ? `${where}: ${err.message}` : err.message);
    throw err;
  }
}

/** Progress on stderr, only for a terminal, at most ten updates a second. */
function progress(io: CliIo) {
  let last = 0;
  return {
    update(label: string, done: number, total: number) {
      if (!io.stderrIsTTY || (Date.now() - last < 100 && done < total)) return;
      last = Date.now();
      io.stderr(`\r${label} ${done}/${total}`);
    },
    done() {
      if (io.stderrIsTTY && last > 0) io.stderr("\r\x1b[K");
    },
  };
}

export async function runReach(argv: string[], io: CliIo): Promise<number> {
  const args = parseReachArgs(argv, io.cwd);
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  const queries = args.checks.map((c) => usable(() => parseCheck(c.text), c.where));
  const { sources, complete } = readExport(args.files, io, "", args.dataplane);
  const cluster = usable(() => buildClusterFromSources(sources, args.dataplane));
  const bar = progress(io);
  const engine = new ReachabilityEngine(cluster);
  if (queries.length > 0) {
    const verdicts = queries.map((q, i) => {
      bar.update("reach: checks", i + 1, queries.length);
      return usable(() => engine.check(q), args.checks[i].where);
    });
    bar.done();
    io.stdout(renderChecks(args.format, queries, verdicts));
  } else if (args.allPorts) {
    io.stdout(renderAllPorts(args.format, cluster.pods.length, allowedConnections(cluster)));
  } else {
    noteUndeclaredPorts(cluster, io);
    const matrix = engine.matrix({
      onProgress: (done, total) => bar.update("reach: matrix, destination groups", done, total),
    });
    bar.done();
    io.stdout(renderMatrix(args.format, matrix));
  }
  return complete ? 0 : 2;
}

export function renderChecks(
  format: OutputFormat,
  queries: readonly ConnectionQuery[],
  verdicts: readonly Verdict[],
): string {
  const checks = queries.map((q, i) => ({
    from: queryEndpointText(q.from),
    to: queryEndpointText(q.to),
    port: q.port,
    protocol: q.protocol,
    allowed: verdicts[i].allowed,
    reason: verdicts[i].reason,
  }));
  if (format === "json") return renderJson({ checks });
  const table: Tabular = {
    columns: ["FROM", "TO", "PORT", "PROTOCOL", "VERDICT", "REASON"],
    rows: checks.map((c) => [c.from, c.to, c.port, c.protocol, c.allowed ? "allowed" : "denied", c.reason]),
  };
  const nodes = new Map<string, GraphNode>();
  for (const q of queries) {
    for (const e of [q.from, q.to]) {
      const id = queryEndpointText(e);
      nodes.set(id, "pod" in e ? { id, group: e.pod.split("/")[0] } : { id, shape: "ellipse" });
    }
  }
  const graph: Graph = {
    nodes: [...nodes.values()],
    edges: checks.map((c) => ({
      from: c.from,
      to: c.to,
      label: `${c.port}/${c.protocol}${c.allowed ? "" : " denied"}`,
      style: c.allowed ? "solid" : "dashed",
    })),
  };
  return renderView(format, table, graph);
}

const flowPort = (f: ReachMatrix["flows"][number]) =>
  f.portName ? `${f.port} (${f.portName})` : String(f.port);

export function renderMatrix(format: OutputFormat, m: ReachMatrix): string {
  if (format === "json") return renderJson(m);
  const { pods, policies, adminPolicies, allowed, denied } = m.summary;
  const admin = adminPolicies === undefined ? "" : ` (and ${adminPolicies} admin policies)`;
  const summary = `${pods} pods, ${policies} policies${admin}: ${allowed} allowed and ${denied} denied (source pod, destination pod, destination port) connections`;
  const flows: Tabular = {
    columns: ["FROM", "TO", "PORT", "PROTOCOL", "CONNECTIONS"],
    rows: m.flows.map((f) => [f.from, f.to, flowPort(f), f.protocol, f.connections]),
  };
  const groups: Tabular = {
    columns: ["GROUP", "PODS"],
    rows: m.groups.filter((g) => g.pods.length > 1).map((g) => [g.id, g.pods.join(" ")]),
  };
  const edges = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const f of m.flows) {
    const key = `${f.from}\u0000${f.to}`;
    const edge = edges.get(key) ?? { from: f.from, to: f.to, labels: [] };
    edge.labels.push(`${f.port}/${f.protocol}`);
    edges.set(key, edge);
  }
  const graph: Graph = {
    nodes: [
      ...m.groups.map((g) => ({
        id: g.id,
        label: g.pods.length > 1 ? `${g.id} (${g.pods.length} pods)` : g.id,
        group: g.namespace,
      })),
      ...m.externals.map((e) => ({ id: e.id, shape: "ellipse" as const })),
    ],
    edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, label: e.labels.join(", ") })),
  };
  switch (format) {
    case "table":
      return `${summary}\n\n${renderView("table", flows, graph)}${groups.rows.length ? `\n${renderView("table", groups, graph)}` : ""}`;
    case "markdown":
      return `${summary}.\n\n${renderView("markdown", flows, graph)}${groups.rows.length ? `\n${renderView("markdown", groups, graph)}` : ""}`;
    default:
      return renderView(format, flows, graph);
  }
}
