import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { itRejects } from "../core/rejects";
import { homelab } from "../fixtures";
import { build } from "./engines";

const connectorPod = (name: string) => ({
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "connector",
  "tailscale.com/parent-resource": name,
  "tailscale.com/parent-resource-ns": "tailscale",
});
const sre = { kind: "user" as const, login: "alice@example.com", groups: ["group:sre"] };
const bob = { kind: "user" as const, login: "bob@example.com" };
const host = (ip: string, internet = false) => ({ kind: "host" as const, ips: [ip], internet });

/** The homelab with a subnet router for the database network, granted to group:sre on 5432. */
function officeRouter(): ZeroTrustSpec {
  const spec = homelab();
  spec.connectors = {
    office: { routes: ["10.20.0.0/16"], access: [{ sources: ["group:sre"], ports: [{ port: 5432 }] }] },
  };
  return spec;
}

describe("connectors: planned", () => {
  it("creates a cluster-scoped Connector after the operator and its egress", () => {
    const plan = planZeroTrust(officeRouter());
    const connector = plan.resources.find((r) => r.suffix === "connector-office")!;
    assert.deepEqual(connector.object, {
      apiVersion: "tailscale.com/v1alpha1",
      kind: "Connector",
      metadata: { name: "office", labels: { "app.kubernetes.io/managed-by": "tailnet-zerotrust" } },
      spec: {
        tags: ["tag:k8s-office"],
        replicas: 1,
        subnetRouter: { advertiseRoutes: ["10.20.0.0/16"] },
        exitNode: false,
      },
    });
    assert.deepEqual(connector.dependsOn, ["operator", "tailscale-connector-office-egress"]);
  });

  it("puts an app connector's routes under appConnector, and warns about a connector nobody may use", () => {
    const spec = homelab();
    spec.connectors = { saas: { appConnector: true, routes: ["198.51.100.0/24"] } };
    const plan = planZeroTrust(spec);
    const saas = plan.resources.find((r) => r.suffix === "connector-saas")!;
    assert.deepEqual((saas.object as any).spec.appConnector, { routes: ["198.51.100.0/24"] });
    assert.equal((saas.object as any).spec.subnetRouter, undefined);
    assert.ok(plan.warnings.some((w) => w.startsWith("connectors.saas: no access")));
    assert.ok(!plan.flows.some((f) => f.kind === "connector"), "no access, no egress to the routes");
  });
});

