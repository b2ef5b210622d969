import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as tailscale from "@pulumi/tailscale";
import { ZeroTrustFleet } from "../../sdk";
import { construct, isSecretInput, outputValue } from "../harness";
import { twoClusters } from "./fixtures";

const CLUSTER = "tailnet-zerotrust:index:ZeroTrustCluster";

describe("ZeroTrustFleet", () => {
  it("puts each cluster on its own provider and applies one Acl", async () => {
    const spec = twoClusters();
    spec.tailnet!.manage = true;
    const { component, created } = await construct((opts) => {
      const edge = new k8s.Provider("edge-k8s", { kubeconfig: "edge" });
      const ts = new tailscale.Provider("ts", { apiKey: "key" });
      spec.clusters.core.kubeconfig = "core-kubeconfig";
      return new ZeroTrustFleet("fleet", spec as any, { ...opts, providers: { edge, tailscale: ts } });
    });
    const clusters = created.filter((r) => r.type === CLUSTER);
    assert.deepEqual(clusters.map((c) => c.name).sort(), ["fleet-core", "fleet-edge"]);
    const acls = created.filter((r) => r.type === "tailscale:index/acl:Acl");
    assert.equal(acls.length, 1, "one Acl for the fleet");
    assert.equal(acls[0].parent, "fleet");
    assert.equal(acls[0].inputs.acl, await outputValue(component.tailnetPolicy));
    // A provider reference is `<urn>::<id>`, the URN ending in `::<name>`.
    const providerOf = (prefix: string) =>
      new Set(
        created
          .filter((r) => r.name.startsWith(prefix) && r.type.startsWith("kubernetes:"))
          .map((r) => r.provider?.split("::").slice(-2)[0]),
      );
    const coreProviders = providerOf("fleet-core-");
    const edgeProviders = providerOf("fleet-edge-");
    assert.equal(coreProviders.size, 1);
    assert.equal(edgeProviders.size, 1);
    assert.match([...coreProviders][0]!, /fleet-core$/);
    assert.match([...edgeProviders][0]!, /edge-k8s$/);
    assert.deepEqual(await outputValue(component.links), [
      "edge/shop/app=web -> egress orders (tag:k8s-edge-egress-orders) -> tag:k8s-core-orders TCP/443 -> core/shop/app=orders TCP/8443",
    ]);
  });

  it("refuses two clusters on the program's one default Kubernetes provider", () => {
    assert.throws(
      () => new ZeroTrustFleet("shared", twoClusters() as any),
      /clusters\.edge\.kubeconfig: clusters core, edge would all use the program's default Kubernetes provider/,
    );
  });

  it("refuses a managed policy without a Tailscale provider, before registering anything", () => {
    const spec = twoClusters();
    spec.tailnet!.manage = true;
    spec.clusters.core.kubeconfig = "core";
    spec.clusters.edge.kubeconfig = "edge";
    assert.throws(
      () => new ZeroTrustFleet("no-ts", spec as any),
      /tailnet\.manage: needs a Tailscale provider/,
    );
  });

  it("creates each operator's OAuth client after the fleet's Acl", async () => {
    const spec = twoClusters();
    spec.tailnet!.manage = true;
    spec.tailnet!.createOAuthClient = true;
    for (const c of Object.values(spec.clusters)) {
      delete c.operator!.oauthClientId;
      delete c.operator!.oauthClientSecret;
    }
    spec.clusters.core.kubeconfig = "core";
    spec.clusters.edge.kubeconfig = "edge";
    const { created } = await construct(
      (opts) =>
        new ZeroTrustFleet("oauth", spec as any, {
          ...opts,
          providers: [new tailscale.Provider("ts2", { apiKey: "key" })],
        }),
    );
    const clients = created.filter((r) => r.type === "tailscale:index/oauthClient:OauthClient");
    assert.deepEqual(clients.map((c) => c.name).sort(), [
      "oauth-core-operator-oauth-client",
      "oauth-edge-operator-oauth-client",
    ]);
    for (const c of clients)
      assert.ok(c.dependsOn.includes("oauth-tailnet-policy"), `${c.name} waits for the Acl`);
    assert.equal(created.filter((r) => r.type === "tailscale:index/acl:Acl").length, 1);
  });

  it("keeps each kubeconfig secret in its provider", async () => {
    const spec = twoClusters();
    spec.clusters.core.kubeconfig = "core-config";
    spec.clusters.edge.kubeconfig = "edge-config";
    const { created } = await construct((opts) => new ZeroTrustFleet("kc", spec as any, opts));
    const providers = created.filter((r) => r.type === "pulumi:providers:kubernetes");
    assert.deepEqual(providers.map((p) => p.name).sort(), ["kc-core", "kc-edge"]);
    for (const p of providers)
      assert.ok(isSecretInput(p.inputs.kubeconfig), `${p.name} kubeconfig is secret`);
  });
});
