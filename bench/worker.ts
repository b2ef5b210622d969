import * as fs from "node:fs";
import { readObjectFiles } from "../sdk/cli/files";
import { main } from "../sdk/cli/main";
import { renderChecks } from "../sdk/cli/reach";
import {
  buildClusterFromSources,
  naiveCheck,
  naiveMatrixCount,
  parseCheck,
  ReachabilityEngine,
  type Verdict,
} from "../sdk/reach";
import { addressPartition } from "../sdk/reach/netpol/addresses";
import { computeSpans } from "../sdk/reach/netpol/spans";
import { comparedName } from "../sdk/verify/cluster-diff";

/**
 * One benchmark run in its own process, so that the parent times the whole process.
 * usage: worker.js FILE fast|naive matrix|checks [CHECKS_FILE] [CAP_MS]
 *        worker.js FILE spans              the all-ports, all-addresses matrix `diff` computes per version
 *        worker.js FILE diff NEW_FILE      `tailnet-zerotrust diff FILE NEW_FILE -o json`
 * "fast" runs the real command, `tailnet-zerotrust reach -f FILE -o json [--checks-file F]`, with
 * stdout kept in memory. "naive" reads the same file the same way, evaluates the same connections
 * with the naive evaluator (checks rendered as the command does), and stops at CAP_MS.
 * Prints one JSON line with the verdict counts and, for naive runs, the fraction done.
 */
/** Runs the command in this process with its stdout captured (stderr dropped, as a pipe would see it). */
async function runCommand(argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const io = {
    stdout: (t: string) => {
      out += t;
    },
    stderr: () => {},
    stderrIsTTY: false,
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, out };
}

async function run() {
  const [file, evaluator, mode, checksFile, capText] = process.argv.slice(2);
  const deadline = Date.now() + Number(capText || Number.POSITIVE_INFINITY);
  if (evaluator === "spans") {
    const engine = new ReachabilityEngine(buildClusterFromSources(readObjectFiles([file], process.cwd())));
    const spans = computeSpans(engine.index, {
      addresses: addressPartition(engine.index.blocks),
      nameOf: comparedName,
    });
    console.log(JSON.stringify({ keys: spans.size }));
    return;
  }
  if (evaluator === "diff") {
    const { code, out } = await runCommand(["diff", file, mode, "-o", "json"]);
    const { opened, closed, unchanged } = JSON.parse(out);
    console.log(JSON.stringify({ code, opened: opened.length, closed: closed.length, unchanged }));
    return;
  }
  if (evaluator === "fast") {
    const extra = mode === "checks" ? ["--checks-file", checksFile] : [];
    const { code, out } = await runCommand(["reach", "-f", file, "-o", "json", ...extra]);
    // Counted from the text: parsing tens of megabytes of JSON again would time the harness, not the command.
    const count = (needle: string) => out.split(needle).length - 1;
    const result =
      mode === "checks"
        ? { allowed: count('"allowed": true'), checks: count('"allowed": ') }
        : JSON.parse(`{${/"summary": (\{[^}]*\})/.exec(out)![0]}}`).summary;
    console.log(JSON.stringify({ code, ...result, bytes: out.length }));
    return;
  }
  const cluster = buildClusterFromSources(readObjectFiles([file], process.cwd()));
  if (mode === "matrix") {
    const count = naiveMatrixCount(cluster, deadline);
    console.log(JSON.stringify({ ...count, fraction: count.sourcesDone / cluster.pods.length }));
    return;
  }
  const queries = fs.readFileSync(checksFile, "utf8").trim().split("\n").map(parseCheck);
  const verdicts: Verdict[] = [];
  for (const q of queries) {
    if (Date.now() > deadline) break;
    verdicts.push(naiveCheck(cluster, q));
  }
  const rendered = renderChecks("json", queries.slice(0, verdicts.length), verdicts);
  const allowed = verdicts.filter((v) => v.allowed).length;
  console.log(
    JSON.stringify({
      allowed,
      checks: verdicts.length,
      fraction: verdicts.length / queries.length,
      bytes: rendered.length,
    }),
  );
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
