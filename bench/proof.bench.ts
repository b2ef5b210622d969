import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileSources, type Run, runNode } from "./compiled";
import { platformDeclaration } from "./declaration";

/**
 * `npm run bench`, second part: the construction-time proof at platform scale (issue 8). For the
 * declaration of bench/declaration.ts at 100, 200 and 400 namespaces, each in its own process of
 * compiled JavaScript: planning and `assertPlanHolds` (timed inside the process), the whole
 * `new ZeroTrustCluster` under the Pulumi mocks of tests/harness.ts until every registration is
 * processed, and the baseline: the same planned objects registered as plain `@pulumi/kubernetes`
 * resources under the same mocks. Then `tailnet-zerotrust verify -f` of the 200-namespace
 * declaration as a whole process of the compiled command, next to `--help` (start-up alone).
 */

const SIZES = (process.env.PROOF_BENCH_SIZES ?? "100,200,400").split(",").filter(Boolean).map(Number);
const VERIFY_SIZE = Number(process.env.PROOF_BENCH_VERIFY_SIZE ?? 200);
const REPEAT = Number(process.env.PROOF_BENCH_REPEAT ?? 3);
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), "proof-bench-js-"));
const WORKER = path.join(OUT, "bench", "proof-worker.js");

const s = (seconds: number) => `${seconds.toFixed(2)} s`;
/** Wall time, and the CPU time of the process in parentheses (steadier when the machine is shared). */
const both = (wall: number, cpu: number) => `${s(wall)} (${s(cpu)} CPU)`;

/**
 * The command as bin/ runs it from dist/: `main(argv)` of the compiled CLI, its output captured,
 * then one line on stderr with the exit code and the CPU seconds the whole process used.
 */
function cli(args: string[]): Run {
  const main = JSON.stringify(path.join(OUT, "sdk", "cli", "main.js"));
  const script = `require(${main}).main(process.argv.slice(1)).then((code) => {
    const u = process.cpuUsage();
    process.stderr.write(JSON.stringify({ code, cpu: (u.user + u.system) / 1e6 }) + "\\n");
  })`;
  const run = runNode(["-e", script, "--", ...args], false);
  return { ...run, result: JSON.parse(run.stderr.trim().split("\n").pop()!) };
}

/** The fastest of a few runs: on a shared machine the others measure the neighbours. */
function best(runOnce: () => Run): Run {
  const runs = Array.from({ length: REPEAT }, runOnce);
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function main() {
  compileSources(OUT);
  console.log(
    `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), best of ${REPEAT} for verify -f\n`,
  );
  const rows: string[] = [];
  for (const n of SIZES) {
    console.error(`${n} namespaces: running...`);
    const proof = runNode([WORKER, "proof", String(n)]).result;
    const component = runNode([WORKER, "component", String(n)]);
    const baseline = runNode([WORKER, "baseline", String(n)]);
    const c = component.result;
    const b = baseline.result;
    rows.push(
      `| ${n} | ${proof.flows} | ${proof.checked.toLocaleString("en-US")} | ${b.registered} | ${both(proof.planSeconds, proof.planCpu)} | ${both(proof.proofSeconds, proof.proofCpu)} | ${both(c.seconds, c.cpu)} | ${both(b.seconds, b.cpu)} | ${(c.seconds / b.seconds).toFixed(2)}x (${(c.cpu / b.cpu).toFixed(2)}x CPU) |`,
    );
    console.error(rows[rows.length - 1]);
  }
  console.log(
    "| namespaces | flows | connections proven | resources | plan | proof (`assertPlanHolds`) | `new ZeroTrustCluster` (mocks) | plain resources (mocks) | component / plain |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);

  const file = path.join(OUT, `platform-${VERIFY_SIZE}.json`);
  fs.writeFileSync(file, JSON.stringify(platformDeclaration(VERIFY_SIZE)));
  const verify = best(() => cli(["verify", "-f", file]));
  const help = best(() => cli(["--help"]));
  console.log("\n| command (whole process, compiled) | time | exit |");
  console.log("| --- | --- | --- |");
  console.log(
    `| \`verify -f\` ${VERIFY_SIZE} namespaces | ${both(verify.seconds, verify.result.cpu)} | ${verify.result.code} |`,
  );
  console.log(`| \`--help\` (start-up) | ${both(help.seconds, help.result.cpu)} | ${help.result.code} |`);
  fs.rmSync(OUT, { recursive: true, force: true });
}

main();
