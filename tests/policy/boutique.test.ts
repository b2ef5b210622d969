import assert from "node:assert/strict";
import { run } from "../cli/run";

/**
 * A real application's manifests: Google's Online Boutique (tests/policy/corpus/online-boutique,
 * Apache-2.0, provenance in corpus/PROVENANCE.md), its release manifests with the network-policies
 * kustomize component. What audit finds there is what a platform team would be told.
 */
describe("audit of Online Boutique (real manifests and NetworkPolicies)", () => {
  it("finds the public LoadBalancer and the frontend's ingress open to every source, and nothing else", async () => {
    const dir = "tests/policy/corpus/online-boutique";
    const { code, stdout } = await run([
      "audit",
      "-f",
      `${dir}/release`,
      "-f",
      `${dir}/kustomize`,
      "-o",
      "json",
    ]);
    assert.equal(code, 1);
    assert.deepEqual(
      JSON.parse(stdout).violations.map((v: any) => `${v.policy} | ${v.resource} | ${v.enforcementLevel}`),
      [
        "no-public-service | Service default/frontend-external | mandatory",
        "no-world-ingress | NetworkPolicy default/frontend | mandatory",
      ],
    );
  });
});
