import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import { generateTailnetPolicy } from "../../sdk/features/exposure/fragment";
import { FEATURES } from "../../sdk/pipeline/registry";
import { combineFragments } from "../../sdk/tailnet";
import { homelab } from "../fixtures";
import { homelab as tailnetHomelab } from "../tailnet/fixtures";

describe("features: one folder each, through one registry", () => {
  it("gives every feature a unique id and args fields of its own", () => {
    const ids = FEATURES.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    const fields = FEATURES.flatMap((f) => Object.keys(f.fields));
    assert.equal(new Set(fields).size, fields.length);
    for (const core of ["operator", "clusterDns", "namespaces", "allow", "tailnet"])
      assert.ok(!fields.includes(core), `${core} belongs to the core`);
  });

  it("stores each feature's normalized args under its id", () => {
    const plan = planZeroTrust(homelab());
    assert.deepEqual(Object.keys(plan.spec.features).sort(), FEATURES.map((f) => f.id).sort());
  });
});

describe("tailnet: combining the features' fragment parts", () => {
  it("returns a single part as it is", () => {
    const part = generateTailnetPolicy(tailnetHomelab);
    assert.equal(combineFragments([part]), part);
  });

  it("unites tagOwners (admin-owned tags first) and autoApprovers, appends grants and tests once", () => {
    const grant = { src: ["group:sre"], dst: ["tag:k8s-a"], ip: ["tcp:80"] };
    const combined = combineFragments([
      { tagOwners: { "tag:k8s-operator": [], "tag:k8s-a": ["tag:k8s-operator"] }, grants: [grant] },
      {
        tagOwners: { "tag:b": ["tag:k8s-operator"], "tag:k8s-a": ["group:sre"] },
        grants: [{ ...grant }, { src: ["tag:b"], dst: ["100.64.0.50"], ip: ["tcp:5432"] }],
        autoApprovers: { routes: { "10.0.0.0/8": ["tag:b"] } },
        tests: [{ src: "tag:b", proto: "tcp", accept: ["100.64.0.50:5432"] }],
      },
      { autoApprovers: { routes: { "10.0.0.0/8": ["tag:a"] }, exitNode: ["tag:b"] } },
    ]);
    assert.deepEqual(Object.keys(combined.tagOwners!), ["tag:k8s-operator", "tag:b", "tag:k8s-a"]);
    assert.deepEqual(combined.tagOwners!["tag:k8s-a"], ["group:sre", "tag:k8s-operator"]);
    assert.equal(combined.grants!.length, 2);
    assert.deepEqual(combined.autoApprovers, {
      routes: { "10.0.0.0/8": ["tag:a", "tag:b"] },
      exitNode: ["tag:b"],
    });
    assert.equal(combined.tests!.length, 1);
    assert.equal(combined.nodeAttrs, undefined);
  });
});
