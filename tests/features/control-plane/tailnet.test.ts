import assert from "node:assert/strict";
import {
  controlPlaneAccess,
  controlPlaneViolations,
  policyOracle,
} from "../../../sdk/features/control-plane/access";
import { normalizeControlPlane } from "../../../sdk/features/control-plane/normalize";
import { controlPlaneFragment } from "../../../sdk/features/control-plane/tailnet";
import { ApiServerProxyMode } from "../../../sdk/features/control-plane/types";
import { runPolicyTests } from "../../../sdk/tailnet";
import { context, sreAndCi } from "./fixtures";

const CAP = "tailscale.com/cap/kubernetes";

describe("control plane: the tailnet fragment and who can do what", () => {
  it("grants each entry's sources the proxy's tag on tcp:443 with the impersonation capability", () => {
    const cp = normalizeControlPlane(sreAndCi(), context())!;
    const fragment = controlPlaneFragment(cp, context());
    assert.deepEqual(fragment.grants, [
      {
        src: ["group:sre"],
        dst: ["tag:k8s-operator"],
        ip: ["tcp:443"],
        app: { [CAP]: [{ impersonate: { groups: ["sre"] } }] },
      },
      {
        src: ["tag:ci"],
        dst: ["tag:k8s-operator"],
        ip: ["tcp:443"],
        app: { [CAP]: [{ impersonate: { groups: ["deployers"] } }] },
      },
    ]);
    assert.deepEqual(fragment.tagOwners, {});
    assert.deepEqual(fragment.tests, [
      { src: "group:sre", proto: "tcp", accept: ["tag:k8s-operator:443"] },
      { src: "tag:ci", proto: "tcp", accept: ["tag:k8s-operator:443"] },
      { src: "tag:k8s", proto: "tcp", deny: ["tag:k8s-operator:443"] },
    ]);
    assert.equal(fragment.autoApprovers, undefined);
  });

  it("with a ProxyGroup and a recorder: own tags owned by the operator, svc auto-approval, recorder named and reachable", () => {
    const args = { ...sreAndCi(), proxyGroup: {}, recorder: { enforce: true } };
    const fragment = controlPlaneFragment(normalizeControlPlane(args, context())!, context());
    assert.deepEqual(fragment.tagOwners, {
      "tag:k8s-api": ["tag:k8s-operator"],
      "tag:k8s-recorder": ["tag:k8s-operator"],
    });
    assert.deepEqual(fragment.autoApprovers, { services: { "svc:k8s-api": ["tag:k8s-api"] } });
    assert.deepEqual(fragment.grants![0].app, {
      [CAP]: [{ impersonate: { groups: ["sre"] }, recorder: ["tag:k8s-recorder"], enforceRecorder: true }],
    });
    assert.deepEqual(fragment.grants![2], {
      src: ["tag:k8s-api"],
      dst: ["tag:k8s-recorder"],
      ip: ["tcp:80"],
    });
    assert.deepEqual(runPolicyTests(fragment).failures, []);
  });

  it("noauth grants the network only (no capability without a recorder), and writes no stranger test a source covers", () => {
    const cp = normalizeControlPlane(
      { mode: ApiServerProxyMode.NoAuth, access: [{ sources: ["autogroup:tagged"] }] },
      context(),
    )!;
    const fragment = controlPlaneFragment(cp, context());
    assert.deepEqual(fragment.grants, [
      { src: ["autogroup:tagged"], dst: ["tag:k8s-operator"], ip: ["tcp:443"] },
    ]);
    assert.equal(fragment.tests, undefined);
  });

  it("computes access lines from the policy and the bindings, sorted by source", () => {
    const cp = normalizeControlPlane(sreAndCi(), context())!;
    const access = controlPlaneAccess(cp, policyOracle(controlPlaneFragment(cp, context())));
    assert.deepEqual(
      access.map((a) => a.text),
      [
        "group:sre -> tailscale-operator (impersonating sre) -> ClusterRole view (cluster), ClusterRole edit (apps)",
        "tag:ci -> tailscale-operator (impersonating deployers) -> Role deployer (apps)",
      ],
    );
    assert.deepEqual(controlPlaneViolations(cp, access), []);
  });

  it("counts what the rest of the policy grants too: a base grant that adds a group shows in the line", () => {
    const cp = normalizeControlPlane(sreAndCi(), context())!;
    const policy = controlPlaneFragment(cp, context());
    policy.grants!.push({
      src: ["group:sre"],
      dst: ["tag:k8s-operator"],
      app: { [CAP]: [{ impersonate: { groups: ["deployers"] } }] },
    });
    const sre = controlPlaneAccess(cp, policyOracle(policy))[0];
    assert.equal(
      sre.text,
      "group:sre -> tailscale-operator (impersonating deployers, sre) -> ClusterRole view (cluster), ClusterRole edit (apps), Role deployer (apps)",
    );
  });

  it("reports declared access the policy does not deliver", () => {
    const cp = normalizeControlPlane(sreAndCi(), context())!;
    const policy = controlPlaneFragment(cp, context());
    policy.grants![0] = { ...policy.grants![0], app: { [CAP]: [{ impersonate: { groups: [] } }] } };
    policy.grants![1] = { ...policy.grants![1], ip: ["tcp:6443"] };
    const access = controlPlaneAccess(cp, policyOracle(policy));
    assert.match(access[1].text, /^tag:ci -> tailscale-operator: refused by the tailnet policy/);
    assert.deepEqual(controlPlaneViolations(cp, access), [
      'apiServerProxy.access[0].sources[0]: "group:sre" would not be impersonated as sre at tailscale-operator',
      `apiServerProxy.access[1].sources[0]: "tag:ci" cannot reach tailscale-operator on tcp:443: ${access[1].text}`,
    ]);
  });

  it("says how a noauth caller authenticates and that a recorder records it", () => {
    const cp = normalizeControlPlane(
      { mode: ApiServerProxyMode.NoAuth, access: [{ sources: ["group:sre"] }], recorder: { enforce: true } },
      context(),
    )!;
    assert.deepEqual(
      controlPlaneAccess(cp, policyOracle(controlPlaneFragment(cp, context()))).map((a) => a.text),
      [
        "group:sre -> tailscale-operator (noauth: its own Kubernetes credentials; recorded by tag:k8s-recorder, enforced)",
      ],
    );
  });
});
