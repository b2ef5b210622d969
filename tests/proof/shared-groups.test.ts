import assert from "node:assert/strict";
import { planZeroTrust, validateSpec } from "../../sdk/core";
import { homelab } from "../fixtures";

/** Issue 23.5: one impersonation group, one meaning. */
function twoEntries(acknowledge: boolean) {
  const spec = homelab() as any;
  const ack = acknowledge ? { acknowledgeSharedGroups: true } : {};
  spec.apiServerProxy = {
    access: [
      { sources: ["group:sre"], groups: ["k8s-users"], clusterRoles: ["cluster-admin"], ...ack },
      { sources: ["group:devs", "alice@example.com"], groups: ["k8s-users"], clusterRoles: ["view"], ...ack },
    ],
  };
  return spec;
}

describe("impersonation groups shared by entries with different roles", () => {
  it("refuses the group, saying who would gain what", () => {
    const issues = validateSpec(twoEntries(false));
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.equal(issues[0].path, "apiServerProxy.access[1].groups[0]");
    assert.match(
      issues[0].message,
      /"k8s-users" is also the group of apiServerProxy.access\[0\], with other roles/,
    );
    assert.match(issues[0].message, /group:devs \(access\[1\]\) gains ClusterRole cluster-admin \(cluster\)/);
    assert.match(issues[0].message, /alice@example.com \(access\[1\]\) gains ClusterRole cluster-admin/);
  });

  it("acknowledged, warns naming every source that gains the larger role", () => {
    const spec = twoEntries(true);
    assert.deepEqual(validateSpec(spec), []);
    const warning = planZeroTrust(spec).warnings.find((w) =>
      /shared by entries with different roles/.test(w),
    );
    assert.ok(warning);
    assert.match(warning, /group:devs \(access\[1\]\) gains ClusterRole cluster-admin \(cluster\)/);
    assert.match(warning, /alice@example.com \(access\[1\]\) gains ClusterRole cluster-admin/);
    assert.match(warning, /group:sre \(access\[0\]\) gains ClusterRole view \(cluster\)/);
  });

  it("accepts one group used by entries with the same roles", () => {
    const spec = twoEntries(false);
    spec.apiServerProxy.access[1].clusterRoles = ["cluster-admin"];
    assert.deepEqual(validateSpec(spec), []);
  });
});
