import assert from "node:assert/strict";
import type { ZeroTrustSpec } from "../../sdk/core";
import { planZeroTrust, validateSpec } from "../../sdk/core";
import { homelab } from "../fixtures";

/** Issue 23.2: CIDR flows that reach into the cluster are refused, warned about, or reported. */

/** The issue's example: crm -> 10.0.0.0/8:5432 and 10.0.0.0/8 -> db/app=postgres:5432. */
function composite(clusterCidrs: string[] | undefined, acknowledge = false): ZeroTrustSpec {
  const spec = homelab();
  spec.operator!.clusterCidrs = clusterCidrs;
  spec.namespaces = { ...spec.namespaces, crm: {}, db: {} };
  spec.allow = [
    {
      name: "crm-out",
      from: { namespace: "crm" },
      to: { cidr: "10.0.0.0/8", ...(acknowledge ? { acknowledgeClusterOverlap: true } : {}) },
      ports: [{ port: 5432 }],
    },
    {
      name: "db-in",
      from: { cidr: "10.0.0.0/8", ...(acknowledge ? { acknowledgeClusterOverlap: true } : {}) },
      to: { namespace: "db", podLabels: { app: "postgres" } },
      ports: [{ port: 5432 }],
    },
  ];
  return spec;
}

describe("CIDR flows that overlap the cluster", () => {
  it("refuses a CIDR overlapping clusterCidrs, naming the field and the fix", () => {
    const issues = validateSpec(composite(["10.42.0.0/16", "10.43.0.0/16"]));
    assert.deepEqual(
      issues.map((i) => i.path),
      ["allow[0].to.cidr", "allow[1].from.cidr"],
    );
    assert.match(
      issues[0].message,
      /overlaps the cluster's own addresses \(operator.clusterCidrs: 10.42.0.0\/16, 10.43.0.0\/16\)/,
    );
    assert.match(
      issues[0].message,
      /add "10.42.0.0\/16", "10.43.0.0\/16" to except, or set to.acknowledgeClusterOverlap: true/,
    );
  });

  it("accepts it when except cuts the cluster's ranges out", () => {
    const spec = composite(["10.42.0.0/16"]);
    for (const f of spec.allow!) for (const ep of [f.from, f.to]) if (ep.cidr) ep.except = ["10.42.0.0/16"];
    assert.deepEqual(validateSpec(spec), []);
    assert.deepEqual(
      planZeroTrust(spec).warnings.filter((w) => /composite|private range/.test(w)),
      [],
    );
  });

  it("accepts it when acknowledged, and reports the composite path crm -> db", () => {
    const spec = composite(["10.42.0.0/16"], true);
    assert.deepEqual(validateSpec(spec), []);
    const warnings = planZeroTrust(spec).warnings.filter((w) => /composite/.test(w));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(
      warnings[0],
      /crm\/\* reaches db\/app=postgres directly, by "crm-out" \(to 10.0.0.0\/8\) and "db-in" \(from 10.0.0.0\/8\)/,
    );
  });

  it("without clusterCidrs, warns about a private range (never refuses) and reports the composite", () => {
    const spec = composite(undefined);
    assert.deepEqual(validateSpec(spec), []);
    const warnings = planZeroTrust(spec).warnings;
    assert.equal(warnings.filter((w) => /10.0.0.0\/8 is a private range/.test(w)).length, 2);
    assert.ok(
      warnings.some((w) => /composite path .* if their pods' addresses fall in these ranges/.test(w)),
    );
  });

  it("leaves a public range and ports that do not meet alone", () => {
    const spec = composite(undefined);
    spec.allow![1].ports = [{ port: 6379 }];
    spec.allow![0].to = { cidr: "198.51.100.0/24" };
    const warnings = planZeroTrust(spec).warnings.filter((w) => /composite|198.51/.test(w));
    assert.deepEqual(warnings, []);
  });

  it("the proof sees crm reach the database, as the dataplane would", async () => {
    const { verifyPlan } = await import("../../sdk/verify");
    const report = verifyPlan(planZeroTrust(composite(["10.42.0.0/16"], true)));
    const crm = report.engine.check({
      from: { pod: "crm/any-pod" },
      to: { pod: "db/postgres" },
      port: 5432,
      protocol: "TCP",
    });
    assert.equal(crm.allowed, true, crm.reason);
  });
});

describe("a CIDR inside the cluster's ranges", () => {
  it("suggests the acknowledgement, not an except that cannot be written", () => {
    const spec = homelab();
    spec.allow![1].to = { cidr: "10.42.7.0/24" };
    const issues = validateSpec(spec);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, "allow[1].to.cidr");
    assert.match(issues[0].message, /set to.acknowledgeClusterOverlap: true if no pod holds these addresses/);
    assert.doesNotMatch(issues[0].message, /to except/);
  });
});
