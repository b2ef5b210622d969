import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileSources, type Run, runNode } from "./compiled";
import { generateCluster, prng } from "./generate";

/**
 * `npm run bench`: times the `reach` command (whole process: start-up, reading the JSON export,
 * building the index, evaluating, rendering JSON) on synthetic clusters of 1,000, 5,000 and 20,000
 * pods, for the full matrix and for 100,000 checks, next to the naive evaluator on the same input;
 * then the all-ports matrix `diff` computes per version, and `diff` itself between the cluster and
 * a copy where one ingress rule loses its ports.
 * The naive runs are capped (NAIVE_CAP_SECONDS) and extrapolated linearly from the share done;
 * such figures are marked "~" (estimated).
 */

const SIZES = (process.env.BENCH_SIZES ?? "1000,5000,20000").split(",").map(Number);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 100_000);
const NAIVE_CAP_SECONDS = Number(process.env.NAIVE_CAP_SECONDS ?? 120);
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), "reach-bench-js-"));
const WORKER = path.join(OUT, "bench", "worker.js");

const run = (args: string[]): Run => runNode([WORKER, ...args]);

/** 100,000 random pod-to-pod connections on the destination's container ports, seeded. */
function checksFor(objects: ReturnType<typeof generateCluster>, count: number): string {
  const random = prng(7);
  const pods = objects.filter((o) => o.kind === "Pod");
  const lines: string[] = [];
  while (lines.length < count) {
    const src = pods[Math.floor(random() * pods.length)];
    const dst = pods[Math.floor(random() * pods.length)];
    if (src === dst) continue;
    const ports = dst.spec.containers[0].ports;
    const p = ports[Math.floor(random() * ports.length)];
    const key = (o: typeof src) => `${o.metadata!.namespace}/${o.metadata!.name}`;
    lines.push(`${key(src)} -> ${key(dst)}:${p.containerPort}/${p.protocol ?? "TCP"}`);
  }
  return lines.join("\n") + "\n";
}

const fmt = (r: Run) => {
  const fraction = r.result.fraction ?? 1;
  if (fraction >= 1) return `${r.seconds.toFixed(2)} s`;
  const done = `${(fraction * 100).toFixed(fraction < 0.001 ? 3 : 1)}%`;
  return `stopped at ${r.seconds.toFixed(0)} s, ${done} done (~${(r.seconds / fraction).toFixed(0)} s extrapolated)`;
};

function main() {
  compileSources(OUT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-bench-"));
  console.log(
    `node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? "unknown"}), naive capped at ${NAIVE_CAP_SECONDS} s\n`,
  );
  const rows: string[] = [];
  const gateRows: string[] = [];
  for (const size of SIZES) {
    const objects = generateCluster(size);
    const file = path.join(dir, `cluster-${size}.json`);
    fs.writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
    // The issue-12 change: the office rule of one front door loses its ports, so the office range
    // reaches that door on every port (pod sources stay held back by their own default-deny egress).
    const changed = structuredClone(objects);
    const door = changed.find((o) => o.kind === "NetworkPolicy" && o.spec?.ingress?.[1]?.from?.[0]?.ipBlock)!;
    delete door.spec.ingress[1].ports;
    const changedFile = path.join(dir, `cluster-${size}-changed.json`);
    fs.writeFileSync(changedFile, JSON.stringify({ apiVersion: "v1", kind: "List", items: changed }));
    const checksFile = path.join(dir, `checks-${size}.txt`);
    fs.writeFileSync(checksFile, checksFor(objects, CHECKS));
    const policies = objects.filter((o) => o.kind === "NetworkPolicy").length;
    const pods = objects.filter((o) => o.kind === "Pod").length;
    console.error(`${pods} pods, ${policies} policies: running...`);
    const fastMatrix = run([file, "fast", "matrix"]);
    const fastChecks = run([file, "fast", "checks", checksFile]);
    const spans = run([file, "spans"]);
    const diff = run([file, "diff", changedFile]);
    const d = diff.result;
    gateRows.push(
      `| ${pods} | ${fmt(fastMatrix)} | ${fmt(spans)} (${spans.result.keys} source/destination/protocol keys) | ${fmt(diff)} (exit ${d.code}: ${d.opened} opened, ${d.closed} closed, ${d.unchanged} unchanged) |`,
    );
    const cap = String(NAIVE_CAP_SECONDS * 1000);
    const naiveMatrix = run([file, "naive", "matrix", "", cap]);
    const naiveChecks = run([file, "naive", "checks", checksFile, cap]);
    const s = fastMatrix.result;
    const agree =
      naiveMatrix.result.fraction === 1
        ? naiveMatrix.result.allowed === s.allowed && naiveMatrix.result.denied === s.denied
          ? "yes"
          : "NO"
        : "n/a (naive capped)";
    const checksAgree =
      naiveChecks.result.fraction === 1
        ? naiveChecks.result.allowed === fastChecks.result.allowed
          ? "yes"
          : "NO"
        : "n/a (naive capped)";
    const speedup = (naive: Run, fast: Run) =>
      `${(naive.seconds / (naive.result.fraction ?? 1) / fast.seconds).toFixed(0)}x`;
    rows.push(
      `| ${pods} | ${policies} | ${fmt(fastMatrix)} | ${fmt(naiveMatrix)} | ${speedup(naiveMatrix, fastMatrix)} | ${fmt(fastChecks)} | ${fmt(naiveChecks)} | ${speedup(naiveChecks, fastChecks)} | ${s.allowed} / ${s.denied} | ${agree} / ${checksAgree} |`,
    );
    console.error(rows[rows.length - 1]);
  }
  console.log(
    "| pods | policies | matrix (reach) | matrix (naive) | speed-up | 100k checks (reach) | 100k checks (naive) | speed-up | allowed / denied triples | naive agrees (matrix / checks) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
  console.log(
    "\n| pods | matrix (reach, container ports) | all-ports matrix (one version) | diff (two versions, one rule loses its ports) |",
  );
  console.log("| --- | --- | --- | --- |");
  for (const row of gateRows) console.log(row);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(OUT, { recursive: true, force: true });
}

main();
