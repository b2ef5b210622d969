import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { flowLines, planZeroTrust } from "../../sdk/pipeline/plan";
import { ROOT, run } from "../cli/run";
import { BOOKINFO, observe, TCP, tempFile } from "./run";

/** Staged rollout: `namespaces.<ns>.enforce: false` creates the allows, not the default-deny. */

const bookinfo = () => parse(fs.readFileSync(path.join(ROOT, BOOKINFO), "utf8"));
const observingFile = () => {
  const d = bookinfo();
  d.namespaces.bookinfo.enforce = false;
  return tempFile("observing.yaml", stringify(d));
};

describe("observe: staged rollout (enforce: false)", () => {
  it("plans every allow policy of the namespace but not its default-deny, and says how to enforce", () => {
    const spec = bookinfo();
    const enforced = planZeroTrust(spec);
    spec.namespaces.bookinfo.enforce = false;
    const staged = planZeroTrust(spec);
    const policies = (p: typeof staged) =>
      p.resources.filter((r) => r.kind === "NetworkPolicy").map((r) => r.object.metadata.name);
    assert.deepEqual(
      policies(enforced).filter((n) => n !== "default-deny"),
      policies(staged),
    );
    assert.ok(policies(enforced).includes("default-deny"));
    assert.deepEqual(staged.observing, ["bookinfo"]);
    assert.deepEqual(enforced.observing, []);
    assert.ok(
      staged.warnings.some((w) => /bookinfo is observing .*namespaces\.bookinfo\.enforce to true/.test(w)),
    );
    assert.ok(flowLines(staged).every((l) => l.endsWith("(observing: bookinfo not enforced)")));
    assert.ok(flowLines(enforced).every((l) => !l.includes("observing")));
  });

  it("plan and verify mark the namespace as observing; verify proves it as it will be enforced", async () => {
    const file = observingFile();
    const plan = await run(["plan", "-f", file]);
    assert.equal(plan.code, 0);
    assert.match(plan.stdout, /OBSERVING \(allow policies only, no default-deny yet\)\nbookinfo\n/);
    assert.match(plan.stderr, /warning: namespace bookinfo is observing/);
    assert.deepEqual(JSON.parse((await run(["plan", "-f", file, "-o", "json"])).stdout).observing, [
      "bookinfo",
    ]);
    const verify = await run(["verify", "-f", file]);
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /observing \(enforce: false\): bookinfo: proven as if enforced/);
    assert.deepEqual(JSON.parse((await run(["verify", "-f", file, "-o", "json"])).stdout).observing, [
      "bookinfo",
    ]);
  });

  it("observe judges an observing namespace as it will be once enforced", async () => {
    const staged = JSON.parse((await observe(["-f", observingFile(), "--flows", TCP, "-o", "json"])).stdout);
    const enforced = JSON.parse((await observe(["-f", BOOKINFO, "--flows", TCP, "-o", "json"])).stdout);
    assert.equal(staged.summary.blocked, 23);
    assert.deepEqual(staged.blocked, enforced.blocked);
  });
});
