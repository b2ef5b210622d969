import assert from "node:assert/strict";
import { readArgsFile } from "../../sdk/cli/args";
import { flowLines, planZeroTrust } from "../../sdk/core";
import { assertPlanHolds } from "../../sdk/verify/plan-check";
import { ROOT } from "../cli/run";

/**
 * The 45-namespace platform: its scraping and ingress flows are written once each, with
 * namespaceLabels, and expand to every namespace they select; the plan holds under the proof.
 */
describe("examples/platform", () => {
  const spec = readArgsFile("examples/platform/zerotrust.yaml", ROOT);
  const plan = planZeroTrust(spec);

  it("declares 45 namespaces and selects them by labels for scraping and ingress", () => {
    assert.equal(Object.keys(spec.namespaces ?? {}).length, 45);
    const selecting = (spec.allow ?? []).filter((f) => f.to.namespaceLabels !== undefined);
    assert.deepEqual(
      selecting.map((f) => f.name),
      ["prometheus-scrapes", "ingress-to-web"],
    );
    const lines = flowLines(plan);
    assert.equal(lines.filter((l) => l.startsWith("declared prometheus-scrapes:")).length, 45);
    // Only prod and staging are exposure=public: 11 products x 2.
    const ingress = lines.filter((l) => l.startsWith("declared ingress-to-web:"));
    assert.equal(ingress.length, 22);
    assert.ok(
      ingress.every((l) =>
        /-> [a-z]+-(prod|staging)\/app=web on TCP\/8080 \(to namespaceLabels exposure=public\)$/.test(l),
      ),
    );
  });

  it("holds under the proof, every expansion included", () => {
    const { report } = assertPlanHolds(plan);
    assert.equal(report.flows.filter((c) => c.flow.kind === "declared").length, 45 + 22 + 44);
  });
});
