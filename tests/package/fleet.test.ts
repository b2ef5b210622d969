import assert from "node:assert/strict";
import { readFleetFile } from "../../sdk/cli/fleet";
import { parseHujson, type TailnetPolicy } from "../../sdk/tailnet";
import { ROOT } from "../cli/run";
import { secretOutput } from "./mockEngine";
import { type Constructed, construct } from "./sharedPlugin";

const TYPE = "tailnet-zerotrust:index:ZeroTrustFleet";

/**
 * The fleet example as a Python/YAML program sends it through the plugin: plain JSON, credentials
 * and kubeconfigs as secret outputs. The plugin must construct one ZeroTrustCluster per cluster on
 * a Kubernetes provider made from its kubeconfig, and return the proven links.
 */
describe("the fleet example constructed through the plugin", function () {
  this.timeout(120_000);
  let got: Constructed;

  before(async () => {
    const spec = JSON.parse(JSON.stringify(readFleetFile("examples/fleet/fleet.yaml", ROOT)));
    for (const [name, cluster] of Object.entries<any>(spec.clusters)) {
      cluster.kubeconfig = secretOutput(`${name}-kubeconfig`);
      cluster.operator.oauthClientId = secretOutput(`${name}-id`);
      cluster.operator.oauthClientSecret = secretOutput(`${name}-secret`);
    }
    got = await construct(spec, "fleet", TYPE);
  });

  it("registers a ZeroTrustCluster and a Kubernetes provider per cluster under the fleet", () => {
    assert.equal(got.component?.type, TYPE);
    const urn = got.response.getUrn();
    const clusters = got.children.filter((r) => r.type === "tailnet-zerotrust:index:ZeroTrustCluster");
    assert.deepEqual(clusters.map((r) => r.name).sort(), ["fleet-edge", "fleet-homelab"]);
    for (const c of clusters) assert.equal(c.parent, urn);
    const providers = got.children.filter((r) => r.type === "pulumi:providers:kubernetes");
    assert.deepEqual(providers.map((r) => r.name).sort(), ["fleet-edge", "fleet-homelab"]);
    const egress = got.children.find((r) => r.name === "fleet-edge-kitchen-recipes");
    assert.equal(
      egress?.object.metadata.annotations["tailscale.com/tailnet-fqdn"],
      "homelab-recipes.tail1234.ts.net",
    );
  });

  it("returns the proven links and the merged policy", () => {
    assert.deepEqual(got.state.links, [
      "edge/kitchen/app=display -> egress recipes (tag:k8s-edge-egress-recipes) -> tag:k8s-homelab-recipes TCP/443 -> homelab/apps/app=recipes TCP/8443",
    ]);
    assert.ok((parseHujson(got.state.tailnetPolicy) as TailnetPolicy).tagOwners!["tag:k8s-homelab-recipes"]);
  });
});
