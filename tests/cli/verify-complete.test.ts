import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "./run";

/**
 * Issue 23: `verify --cluster` probed only the ports the flows name and a few sample addresses, so
 * hand-added policies opening another port or another address range passed as "nothing undeclared
 * open". It now compares over every port interval and address range any policy or flow mentions.
 */

const HOMELAB = "examples/homelab/zerotrust.yaml";

async function plannedFile(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-"));
  const file = path.join(dir, "planned.yaml");
  fs.writeFileSync(file, (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout);
  return file;
}

async function verifyWithDrift(...more: string[]) {
  return verifyWith("tests/cli/fixtures/drift/hand-added.yaml", ...more);
}

async function verifyWith(drift: string, ...more: string[]) {
  return run([
    "verify",
    "-f",
    HOMELAB,
    "--cluster",
    await plannedFile(),
    "--cluster",
    "tests/cli/fixtures/live-pods.yaml",
    "--cluster",
    drift,
    ...more,
  ]);
}

describe("verify --cluster over every port and address", () => {
  it("names a hand-added policy opening frontend -> backend on TCP/22", async () => {
    const { code, stdout } = await verifyWithDrift("-o", "json");
    assert.equal(code, 1, stdout);
    const report = JSON.parse(stdout);
    const ssh = report.differences.find(
      (d: any) => d.kind === "undeclared" && d.from === "apps/frontend-1" && d.to === "apps/backend-1",
    );
    assert.ok(ssh, JSON.stringify(report.differences, null, 1));
    assert.deepEqual(ssh.ports, ["TCP/22"]);
    assert.match(ssh.reason, /apps\/debug-ssh/);
  });

  it("names backend egress to 198.51.100.0/24 on TCP/5432 with its policy", async () => {
    const { code, stdout } = await verifyWithDrift("-o", "json");
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    const db = report.differences.find((d: any) => d.kind === "undeclared" && d.to === "198.51.100.0/24");
    assert.ok(db, JSON.stringify(report.differences, null, 1));
    assert.equal(db.from, "apps/backend-1");
    assert.deepEqual(db.ports, ["TCP/5432"]);
    assert.match(db.reason, /apps\/legacy-db/);
  });

  it("still holds for the live cluster without the drift", async () => {
    const { code, stdout } = await run([
      "verify",
      "-f",
      HOMELAB,
      "--cluster",
      await plannedFile(),
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /nothing undeclared open/);
  });

  it("names the peers a piece stands for, never the probe: the ipBlock and the port range", async () => {
    const { code, stdout } = await verifyWith("tests/cli/fixtures/drift/wide-open.yaml", "-o", "json");
    assert.equal(code, 1, stdout);
    const rows = JSON.parse(stdout).differences.map((d: any) => [d.kind, d.from, d.to, d.ports.join(",")]);
    assert.deepEqual(rows, [
      ["undeclared", "apps/backend-1", "0.0.0.0/0 except 10.0.0.0/8", "TCP/1000-2000"],
      ["undeclared", "::/0", "apps/frontend-1", "TCP/*,UDP/*,SCTP/*"],
    ]);
    const [out, into] = JSON.parse(stdout).differences;
    assert.equal(
      out.reason,
      "Allowed apps/backend-1 -> 0.0.0.0/0 except 10.0.0.0/8 on TCP/1000-2000: egress of apps/backend-1 is allowed by apps/wide-out spec.egress[0]; the external peer 0.0.0.0/0 except 10.0.0.0/8 has no policy side.",
    );
    assert.equal(
      into.reason,
      "Allowed ::/0 -> apps/frontend-1 on TCP/*, UDP/*, SCTP/*: ingress of apps/frontend-1 is allowed by apps/wide-in spec.ingress[0]; the external peer ::/0 has no policy side.",
    );
  });

  it("explains every port range of a row: each range names the policy that opens it", async () => {
    const { code, stdout } = await verifyWith("tests/cli/fixtures/drift/two-ranges.yaml", "-o", "json");
    assert.equal(code, 1, stdout);
    const db = JSON.parse(stdout).differences.find((d: any) => d.to === "198.51.100.0/24");
    assert.ok(db, stdout);
    assert.deepEqual(db.ports, ["TCP/1000-2000", "TCP/5432"]);
    assert.equal(
      db.reason,
      "Allowed apps/backend-1 -> 198.51.100.0/24 on TCP/1000-2000: egress of apps/backend-1 is allowed by apps/wide-out spec.egress[0]; the external peer 198.51.100.0/24 has no policy side. " +
        "Allowed apps/backend-1 -> 198.51.100.0/24 on TCP/5432: egress of apps/backend-1 is allowed by apps/legacy-db spec.egress[0]; the external peer 198.51.100.0/24 has no policy side.",
    );
  });

  it("prints the same peers in the table", async () => {
    const { stdout } = await verifyWith("tests/cli/fixtures/drift/wide-open.yaml");
    assert.match(
      stdout,
      /^undeclared +apps\/backend-1 +0\.0\.0\.0\/0 except 10\.0\.0\.0\/8 +TCP\/1000-2000$/m,
    );
    assert.doesNotMatch(stdout, /(?:^|[ >])(?:0\.0\.0\.0|::|11\.0\.0\.0):\d/m);
  });
});
