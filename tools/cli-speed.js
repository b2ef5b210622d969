#!/usr/bin/env node
// `npm run bench:cli`: how quick the command-line tool is from a checkout (the TypeScript sources
// through tools/register.js) next to the compiled package (dist/, as npm ships it), both timed in
// this one run, alternating, so a busy machine slows both alike. The compiled side is this
// checkout built into a temporary folder laid out like the installed package. The goal is a
// checkout within 1.5x of the compiled package once the transpile cache is warm.

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const GOAL = 1.5;
const COMMANDS = [["--help"], ["plan", "-f", "examples/homelab/zerotrust.yaml"]];

/** The package as npm installs it: bin/, package.json and dist/, no tsconfig.json. */
function buildPackage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cli-speed-"));
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", path.join(dir, "dist")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  fs.cpSync(path.join(ROOT, "bin"), path.join(dir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Seconds for one whole process of the tool, started the way npx starts it. */
function time(root, args) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [path.join(root, "bin", "tailnet-zerotrust.js"), ...args], {
    cwd: ROOT,
    stdio: "ignore",
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(3)} s`;

const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cli-speed-cache-"));
process.env.TZT_TS_CACHE = CACHE;
const built = buildPackage();
try {
  // Cold: what the first command after `npm ci` costs. The checkout runs use a cache of their own
  // (TZT_TS_CACHE), so emptying it cannot slow or break another process sharing node_modules.
  fs.rmSync(CACHE, { recursive: true, force: true });
  const cold = time(ROOT, COMMANDS[1]);
  const rows = [];
  for (const args of COMMANDS) {
    time(built, args);
    time(ROOT, args);
    const checkout = [];
    const compiled = [];
    for (let i = 0; i < ROUNDS; i++) {
      checkout.push(time(ROOT, args));
      compiled.push(time(built, args));
    }
    rows.push({ args, checkout: median(checkout), compiled: median(compiled) });
  }
  console.log(`\nnode ${process.version}, ${os.cpus().length} CPUs, median of ${ROUNDS} alternating runs\n`);
  console.log("| command | checkout (warm cache) | compiled package | ratio |");
  console.log("| --- | --- | --- | --- |");
  for (const r of rows) {
    const ratio = r.checkout / r.compiled;
    console.log(
      `| \`${r.args.join(" ")}\` | ${fmt(r.checkout)} | ${fmt(r.compiled)} | ${ratio.toFixed(2)}x |`,
    );
  }
  const plan = rows[1];
  console.log(`\nplan from a checkout with an empty cache (once, first run after npm ci): ${fmt(cold)}`);
  const ratio = plan.checkout / plan.compiled;
  console.log(
    `goal: plan from a checkout within ${GOAL}x of the compiled package: ${ratio <= GOAL ? "met" : "MISSED"}`,
  );
  if (ratio > GOAL) process.exitCode = 1;
} finally {
  fs.rmSync(built, { recursive: true, force: true });
  fs.rmSync(CACHE, { recursive: true, force: true });
}
