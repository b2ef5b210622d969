import assert from "node:assert/strict";
import { readArgsFile } from "../../sdk/cli/args";
import { ROOT } from "../cli/run";
import { secretOutput } from "./mockEngine";
import { construct, TYPE } from "./sharedPlugin";

/**
 * The operator-features example as a Python or YAML program sends it (its args file as plain JSON,
 * credentials as secret outputs), constructed by the shared plugin: the custom resources, the
 * enums and the maps of args cross the wire, and the paths come back proven.
 */
describe("the package booted as a plugin: the operator-features example", function () {
  this.timeout(120_000);

  it("registers the ProxyGroups, the Connector and the DNSConfig under the component, and proves the paths", async () => {
    const inputs = JSON.parse(
      JSON.stringify(readArgsFile("examples/operator-features/zerotrust.yaml", ROOT)),
    );
    inputs.operator.oauthClientId = secretOutput("client-id");
    inputs.operator.oauthClientSecret = secretOutput("client-secret");
    const got = await construct(inputs, "ops");
    assert.equal(got.component?.type, TYPE);
    const custom = got.children.filter((r) => r.type.startsWith("kubernetes:tailscale.com/v1alpha1:"));
    assert.deepEqual(custom.map((r) => `${r.type.split(":")[2]} ${r.name}`).sort(), [
      "Connector ops-connector-office",
      "DNSConfig ops-dnsconfig",
      "ProxyGroup ops-proxygroup-out",
      "ProxyGroup ops-proxygroup-web",
    ]);
    for (const r of got.children) assert.equal(r.parent, got.response.getUrn(), `${r.name}'s parent`);
    const web = custom.find((r) => r.name === "ops-proxygroup-web")!;
    assert.deepEqual(web.object.spec, { type: "ingress", tags: ["tag:k8s-web"], replicas: 2 });
    assert.deepEqual(got.state.tailnetFlows, [
      "group:sre -> svc:grafana TCP/80 -> monitoring/app=grafana TCP/3000",
      "apps/app=backend -> egress db (tag:k8s-out) -> 100.64.0.50 TCP/5432",
      "group:sre -> connector office (tag:k8s-office) -> 192.168.10.0/24 TCP/22",
      "group:sre -> connector office (tag:k8s-office) -> 192.168.10.0/24 TCP/443",
    ]);
  });
});
