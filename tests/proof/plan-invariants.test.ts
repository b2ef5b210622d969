import assert from "node:assert/strict";
import { planZeroTrust, ZeroTrustValidationError } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { planInvariantIssues } from "../../sdk/pipeline/plan-invariants";
import { homelab } from "../fixtures";

/** Issue 23: plan invariants hold before anything is registered. */

function refusal(spec: ZeroTrustSpec): string {
  try {
    planZeroTrust(spec);
  } catch (err) {
    if (err instanceof ZeroTrustValidationError) return err.message;
    throw err;
  }
  return assert.fail("planned");
}

describe("plan invariants", () => {
  it("holds for the homelab: unique suffixes, dependsOn on earlier resources, each object once", () => {
    assert.deepEqual(planInvariantIssues(planZeroTrust(homelab()).resources), []);
  });

  it("refuses exposures team-a/web and team/a-web, which share a child name", () => {
    const spec = homelab();
    spec.namespaces = { ...spec.namespaces, "team-a": {}, team: {} };
    const base = spec.expose![0];
    spec.expose = [
      { ...base, namespace: "team-a", service: "web", hostname: "web-1" },
      { ...base, namespace: "team", service: "a-web", hostname: "web-2" },
    ];
    assert.match(refusal(spec), /would both be the child "<name>-team-a-web"/);
  });

  for (const name of ["operator", "operator-oauth"]) {
    it(`refuses a namespace named ${name}, the name of the operator's own child`, () => {
      const spec = homelab();
      spec.namespaces = { ...spec.namespaces, [name]: {} };
      assert.match(refusal(spec), new RegExp(`would both be the child "<name>-${name}"`));
    });
  }

  it("refuses a flow dns in apps next to a namespace apps-allow (one policy child name)", () => {
    const spec = homelab();
    spec.namespaces = { ...spec.namespaces, "apps-allow": {} };
    spec.allow!.push({
      name: "dns",
      from: { namespace: "apps" },
      to: { namespace: "apps", podLabels: { app: "dns" } },
      ports: [{ port: 53, protocol: "UDP" }],
    });
    assert.match(refusal(spec), /would both be the child "<name>-apps-allow-dns-egress"/);
  });

  it("refuses a dependsOn naming nothing planned before it", () => {
    const plan = planZeroTrust(homelab());
    const resources = [...plan.resources];
    resources[3] = { ...resources[3], dependsOn: ["no-such-child"] };
    assert.match(
      planInvariantIssues(resources)[0].message,
      /depends on "no-such-child", which is not planned before it/,
    );
  });

  it("refuses one Kubernetes object planned twice", () => {
    const plan = planZeroTrust(homelab());
    const policy = plan.resources.find((r) => r.kind === "NetworkPolicy")!;
    const twin = { ...policy, suffix: `${policy.suffix}-twin` };
    assert.match(planInvariantIssues([...plan.resources, twin])[0].message, /is planned twice/);
  });
});

describe("isolate: false", () => {
  it("warns that the operator namespace is left open", () => {
    const spec = homelab();
    spec.operator!.isolate = false;
    const warning = planZeroTrust(spec).warnings.find((w) => /operator\.isolate is false/.test(w));
    assert.ok(warning);
    assert.match(warning, /operator namespace tailscale is not under default-deny/);
    assert.ok(!planZeroTrust(homelab()).warnings.some((w) => /operator\.isolate is false/.test(w)));
  });
});
