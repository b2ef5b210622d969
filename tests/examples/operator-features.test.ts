import assert from "node:assert/strict";
import { assertPlanHolds } from "../../sdk/verify/plan-check";
import { assertExampleMatchesArgsFile } from "./mirror";

/**
 * The operator-features example (egress through a ProxyGroup, a ProxyGroup serving a Tailscale
 * Service, a Connector, MagicDNS, metrics) and its args file describe the same cluster, and every
 * path it declares is proven.
 */
describe("examples/operator-features", () => {
  it("creates exactly what examples/operator-features/zerotrust.yaml plans, custom resources included", async () => {
    const { plan, children } = await assertExampleMatchesArgsFile("operator-features", "ops");
    const custom = children.filter((c) => c.type.startsWith("kubernetes:tailscale.com/v1alpha1:"));
    assert.deepEqual(custom.map((c) => `${c.type.split(":")[2]} ${c.inputs.metadata.name}`).sort(), [
      "Connector office",
      "DNSConfig ts-dns",
      "ProxyGroup out",
      "ProxyGroup web",
    ]);
    assert.deepEqual(
      assertPlanHolds(plan).tailnetFlows.map((f) => f.text),
      [
        "group:sre -> svc:grafana TCP/80 -> monitoring/app=grafana TCP/3000",
        "apps/app=backend -> egress db (tag:k8s-out) -> 100.64.0.50 TCP/5432",
        "group:sre -> connector office (tag:k8s-office) -> 192.168.10.0/24 TCP/22",
        "group:sre -> connector office (tag:k8s-office) -> 192.168.10.0/24 TCP/443",
      ],
    );
  });
});
