import assert from "node:assert/strict";
import { ExposeVia, planZeroTrust, validateSpec } from "../../sdk/core";
import { homelab } from "../fixtures";
import { itRejects } from "./rejects";

/** What the read of the operator's source found in what exists (docs: operator-upstream.md §1, §3). */
describe("operator facts from upstream", () => {
  itRejects([
    [
      "helmValues.oauthSecretVolume, which would mount another volume than the credentials' Secret",
      (s) => {
        s.operator.helmValues = { oauthSecretVolume: { csi: {} } };
      },
      "operator.helmValues.oauthSecretVolume",
      /would detach the operator from the "operator-oauth" Secret/,
    ],
    [
      "helmValues.fullnameOverride, which renames the Secret newer charts look for",
      (s) => {
        s.operator.helmValues = { fullnameOverride: "ts" };
      },
      "operator.helmValues.fullnameOverride",
      /would detach/,
    ],
    [
      "helmValues.nameOverride",
      (s) => {
        s.operator.helmValues = { nameOverride: "ts" };
      },
      "operator.helmValues.nameOverride",
      /would detach/,
    ],
    [
      "an operator hostname YAML reads as a number",
      (s) => {
        s.operator.hostname = "1234";
      },
      "operator.hostname",
      /"1234" would be read as a number or a boolean .* e\.g\. "ts-1234"/,
    ],
    [
      "an operator hostname YAML reads as a boolean",
      (s) => {
        s.operator.hostname = "On";
      },
      "operator.hostname",
      /"On" would be read as a number or a boolean/,
    ],
    [
      "an operator hostname YAML reads as a hex number",
      (s) => {
        s.operator.hostname = "0x1f";
      },
      "operator.hostname",
      /would be read as a number/,
    ],
  ]);

  it("accepts hostnames that only look like numbers in part", () => {
    for (const hostname of ["ts-1234", "on-call", "1234a", "nope"]) {
      const spec = homelab();
      spec.operator!.hostname = hostname;
      assert.deepEqual(validateSpec(spec), [], hostname);
    }
  });

  it("gives Ingress exposures the class the chart's ingressClass.name installs", () => {
    const spec = homelab();
    spec.expose![0].via = ExposeVia.Ingress;
    spec.expose![0].ports = [{ port: 80, targetPort: 3000 }];
    const classOf = () => {
      const ingress = planZeroTrust(spec).resources.find((r) => r.kind === "Ingress");
      assert.ok(ingress?.kind === "Ingress");
      return ingress.object.spec.ingressClassName;
    };
    assert.equal(classOf(), "tailscale");
    spec.operator!.helmValues = { ingressClass: { name: "tailnet" } };
    assert.equal(classOf(), "tailnet");
  });

  it("warns when helmValues point the operator at a control server the policies may not reach", () => {
    const spec = homelab();
    spec.operator!.helmValues = { loginServer: "https://headscale.example.com:8080" };
    assert.ok(planZeroTrust(spec).warnings.some((w) => /helmValues\.loginServer/.test(w)));
    spec.operator!.isolate = false;
    assert.ok(!planZeroTrust(spec).warnings.some((w) => /helmValues\.loginServer/.test(w)));
  });
});