describe("connectors: proven on both engines under mocks", () => {
  it("routes group:sre to the database network on 5432 only, through the connector pods only", async () => {
    const built = await build(officeRouter(), [
      { key: "tailscale/office-0", labels: connectorPod("office") },
      { key: "tailscale/neighbour", labels: connectorPod("other") },
    ]);
    assert.ok(built.reaches("tailscale/office-0", "10.20.0.5", 5432));
    assert.ok(!built.reaches("tailscale/office-0", "10.20.0.5", 22));
    assert.ok(!built.reaches("tailscale/neighbour", "10.20.0.5", 5432));
    assert.ok(built.tailnet({ src: sre, dst: host("10.20.0.5"), port: 5432, proto: "tcp" }));
    assert.ok(!built.tailnet({ src: sre, dst: host("10.20.0.5"), port: 5433, proto: "tcp" }));
    assert.ok(!built.tailnet({ src: sre, dst: host("10.21.0.5"), port: 5432, proto: "tcp" }));
    assert.ok(!built.tailnet({ src: bob, dst: host("10.20.0.5"), port: 5432, proto: "tcp" }));
    assert.deepEqual(built.tailnetPolicy.autoApprovers, { routes: { "10.20.0.0/16": ["tag:k8s-office"] } });
    assert.deepEqual(built.tailnetPolicy.tagOwners["tag:k8s-office"], ["tag:k8s-operator"]);
    assert.deepEqual(built.tailnetFlows, [
      "group:sre -> connector office (tag:k8s-office) -> 10.20.0.0/16 TCP/5432",
    ]);
  });

  it("gives an exit node the internet on every port, never the cluster's own addresses", async () => {
    const spec = homelab();
    spec.connectors = { exit: { exitNode: true, access: [{ sources: ["group:sre"] }] } };
    const built = await build(spec, [
      { key: "tailscale/exit-0", labels: connectorPod("exit") },
      { key: "tailscale/neighbour", labels: { app: "other" } },
    ]);
    assert.ok(built.reaches("tailscale/exit-0", "203.0.113.9", 8080));
    assert.ok(!built.reaches("tailscale/exit-0", "10.42.0.5", 8080), "a cluster address");
    assert.ok(!built.reaches("tailscale/neighbour", "203.0.113.9", 8080));
    assert.ok(built.tailnet({ src: sre, dst: host("203.0.113.9", true), port: 8080, proto: "tcp" }));
    assert.ok(!built.tailnet({ src: bob, dst: host("203.0.113.9", true), port: 8080, proto: "tcp" }));
    assert.deepEqual(built.tailnetPolicy.autoApprovers, { exitNode: ["tag:k8s-exit"] });
    assert.ok(
      built.tailnetPolicy.grants.some(
        (g: any) => g.dst.includes("autogroup:internet") && g.src.includes("group:sre") && g.ip[0] === "*",
      ),
    );
    assert.deepEqual(built.tailnetFlows, ["group:sre -> connector exit (tag:k8s-exit) -> internet any port"]);
  });

  it("lets a route over the cluster's pods in only where reach says so", async () => {
    const spec = homelab();
    spec.connectors = {
      pods: {
        routes: ["10.42.0.0/16"],
        access: [{ sources: ["group:sre"], ports: [{ port: 8080 }] }],
        reach: [{ namespace: "apps", podLabels: { app: "backend" }, ports: [{ port: 8080 }] }],
      },
    };
    const built = await build(spec, [
      { key: "tailscale/pods-0", labels: connectorPod("pods") },
      { key: "tailscale/neighbour", labels: connectorPod("other") },
      { key: "apps/backend", labels: { app: "backend" } },
      { key: "apps/frontend", labels: { app: "frontend" } },
    ]);
    assert.ok(built.reaches("tailscale/pods-0", "apps/backend", 8080));
    assert.ok(!built.reaches("tailscale/pods-0", "apps/frontend", 8080), "managed, not in reach");
    assert.ok(!built.reaches("tailscale/neighbour", "apps/backend", 8080));
    assert.ok(
      built.flows.includes("connector pods: tailscale/connector(pods) -> apps/app=backend on TCP/8080"),
    );
  });
});

describe("connectors: validation", () => {
  itRejects([
    ["a connector that does nothing", (s) => (s.connectors = { x: {} }), "connectors.x", /does nothing/],
    [
      "an app connector that is an exit node",
      (s) => (s.connectors = { x: { appConnector: true, exitNode: true } }),
      "connectors.x.appConnector",
      /cannot also be an exit node/,
    ],
    [
      "a bad route",
      (s) => (s.connectors = { x: { routes: ["10.0.0.1"] } }),
      "connectors.x.routes[0]",
      /not a CIDR|prefix length/,
    ],
    [
      "a default route",
      (s) => (s.connectors = { x: { routes: ["0.0.0.0/0"] } }),
      "connectors.x.routes[0]",
      /use exitNode/,
    ],
    [
      "a hostname with replicas",
      (s) => (s.connectors = { x: { exitNode: true, hostname: "exit", replicas: 2 } }),
      "connectors.x.hostname",
      /replicas is above 1/,
    ],
    [
      "an access entry without sources",
      (s) => (s.connectors = { x: { exitNode: true, access: [{ sources: [] }] } }),
      "connectors.x.access[0].sources",
      /at least one tailnet source/,
    ],
    [
      "an SCTP access port",
      (s) =>
        (s.connectors = {
          x: { exitNode: true, access: [{ sources: ["group:sre"], ports: [{ port: 9, protocol: "SCTP" }] }] },
        }),
      "connectors.x.access[0].ports[0].protocol",
      /use one of TCP, UDP/,
    ],
    [
      "a bad access source",
      (s) => (s.connectors = { x: { exitNode: true, access: [{ sources: ["autogroup:internet"] }] } }),
      "connectors.x.access[0].sources[0]",
      /only valid as a destination/,
    ],
    [
      "a bad reach namespace",
      (s) => (s.connectors = { x: { exitNode: true, reach: [{ namespace: "Apps" }] } }),
      "connectors.x.reach[0].namespace",
      /not a valid namespace name/,
    ],
    [
      "a misspelt field",
      (s) => (s.connectors = { x: { exitnode: true } }),
      "connectors.x.exitnode",
      /did you mean "exitNode"/,
    ],
  ]);
});
