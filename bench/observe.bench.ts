import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { main } from "../sdk/cli/main";

/**
 * `npm run bench`, observe part (issue 19.7): `tailnet-zerotrust observe` over 400,000 Hubble
 * records against the floor of merely reading the file line by line and `JSON.parse`-ing every
 * line. The records are the real bookinfo capture (tests/fixtures/flows/hubble, 400 lines) repeated,
 * each copy with its own source ports and addresses, so that the connections are distinct and
 * the aggregation and the de-duplication of observation points work as on a long capture.
 */

const RECORDS = Number(process.env.OBSERVE_BENCH_RECORDS ?? 400_000);
const REPEAT = Number(process.env.OBSERVE_BENCH_REPEAT ?? 3);
const ROOT = path.join(__dirname, "..");
const CAPTURE = path.join(ROOT, "tests/fixtures/flows/hubble/basic-sample-400-tcp-flows.jsonl");
const DECLARATION = "tests/fixtures/flows/bookinfo.yaml";

/** Writes the records: copy k of the capture has its source ports and client addresses shifted by k. */
async function generate(file: string): Promise<number> {
  const lines = fs.readFileSync(CAPTURE, "utf8").split("\n").filter(Boolean);
  const out = fs.createWriteStream(file);
  let bytes = 0;
  for (let i = 0; i < RECORDS; i++) {
    const copy = Math.floor(i / lines.length);
    const record = JSON.parse(lines[i % lines.length]);
    const f = record.flow;
    const l4 = f.l4?.TCP ?? f.l4?.UDP;
    const client = f.is_reply ? "destination" : "source";
    if (l4) {
      const key = f.is_reply ? "destination_port" : "source_port";
      if (l4[key] >= 32768) l4[key] = 32768 + ((l4[key] - 32768 + copy * 7) % 28000);
    }
    if (f.IP?.[client]) f.IP[client] = f.IP[client].replace(/\.\d+$/, `.${(copy % 250) + 1}`);
    const text = `${JSON.stringify(record)}\n`;
    bytes += text.length;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return bytes;
}

/** The floor: every line read and parsed, nothing else. */
async function readAndParse(file: string): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    if (line !== "") {
      JSON.parse(line);
      n++;
    }
  }
  return n;
}

async function observe(file: string): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io = {
    stdout: (t: string) => {
      stdout += t;
    },
    stderr: () => {},
    stderrIsTTY: false,
    cwd: ROOT,
  };
  const code = await main(["observe", "-f", DECLARATION, "--flows", file, "-o", "json"], io);
  return { code, stdout };
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; cpu: number; result: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, result };
}

async function best<T>(run: () => Promise<T>) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await timed(run));
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}

async function bench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "observe-bench-"));
  const file = path.join(dir, "flows.jsonl");
  const bytes = await generate(file);
  console.log(
    `node ${process.version}, ${os.cpus().length} CPU(s); ${RECORDS.toLocaleString("en-US")} Hubble records, ${(bytes / 1e6).toFixed(0)} MB; best of ${REPEAT} by CPU time`,
  );
  try {
    const floor = await best(() => readAndParse(file));
    const rssBefore = process.memoryUsage().rss;
    const run = await best(() => observe(file));
    const report = JSON.parse(run.result.stdout);
    const rss = process.memoryUsage().rss;
    const s = (x: number) => `${x.toFixed(2)} s`;
    console.log(`read + JSON.parse every line: ${s(floor.seconds)} (${s(floor.cpu)} CPU)`);
    console.log(
      `observe -o json:              ${s(run.seconds)} (${s(run.cpu)} CPU), exit ${run.result.code}: ${report.summary.connections.toLocaleString("en-US")} connections, ${report.summary.repeatedObservations.toLocaleString("en-US")} repeated observations, ${report.blocked.length} blocked group(s)`,
    );
    console.log(
      `ratio: ${(run.seconds / floor.seconds).toFixed(2)}x wall, ${(run.cpu / floor.cpu).toFixed(2)}x CPU (goal: within 4x)`,
    );
    console.log(
      `resident memory after the runs: ${(rss / 1e6).toFixed(0)} MB (before observe: ${(rssBefore / 1e6).toFixed(0)} MB)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

bench().catch((err) => {
  console.error(err);
  process.exit(1);
});
