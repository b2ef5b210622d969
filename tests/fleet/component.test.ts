import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as tailscale from "@pulumi/tailscale";
import { ZeroTrustFleet } from "../../sdk";
import { construct, outputValue } from "../harness";
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
      "edge/shop/app=web -> egress orders (tag:k8s-edge-egress-orders) -> tag:k8s-core-orders:443 -> core/shop/app=orders:8443",
    ]);
  });
});
