import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "./run";

/** `verify --cluster` over a repository's workload manifests, not only over exported Pods. */

const HOMELAB = "examples/homelab/zerotrust.yaml";
const WORKLOADS = "tests/cli/fixtures/gate/homelab-workloads.yaml";

describe("tailnet-zerotrust verify --cluster with workloads", () => {
  let planned: string;
  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-workloads-"));
    planned = path.join(dir, "planned.yaml");
    fs.writeFileSync(planned, (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout);
  });

  /** `verify` of the homelab over its planned policies and its workloads, plus more arguments. */
  const verify = (...more: string[]) =>
    run(["verify", "-f", HOMELAB, "--cluster", planned, "--cluster", WORKLOADS, ...more]);

  it("checks the declared flows on the workloads' pods, named by their owner", async () => {
    const { code, stdout, stderr } = await verify();
    assert.equal(stderr, "");
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Intent holds for the cluster in /);
    assert.doesNotMatch(stdout, /no workload in the cluster fits declared frontend-to-backend/);
  });

  it("finds drift on them: a hand-applied allow-all opens apps/deployment/backend", async () => {
    const { code, stdout } = await verify("--cluster", "tests/cli/fixtures/allow-all.yaml", "-o", "json");
    assert.equal(code, 1);
    const { differences } = JSON.parse(stdout);
    assert.ok(
      differences.some(
        (d: { kind: string; to: string }) => d.kind === "undeclared" && d.to === "apps/deployment/backend",
      ),
      JSON.stringify(differences.map((d: { from: string; to: string }) => `${d.from} -> ${d.to}`)),
    );
  });
});
