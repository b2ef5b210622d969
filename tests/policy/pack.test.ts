import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { policies } from "../../sdk/policy";
import { POLICY_NAMES, RECORD_PACK } from "./pack-load";

const ROOT = path.join(__dirname, "..", "..");
const MANDATORY = [
  "no-public-service",
  "no-public-ingress",
  "no-funnel",
  "no-oauth-secret-in-values",
  "no-world-ingress",
];

describe("the policy pack", () => {
  it("exports every policy by its contract name, with metadata, config schema and remediation steps", () => {
    assert.deepEqual(
      policies.map((p) => p.name),
      POLICY_NAMES,
    );
    for (const p of policies) {
      assert.equal(p.enforcementLevel, MANDATORY.includes(p.name) ? "mandatory" : "advisory", p.name);
      assert.ok(p.description.length > 20 && p.remediationSteps && p.severity, p.name);
      const props = Object.values(p.configSchema!.properties);
      assert.ok(
        props.length > 0 && props.every((s: any) => s.default !== undefined && s.description),
        p.name,
      );
    }
  });

  it("is a folder pulumi preview --policy-pack runs: PulumiPolicy.yaml, the package's version, an entry building all policies", () => {
    const dir = path.join(ROOT, "policy-pack");
    assert.equal(parse(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8")).runtime, "nodejs");
    const own = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    assert.equal(own.version, require("../../package.json").version, "PolicyPack reports this version");
    const out = execFileSync(process.execPath, ["-e", RECORD_PACK, path.join(dir, "index.js")], {
      cwd: dir,
      encoding: "utf8",
    });
    const built = JSON.parse(out);
    assert.equal(built.name, "tailnet-zerotrust");
    assert.deepEqual(
      built.policies.map((p: { name: string }) => p.name),
      POLICY_NAMES,
    );
    assert.equal(
      built.entry,
      path.join(fs.realpathSync(ROOT), "policy.js"),
      "the pack loads the package's own subpath",
    );
    assert.deepEqual(
      built.policies.filter((p: { stack: boolean }) => p.stack).map((p: { name: string }) => p.name),
      ["namespace-default-deny", "dns-reachable", "operator-isolated"],
    );
  });
});
