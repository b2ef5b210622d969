import assert from "node:assert/strict";
import { type TailnetIdentity, TailnetPolicyEvaluator } from "../../sdk/tailnet";
import { KUBERNETES_CAPABILITY, kubernetesAccess } from "../../sdk/tailnet/kubernetes-cap";

const alice: TailnetIdentity = { kind: "user", login: "alice@example.com", groups: ["group:sre"] };
const bob: TailnetIdentity = { kind: "user", login: "bob@example.com" };
const proxy: TailnetIdentity = { kind: "tagged", tags: ["tag:k8s-operator"] };
const other: TailnetIdentity = { kind: "tagged", tags: ["tag:k8s"] };
const cap = (rule: object) => ({ [KUBERNETES_CAPABILITY]: [rule] });

// The capability's shape is the operator's (kube/kubetypes/grants.go); the e2e policy
// (cmd/k8s-operator/e2e/acl.hujson) grants it together with tcp:443.
describe("tailnet grants evaluator: application capabilities", () => {
  const policy = {
    grants: [
      {
        src: ["group:sre"],
        dst: ["tag:k8s-operator"],
        ip: ["tcp:443"],
        app: cap({ impersonate: { groups: ["sre"] } }),
      },
      // App-only: no port, but the capability still reaches the proxy, and adds up.
      {
        src: ["autogroup:member"],
        dst: ["tag:k8s-operator"],
        app: cap({ impersonate: { groups: ["readers", "sre"] }, recorder: ["tag:rec"] }),
      },
      {
        src: ["alice@example.com"],
        dst: ["tag:k8s"],
        ip: ["tcp:443"],
        app: cap({ impersonate: { groups: ["admins"] } }),
      },
      { src: ["alice@example.com"], dst: ["tag:k8s-operator"], app: { "example.com/cap/other": [{ x: 1 }] } },
    ],
  };
  const evaluator = new TailnetPolicyEvaluator(policy);

  it("collects every grant's rules for the caller at that destination, and only that capability", () => {
    const access = kubernetesAccess(evaluator, alice, proxy);
    assert.deepEqual(access.groups, ["readers", "sre"]);
    assert.deepEqual(access.recorders, ["tag:rec"]);
    assert.equal(access.enforceRecorder, false);
    assert.equal(access.grants.length, 2);
    assert.deepEqual(evaluator.capability(alice, proxy, "example.com/cap/other").values, [{ x: 1 }]);
  });

  it("gives a member outside the group the member rule's groups only, and a device at another tag nothing", () => {
    assert.deepEqual(kubernetesAccess(evaluator, bob, proxy).groups, ["readers", "sre"]);
    assert.deepEqual(kubernetesAccess(evaluator, other, proxy).groups, []);
    assert.deepEqual(kubernetesAccess(evaluator, alice, other).groups, ["admins"]);
  });

  it("an app-only grant opens no port, while its capability still applies", () => {
    assert.equal(evaluator.check({ src: bob, dst: proxy, port: 443, proto: "tcp" }).allowed, false);
    assert.equal(evaluator.check({ src: alice, dst: proxy, port: 443, proto: "tcp" }).allowed, true);
  });

  it("one enforceRecorder makes recording mandatory; the default allow-all grants no capability", () => {
    const enforced = new TailnetPolicyEvaluator({
      grants: [
        { src: ["*"], dst: ["*"], ip: ["*"] },
        {
          src: ["group:sre"],
          dst: ["tag:k8s-operator"],
          app: cap({ recorder: ["tag:rec"], enforceRecorder: true }),
        },
      ],
    });
    assert.equal(kubernetesAccess(enforced, alice, proxy).enforceRecorder, true);
    assert.deepEqual(kubernetesAccess(new TailnetPolicyEvaluator({}), alice, proxy).groups, []);
  });

  it("refuses an app capability that is not a list, as Tailscale does", () => {
    assert.throws(
      () =>
        new TailnetPolicyEvaluator({
          grants: [{ src: ["*"], dst: ["*"], app: { [KUBERNETES_CAPABILITY]: {} } }],
        }),
      /grants\[0\]\.app\["tailscale.com\/cap\/kubernetes"\]: expected a list/,
    );
  });
});
