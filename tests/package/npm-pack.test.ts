import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readArgsFile } from "../../sdk/cli/args";
import { flowLines, planZeroTrust } from "../../sdk/core";
import { POLICY_NAMES, RECORD_PACK } from "../policy/pack-load";
import { consumerLock, runtimeTree } from "./lockfile";
import { cleanEnv, exec, ROOT, stage } from "./staging";

/**
 * The npm distribution, as a user gets it: `npm pack` (which builds dist/ in `prepack`), the tarball
 * installed into a fresh program (with the dependency versions this repository's lockfile pins), then
 * used from plain Node (no ts-node), from its bin, type-checked from TypeScript, and run under mocks. The pack runs in a staging copy of the
 * repository, so the build never leaves a dist/ behind in the checkout other tests run from.
 */

const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const projectLock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));

const CONSUMER_TYPES = `import * as pulumi from "@pulumi/pulumi";
import { planZeroTrust, ZeroTrustCluster, type ZeroTrustClusterArgs } from "tailnet-zerotrust";
import { policies } from "tailnet-zerotrust/policy";

const args: ZeroTrustClusterArgs = { operator: { install: false }, namespaces: { apps: {} } };
// @ts-expect-error namespaces maps names to settings: the declarations are real types, not any
const wrong: ZeroTrustClusterArgs = { namespaces: 42 };
export const flows: number = planZeroTrust(args).flows.length;
export const make = (opts?: pulumi.ComponentResourceOptions) => new ZeroTrustCluster("x", args, opts).flows;
export { wrong };
export const guardrails: string[] = policies.map((p) => p.name);
`;

/** Runs the compiled homelab program under mocks and prints what it created. Plain JavaScript. */
const MOCK_RUN = `const pulumi = require("@pulumi/pulumi");
const created = [];
pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      created.push(a.type + " " + a.name);
      return { id: a.custom ? a.name + "-id" : undefined, state: a.inputs };
    },
    call: (a) => a.inputs,
  },
  "homelab",
  "dev",
  false,
);
pulumi.runtime.setAllConfig(
  { "homelab:tsClientId": "client-id", "homelab:tsClientSecret": "client-secret" },
  ["homelab:tsClientId", "homelab:tsClientSecret"],
);
const program = require("./out/index.js");
(async () => {
  await pulumi.runtime.waitForRPCs();
  const flows = await new Promise((resolve) => program.flows.apply(resolve));
  const loaded = Object.keys(require.cache);
  const report = {
    created,
    flows,
    entry: require.resolve("tailnet-zerotrust"),
    typescriptLoaded: loaded.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
    tsNodeLoaded: loaded.some((f) => f.includes(path.sep + "ts-node" + path.sep)),
  };
  process.stdout.write(JSON.stringify(report));
})();
const path = require("node:path");
`;

