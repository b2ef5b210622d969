import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import { homelab } from "../fixtures";
import { BASE_POLICY } from "../fixtures-tailnet";

describe("unchecked assertions reach the user", () => {
  it("a base test whose outcome depends on a login's role is a plan warning, not a refusal", () => {
    const spec = homelab();
    spec.tailnet = {
      basePolicy: BASE_POLICY.replace(
        '"grants": [',
        '"tests": [{"src": "carol@example.com", "accept": ["tag:ci:22"]}],\n  "grants": [\n    {"src": ["autogroup:admin"], "dst": ["tag:ci"], "ip": ["tcp:22"]},',
      ),
    };
    const plan = planZeroTrust(spec);
    assert.equal(plan.tailnet.unchecked.length, 1);
    assert.match(
      plan.tailnet.unchecked[0],
      /carol@example\.com -> tag:ci:22 \(accept\) depends on the tailnet role of carol@example\.com/,
    );
    const warning = plan.warnings.find((w) => w.includes("unchecked"));
    assert.match(warning ?? "", /1 test assertion\(s\) its file does not decide .*carol@example\.com/);
  });
});
