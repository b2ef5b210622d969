import assert from "node:assert/strict";
import { ZeroTrustCluster } from "../../../sdk";
import { construct, outputValue } from "../../harness";
import { homelabWith, sreAndCi } from "./fixtures";

const T = {
  crb: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  rb: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  cr: (kind: string) => `kubernetes:tailscale.com/v1alpha1:${kind}`,
  release: "kubernetes:helm.sh/v3:Release",
};

const build = (spec: object) => construct((opts) => new ZeroTrustCluster("homelab", spec as any, opts));

describe("ZeroTrustCluster with apiServerProxy", () => {
  it("creates typed RBAC bindings, turns the proxy on in the chart, and outputs who can do what", async () => {
    const { component, created } = await build(homelabWith(sreAndCi()));
    const crb = created.find((r) => r.type === T.crb)!;
    assert.equal(crb.name, "homelab-crb-tailnet-sre-view");
    assert.deepEqual(crb.inputs.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "view",
    });
    assert.deepEqual(crb.inputs.subjects, [
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "sre" },
    ]);
    const rbs = created.filter((r) => r.type === T.rb);
    assert.deepEqual(
      rbs.map((r) => [r.name, r.inputs.metadata.namespace, r.inputs.roleRef.kind, r.inputs.roleRef.name]),
      [
        ["homelab-rb-apps-tailnet-deployers-deployer", "apps", "Role", "deployer"],
        ["homelab-rb-apps-tailnet-sre-edit", "apps", "ClusterRole", "edit"],
      ],
    );
    // A RoleBinding waits for the namespace it lands in.
    for (const rb of rbs) assert.deepEqual(rb.dependsOn, ["homelab-apps"]);
    const release = created.find((r) => r.type === T.release)!;
    assert.deepEqual(release.inputs.values.apiServerProxyConfig, { mode: "true" });
    assert.deepEqual(await outputValue(component.kubeconfigCommands), [
      "tailscale configure kubeconfig tailscale-operator",
    ]);
    assert.deepEqual(await outputValue(component.access), [
      "group:sre -> tailscale-operator (impersonating sre) -> ClusterRole view (cluster), ClusterRole edit (apps)",
      "tag:ci -> tailscale-operator (impersonating deployers) -> Role deployer (apps)",
    ]);
    const grants = JSON.parse(await outputValue(component.tailnetPolicy)).grants;
    assert.ok(
      grants.some((g: any) => g.dst[0] === "tag:k8s-operator" && g.app?.["tailscale.com/cap/kubernetes"]),
    );
    const paths = await outputValue(component.tailnetFlows);
    assert.ok(
      paths.includes("tag:ci -> tailscale-operator TCP/443 -> API server 192.168.1.10 TCP/6443"),
      paths.join("\n"),
    );
  });

  it("creates the ProxyGroup and the Recorder after the operator, with impersonation allowed in the chart", async () => {
    const { component, created } = await build(
      homelabWith({ ...sreAndCi(), proxyGroup: { replicas: 3 }, recorder: { enforce: true } }),
    );
    const pg = created.find((r) => r.type === T.cr("ProxyGroup"))!;
    assert.equal(pg.name, "homelab-apiserver-proxygroup");
    assert.deepEqual(pg.inputs.spec, {
      type: "kube-apiserver",
      tags: ["tag:k8s-api"],
      replicas: 3,
      kubeAPIServer: { mode: "auth", hostname: "k8s-api" },
    });
    assert.deepEqual(pg.dependsOn, ["homelab-operator"]);
    const recorder = created.find((r) => r.type === T.cr("Recorder"))!;
    assert.deepEqual(recorder.inputs.spec, { tags: ["tag:k8s-recorder"], enableUI: true });
    assert.deepEqual(created.find((r) => r.type === T.release)!.inputs.values.apiServerProxyConfig, {
      allowImpersonation: "true",
    });
    assert.deepEqual(await outputValue(component.kubeconfigCommands), [
      "tailscale configure kubeconfig k8s-api",
    ]);
    assert.match(
      (await outputValue(component.access))[0],
      /^group:sre -> k8s-api \(impersonating sre; recorded by tag:k8s-recorder, enforced\)/,
    );
  });

  it("refuses bad control-plane input per property, before anything is created", async () => {
    const spec = homelabWith(sreAndCi());
    spec.apiServerProxy.mode = "noauth" as never;
    await assert.rejects(
      build(spec),
      (err: any) =>
        err.errors?.some((e: any) => e.propertyPath === "apiServerProxy.access[0].groups") &&
        /noauth mode impersonates nobody/.test(err.message),
    );
  });

  it("leaves outputs empty and the chart untouched without apiServerProxy", async () => {
    const { component, created } = await build(homelabWith(undefined as never));
    assert.deepEqual(await outputValue(component.access), []);
    assert.deepEqual(await outputValue(component.kubeconfigCommands), []);
    assert.equal(created.find((r) => r.type === T.release)!.inputs.values.apiServerProxyConfig, undefined);
    assert.ok(!created.some((r) => r.type === T.crb || r.type === T.rb));
  });
});