describe("the npm package: packed, installed into a fresh program, used without ts-node", function () {
  this.timeout(240_000);
  let work: string;
  let consumer: string;
  let packedFiles: string[];

  before(() => {
    const t0 = Date.now();
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-pack-"));
    const staged = path.join(work, "staged");
    stage(staged);
    const packed = JSON.parse(exec("npm", ["pack", "--json", "--pack-destination", work], staged))[0];
    packedFiles = packed.files.map((f: { path: string }) => f.path);
    assert.ok(!fs.existsSync(path.join(staged, "dist")), "postpack removes the build from the checkout");
    const t1 = Date.now();
    consumer = path.join(work, "consumer");
    fs.mkdirSync(consumer);
    const { pkg, lock } = consumerLock(projectLock, packed, require("../../package.json"));
    fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(consumer, "package-lock.json"), JSON.stringify(lock, null, 2));
    // The lockfile pins what `npm ci` fetched, so the cache has it all; the registry is only asked
    // should the cache have lost something.
    exec("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], consumer);
    console.log(`      (npm pack ${t1 - t0} ms, npm install of the tarball ${Date.now() - t1} ms)`);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("ships the compiled JavaScript, its declarations, the bin and no TypeScript source to compile", () => {
    for (const f of [
      "index.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      "bin/tailnet-zerotrust.js",
      "policy.js",
      "policy.d.ts",
      "dist/policy/index.js",
      "dist/policy/index.d.ts",
      "policy-pack/PulumiPolicy.yaml",
      "policy-pack/package.json",
      "policy-pack/index.js",
    ]) {
      assert.ok(packedFiles.includes(f), `${f} is in the package`);
    }
    for (const f of ["LICENSE", "CHANGELOG.md", "README.md"]) {
      assert.ok(packedFiles.includes(f), `${f} is in the package`);
    }
    // npm always adds the `main` file (sdk/index.ts, the plugin's entry); nothing loads it.
    const typescript = packedFiles.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    assert.deepEqual(typescript, ["sdk/index.ts"]);
    const stray = packedFiles.filter((f) => /^(tests|examples|bench|tools|\.ci)\/|\.map$|tsconfig/.test(f));
    assert.deepEqual(stray, []);
  });

  it("installs the dependency versions this repository's lockfile pins", () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(consumer, "node_modules", ".package-lock.json"), "utf8"),
    ).packages;
    const pinned = runtimeTree(projectLock);
    assert.ok(pinned["node_modules/@pulumi/pulumi"], "the Pulumi SDK is among the pinned packages");
    for (const [where, entry] of Object.entries(pinned)) {
      assert.equal(installed[where]?.version, entry.version, where);
    }
  });

  it("is required from plain Node, without ts-node", () => {
    const script = `const m = require("tailnet-zerotrust");
const loaded = Object.keys(require.cache);
console.log(JSON.stringify({
  entry: require.resolve("tailnet-zerotrust"),
  component: typeof m.ZeroTrustCluster,
  planner: typeof m.planZeroTrust,
  tsNode: loaded.some((f) => f.includes("/ts-node/")),
  typescript: loaded.filter((f) => f.endsWith(".ts")),
  extensions: Object.keys(require.extensions),
}));`;
    const got = JSON.parse(exec(process.execPath, ["-e", script], consumer));
    assert.equal(
      got.entry,
      path.join(fs.realpathSync(consumer), "node_modules", "tailnet-zerotrust", "index.js"),
    );
    assert.equal(got.component, "function");
    assert.equal(got.planner, "function");
    assert.equal(got.tsNode, false);
    assert.deepEqual(got.typescript, []);
    assert.ok(!got.extensions.includes(".ts"), "no TypeScript loader was registered");
  });

  it("is imported by name from an ES module program", () => {
    fs.writeFileSync(
      path.join(consumer, "esm.mjs"),
      'import { ZeroTrustCluster, planZeroTrust } from "tailnet-zerotrust";\nconsole.log(typeof ZeroTrustCluster, typeof planZeroTrust);\n',
    );
    assert.equal(exec(process.execPath, ["esm.mjs"], consumer).trim(), "function function");
  });

  it("runs the command-line tool from its bin", () => {
    const args = path.join(ROOT, "examples", "homelab", "zerotrust.yaml");
    const bin = path.join(consumer, "node_modules", ".bin", "tailnet-zerotrust");
    const out = exec(bin, ["plan", "-f", args, "-o", "json"], consumer);
    assert.deepEqual(JSON.parse(out).namespaces, ["apps", "monitoring", "tailscale"]);
    assert.ok(
      fs.existsSync(path.join(consumer, "node_modules", "tailnet-zerotrust", "dist", "cli", "main.js")),
      "the bin has the compiled CLI to run",
    );
  });

  it("type-checks TypeScript consumers against the declarations (node10 and node16 resolution)", () => {
    fs.copyFileSync(path.join(ROOT, "examples", "homelab", "index.ts"), path.join(consumer, "index.ts"));
    fs.writeFileSync(path.join(consumer, "types.ts"), CONSUMER_TYPES);
    const options = {
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      outDir: "out",
      types: [],
    };
    fs.writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: options, files: ["index.ts", "types.ts"] }),
    );
    exec(process.execPath, [TSC, "-p", "."], consumer);
    exec(
      process.execPath,
      [TSC, "-p", ".", "--noEmit", "--module", "node16", "--moduleResolution", "node16"],
      consumer,
    );
    assert.ok(fs.existsSync(path.join(consumer, "out", "index.js")));
  });

  it("constructs the homelab scenario under mocks, from the compiled package", () => {
    assert.ok(
      fs.existsSync(path.join(consumer, "out", "index.js")),
      "the consumer was compiled by the test before",
    );
    fs.writeFileSync(path.join(consumer, "mock-run.js"), MOCK_RUN);
    const got = JSON.parse(exec(process.execPath, ["mock-run.js"], consumer));
    const plan = planZeroTrust(readArgsFile("examples/homelab/zerotrust.yaml", ROOT));
    const children = got.created.filter(
      (c: string) => !c.startsWith("tailnet-zerotrust:index:ZeroTrustCluster "),
    );
    assert.deepEqual(
      children.map((c: string) => c.split(" ")[1]).sort(),
      plan.resources.map((r) => `homelab-${r.suffix}`).sort(),
    );
    assert.ok(got.created.includes("tailnet-zerotrust:index:ZeroTrustCluster homelab"));
    assert.deepEqual(got.flows, flowLines(plan));
    assert.match(got.entry, /node_modules\/tailnet-zerotrust\/index\.js$/);
    assert.deepEqual(got.typescriptLoaded, []);
    assert.equal(got.tsNodeLoaded, false);
  });

  it("loads tailnet-zerotrust/policy and builds the ready policy pack from the package, without ts-node", () => {
    const script = `const m = require("tailnet-zerotrust/policy");
console.log(JSON.stringify({
  entry: require.resolve("tailnet-zerotrust/policy"),
  names: m.policies.map((p) => p.name),
  typescript: Object.keys(require.cache).filter((f) => f.endsWith(".ts")),
}));`;
    const got = JSON.parse(exec(process.execPath, ["-e", script], consumer));
    assert.equal(
      got.entry,
      path.join(fs.realpathSync(consumer), "node_modules", "tailnet-zerotrust", "policy.js"),
    );
    assert.deepEqual(got.names, POLICY_NAMES);
    assert.deepEqual(got.typescript, []);
    const pack = path.join(consumer, "node_modules", "tailnet-zerotrust", "policy-pack");
    const built = JSON.parse(exec(process.execPath, ["-e", RECORD_PACK, path.join(pack, "index.js")], pack));
    assert.deepEqual(
      built.policies.map((p: { name: string }) => p.name),
      POLICY_NAMES,
    );
    assert.equal(built.tsLoaded, 0);
    assert.equal(
      built.entry,
      path.join(fs.realpathSync(consumer), "node_modules", "tailnet-zerotrust", "policy.js"),
    );
  });

  it("runs audit from the bin over a live export, and without loading the Pulumi SDK", () => {
    const bin = path.join(consumer, "node_modules", ".bin", "tailnet-zerotrust");
    const fixture = path.join(ROOT, "tests", "policy", "fixtures", "live-export.yaml");
    const got = spawnSync(bin, ["audit", "-f", fixture, "-o", "json"], {
      cwd: consumer,
      env: cleanEnv(),
      encoding: "utf8",
    });
    assert.equal(got.status, 1, got.stderr);
    const policies = JSON.parse(got.stdout).violations.map((v: { policy: string }) => v.policy);
    assert.ok(policies.includes("no-public-service") && policies.includes("namespace-default-deny"));
    const script = `const { main } = require("tailnet-zerotrust/package.json") && require("./node_modules/tailnet-zerotrust/dist/cli/main.js");
let out = "";
main(["audit", "-f", ${JSON.stringify(fixture)}, "-o", "json"], { stdout: (t) => (out += t), stderr: () => {}, stderrIsTTY: false, cwd: process.cwd() }).then((code) => {
  const pulumi = Object.keys(require.cache).filter((f) => f.includes("@pulumi"));
  console.log(JSON.stringify({ code, violations: JSON.parse(out).violations.length, pulumi }));
});`;
    const inProcess = JSON.parse(exec(process.execPath, ["-e", script], consumer));
    assert.equal(inProcess.code, 1);
    assert.ok(inProcess.violations > 0);
    assert.deepEqual(inProcess.pulumi, [], "audit loads no Pulumi module");
  });
});
