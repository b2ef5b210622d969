import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../cli/run";

/**
 * A real application's manifests: Google's Online Boutique (tests/policy/corpus/online-boutique,
 * Apache-2.0, provenance in corpus/PROVENANCE.md), its v0.2.0 release manifests with the
 * network-policies kustomize component. What audit finds there is what a platform team would be told.
 * The stored policies carry the placeholder `namespace: YOUR_NAMESPACE` (kustomize sets the real one);
 * the test substitutes `default`, the namespace the release manifests deploy into.
 */
const DIR = path.join(__dirname, "corpus", "online-boutique");

function withNamespace(namespace: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "boutique-"));
  const policies = path.join(DIR, "kustomize", "components", "network-policies");
  for (const f of fs.readdirSync(policies))
    fs.writeFileSync(
      path.join(out, f),
      fs.readFileSync(path.join(policies, f), "utf8").replaceAll("YOUR_NAMESPACE", namespace),
    );
  return out;
}

describe("audit of Online Boutique (real manifests and NetworkPolicies)", () => {
  it("finds the frontend's ingress open to every source, and nothing else", async () => {
    const policies = withNamespace("default");
    try {
      const { code, stdout } = await run([
        "audit",
        "-f",
        path.join(DIR, "release"),
        "-f",
        policies,
        "-o",
        "json",
      ]);
      assert.equal(code, 1);
      assert.deepEqual(
        JSON.parse(stdout).violations.map((v: any) => `${v.policy} | ${v.resource} | ${v.enforcementLevel}`),
        ["no-world-ingress | NetworkPolicy default/frontend | mandatory"],
      );
    } finally {
      fs.rmSync(policies, { recursive: true, force: true });
    }
  });
});
