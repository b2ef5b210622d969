import assert from "node:assert/strict";
import { validateSpec } from "../../sdk/core";
import { FleetValidationError, fleetFromExports, planFleet, proveFleet } from "../../sdk/fleet";
import { homelab } from "../fixtures";
import { twoClusters } from "../fleet/fixtures";

/** Issue 23.4: tags compared without case, as Tailscale compares them. */
describe("tags without case", () => {
  it("refuses an exposure tagged as the operator but for case", () => {
    const spec = homelab();
    spec.expose![0].tags = ["tag:K8s-Operator"];
    const issues = validateSpec(spec);
    const issue = issues.find((i) => i.path === "expose[0].tags[0]");
    assert.ok(issue, JSON.stringify(issues));
    assert.match(
      issue.message,
      /"tag:K8s-Operator" is "tag:k8s-operator" \(operator\.operatorTags \(default\)\) but for case/,
    );
  });

  it("refuses two spellings of one tag across exposures and access", () => {
    const spec = homelab();
    spec.expose![0].tags = ["tag:web"];
    spec.expose![0].access = ["tag:WEB"];
    assert.deepEqual(
      validateSpec(spec).map((i) => i.path),
      ["expose[0].access[0]"],
    );
  });

  it("accepts one spelling used twice", () => {
    const spec = homelab();
    spec.expose![0].tags = ["tag:web"];
    spec.expose![0].access = ["tag:web"];
    assert.deepEqual(validateSpec(spec), []);
  });

  it("refuses a cluster's tag equal to another cluster's but for case", () => {
    const exports = proveFleet(planFleet(twoClusters())).exports.map((x) =>
      x.cluster !== "edge"
        ? x
        : {
            ...x,
            claims: {
              ...x.claims,
              ownTags: [...x.claims.ownTags, { tag: "tag:K8S-Core-Orders", path: "expose[9].tags" }],
            },
          },
    );
    assert.throws(
      () => fleetFromExports(exports),
      (err: unknown) =>
        err instanceof FleetValidationError &&
        err.issues.some(
          (i) => i.path === "exports.edge.expose[9].tags" && /also a tag of cluster core/.test(i.message),
        ),
    );
  });
});
