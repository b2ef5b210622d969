import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  canonicalJson,
  issueLine,
  mergeTailnetPolicy,
  parseHujson,
  runPolicyTests,
  runSshTests,
  type TailnetPolicy,
  verifyTailnetPolicy,
} from "../../sdk/tailnet";
import { keepsEveryByte } from "./fixtures";

/** A fragment like the component generates: an operator, one exposed Service, its grant and test. */
const FRAGMENT: TailnetPolicy = {
  tagOwners: { "tag:k8s-operator": [], "tag:k8s-zt-web": ["tag:k8s-operator"] },
  grants: [{ src: ["autogroup:member"], dst: ["tag:k8s-zt-web"], ip: ["tcp:443"] }],
  tests: [{ src: "tag:k8s-operator", deny: ["tag:k8s-zt-web:443"] }],
};

const DIR = join(__dirname, "corpus");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".hujson"));
const read = (file: string) => readFileSync(join(DIR, file), "utf8");
const policyOf = (file: string) => parseHujson(read(file), file) as object;

/**
 * What each real policy's own `tests` give offline: the counts are exact, so a change in how the
 * file is read shows here. Unchecked assertions are the ones whose outcome depends on what the
 * file does not say; each is listed with its reason by runPolicyTests.
 */
const EXPECTED_TESTS: Record<string, { passed: number; unchecked: number }> = {
  // All tag to tag: every assertion is decided.
  "GoogleBot42--nix-config.hujson": { passed: 79, unchecked: 0 },
  // Placeholder logins in groups, a subnet route in autoApprovers: all decided.
  "asphaltbuffet--nix-config.hujson": { passed: 18, unchecked: 0 },
  // Every grant these tests need is autogroup:owner's (jonathan is surely the owner, but the file
  // does not say it): unchecked. Tailscale accepts them (applied by Terraform).
  "jonpulsifer--infra.hujson": { passed: 1, unchecked: 8 },
  // Only autogroup:admin is granted; the tests name the admin by login: unchecked, never failed
  // (before issue 16 these three tag tests failed and the file was refused).
  "michaelahern--casa-cirrus-tailscale.hujson": { passed: 0, unchecked: 6 },
};

/** sshTests passed per file: only ananthb/machines has them (tag sources, all decided). */
const EXPECTED_SSH_TESTS: Record<string, number> = { "ananthb--machines.hujson": 12 };

describe(`real policy corpus (${FILES.length} files, tests/tailnet/corpus/PROVENANCE.md)`, () => {
  it("holds 15 to 40 files, each with provenance (repository, path, 40-hex commit) and a licence file", () => {
    assert.ok(FILES.length >= 15 && FILES.length <= 40, `${FILES.length} files`);
    const provenance = read("PROVENANCE.md");
    for (const file of FILES) {
      const rows = provenance.split("\n").map((l) => l.split("|").map((c) => c.trim()));
      const cells = rows.find((r) => r[0] === "" && r[1] === file);
      assert.ok(cells, `${file} has a PROVENANCE.md row`);
      assert.match(cells[4], /^[0-9a-f]{40}$/, `${file}: commit`);
      const licence = /\((LICENSES\/[^)]+)\)/.exec(cells[5])?.[1];
      assert.ok(licence && existsSync(join(DIR, licence)), `${file}: licence file ${licence}`);
    }
  });

  for (const file of FILES) {
    it(`${file}: parses, is not refused, and no test of its own fails`, () => {
      const policy = policyOf(file);
      const verification = verifyTailnetPolicy(policy);
      assert.deepEqual(verification.issues, [], "Tailscale accepted it, so must we");
      const report = runPolicyTests(policy);
      assert.deepEqual(report.failures, []);
      const expected = EXPECTED_TESTS[file] ?? { passed: 0, unchecked: 0 };
      assert.deepEqual({ passed: report.passed, unchecked: report.unchecked.length }, expected);
      for (const line of report.unchecked) assert.match(line, /depends on|cannot be evaluated/);
      const ssh = runSshTests(policy);
      assert.deepEqual(ssh.failures, []);
      assert.deepEqual(ssh.unchecked, []);
      assert.equal(ssh.passed, EXPECTED_SSH_TESTS[file] ?? 0);
    });

    it(`${file}: the merge round trip keeps every byte of it and is idempotent`, () => {
      const text = read(file);
      const merged = mergeTailnetPolicy(text, FRAGMENT);
      assert.ok(keepsEveryByte(text, merged.text));
      assert.equal(canonicalJson(parseHujson(merged.text)), canonicalJson(merged.policy));
      assert.equal(mergeTailnetPolicy(merged.text, FRAGMENT).text, merged.text);
      // Nothing of the user's is refused after the merge; the only possible finding is the
      // generated deny test, which a broad base rule ("*" to "*") defeats, as it should (§10.2).
      for (const error of verifyTailnetPolicy(merged.policy).issues.map(issueLine))
        assert.match(
          error,
          /^tests\[\d+\]: test\(s\) failed for tag:k8s-operator: address "tag:k8s-zt-web:443": want: Deny/,
        );
    });
  }
});
