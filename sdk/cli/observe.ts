import * as fs from "node:fs";
import * as path from "node:path";
import type { Readable } from "node:stream";
import {
  Aggregator,
  addressBook,
  buildReport,
  FlowInputError,
  judge,
  nameAddresses,
  readFlowLog,
  renderObserveText,
} from "../observe";
import { buildClusterFromSources } from "../reach/load/load";
import { readArgsFile } from "./args";
import { readExport } from "./files";
import { renderJson } from "./formats";
import { type CliIo, CliUsageError } from "./io";
import { parseArgsFileCommand } from "./options";
import { planArgsFile } from "./plan";

const HELP = `usage: tailnet-zerotrust observe -f ARGS.yaml --flows FILE [--flows FILE ...] [--cluster PATH ...]
                                [-o table|markdown|json] [--suggest]

Reads flow logs of the traffic a cluster really makes and judges every connection against what
ARGS.yaml plans (its policies and dataplane profile): which it would block, which it allows,
and what it leaves aside. Nothing is applied to any cluster.

  -f, --file ARGS.yaml   the ZeroTrustCluster args (YAML or JSON)
  --flows FILE           a flow log (repeatable; - reads standard input); the format is detected:
                         Hubble (hubble observe -o json, the Hubble exporter's files), Calico
                         (Goldmane / Whisker flows, 3.30+), or CSV with the header
                         src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol
  --cluster PATH         objects exported from the cluster (repeatable), to name addresses:
                         a pod's IP is that pod, a Service's ClusterIP its pods
  --suggest              print the least-privilege allow entries that admit the blocked
                         connections, proven first (with them, nothing observed is blocked and
                         nothing else opens)
  -o, --output FORMAT    table (default), markdown or json
  -h, --help             this help

exit codes: 0 nothing observed would be blocked, 1 something would, 2 unusable input
`;

const FORMATS = ["table", "markdown", "json"];
type ObserveIo = CliIo & { stdin?: Readable };

function open(file: string, io: ObserveIo): Readable {
  if (file === "-") return io.stdin ?? process.stdin;
  const absolute = path.resolve(io.cwd, file);
  try {
    if (!fs.statSync(absolute).isFile()) throw new Error("not a file");
  } catch (err) {
    throw new CliUsageError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return fs.createReadStream(absolute);
}

export async function runObserve(argv: string[], io: ObserveIo): Promise<number> {
  const parsed = parseArgsFileCommand(argv, io, {
    help: HELP,
    formats: FORMATS,
    options: {
      flows: { type: "string", multiple: true },
      cluster: { type: "string", multiple: true },
      suggest: { type: "boolean" },
    },
  });
  if (!parsed) return 0;
  const { file, format, values } = parsed;
  const flowFiles = (values.flows as string[] | undefined) ?? [];
  if (flowFiles.length === 0) throw new CliUsageError("no flow log: give --flows FILE (see --help)");
  const plan = planArgsFile(file, io.cwd);
  const aggregate = new Aggregator();
  const files = [];
  for (const flowFile of flowFiles) {
    const name = flowFile === "-" ? "stdin" : flowFile;
    const progress = io.stderrIsTTY
      ? (n: number) => io.stderr(`\robserve: ${name}: ${n.toLocaleString("en-US")} lines read`)
      : undefined;
    try {
      const detected = await readFlowLog(open(flowFile, io), name, aggregate, { onLines: progress });
      files.push({ file: name, format: detected ?? "empty" });
    } catch (err) {
      if (err instanceof FlowInputError) throw new CliUsageError(err.message);
      if ((err as NodeJS.ErrnoException).code)
        throw new CliUsageError(`${name}: cannot read: ${(err as Error).message}`);
      throw err;
    }
    if (progress) io.stderr("\n");
  }
  let groups = [...aggregate.groups.values()];
  const clusterPaths = (values.cluster as string[] | undefined) ?? [];
  if (clusterPaths.length) {
    const exported = readExport(clusterPaths, io, "", plan.spec.dataplane.semantics);
    if (!exported.complete) return 2;
    groups = nameAddresses(groups, addressBook(buildClusterFromSources(exported.sources)));
  }
  const judged = judge(plan, groups);
  const report = buildReport(file, files, aggregate, judged);
  if (values.suggest) {
    const { suggestFlows } = await import("../observe/suggest");
    const { suggestion, text } = suggestFlows(readArgsFile(file, io.cwd), plan, report, groups);
    io.stdout(
      format === "json"
        ? renderJson({ ...report, suggest: suggestion })
        : `${renderObserveText(report, format === "markdown")}${text}`,
    );
    if (!suggestion.proof.holds && suggestion.proof.blockedAfter < 0) return 2;
  } else {
    io.stdout(format === "json" ? renderJson(report) : renderObserveText(report, format === "markdown"));
  }
  return report.blocked.length > 0 ? 1 : 0;
}
