/**
 * What the operator does at runtime, read from its source at the pinned v1.102.2
 * (operator-runtime.md): each test names the upstream fact it guards.
 */
import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import { ProxyGroupType } from "../../sdk/features/proxy-groups";
import { homelab } from "../fixtures";
import { withEgress } from "./egress/fixtures";
import { build } from "./engines";

const group = (name: string) => ({
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "proxygroup",
  "tailscale.com/parent-resource": name,
});

describe("egress ProxyGroup pods check each other on 9002 when one shuts down", () => {
  // proxygroup_specs.go 275-287: the preStop hook; containerboot egressservices.go 643-745: it
  // polls the egress Services' health endpoints (ClusterIP -> some group pod:9002) until none
  // answers from the terminating pod, and an unreachable endpoint counts as "still routed".
  const pods = [
    { key: "tailscale/out-0", labels: group("out") },
    { key: "tailscale/out-1", labels: group("out") },
    { key: "tailscale/web-0", labels: group("web") },
    { key: "tailscale/operator", labels: { app: "operator" } },
  ];

  for (const [title, spec] of [
    [
      "a group declared in proxyGroups",
      (() => {
        const s = homelab();
        s.proxyGroups = { out: { type: ProxyGroupType.Egress }, web: { type: ProxyGroupType.Ingress } };
        return s;
      })(),
    ],
    [
      "a group created elsewhere, named by an egress entry",
      (() => {
        const s = withEgress();
        s.egress![0].proxyGroup = "out";
        s.egress![0].tags = ["tag:k8s-out"];
        return s;
      })(),
    ],
  ] as const) {
    it(`opens TCP 9002 between the pods of ${title}, and only there`, async () => {
      const built = await build(spec, pods);
      assert.ok(built.reaches("tailscale/out-0", "tailscale/out-1", 9002));
      assert.ok(built.reaches("tailscale/out-1", "tailscale/out-0", 9002));
      assert.ok(!built.reaches("tailscale/out-0", "tailscale/out-1", 9003));
      assert.ok(!built.reaches("tailscale/web-0", "tailscale/out-0", 9002), "another group's pods");
      assert.ok(!built.reaches("tailscale/out-0", "tailscale/web-0", 9002));
      assert.ok(
        built.flows.includes(
          "proxygroup out-drain: tailscale/proxygroup(out) -> tailscale/proxygroup(out) on TCP/9002",
        ),
        built.flows.join("\n"),
      );
    });
  }

  it("is not planned for an ingress group (no preStop drain there)", () => {
    const s = homelab();
    s.proxyGroups = { web: { type: ProxyGroupType.Ingress } };
    assert.equal(
      planZeroTrust(s).flows.find((f) => f.name === "web-drain"),
      undefined,
    );
  });
});

describe("metrics: only the proxies that serve them", () => {
  // sts.go 864-873: metrics are "currently not supported for egress proxies", and their DNAT
  // (iptables_runner.go 309-312) would forward 9002 to the tailnet target.
  it("scrapes ingress, ProxyGroup, Connector and exposed Service proxies, never a single egress proxy", async () => {
    const spec = withEgress();
    spec.metrics = { from: { namespace: "monitoring", podLabels: { app: "prometheus" } } };
    const proxy = (type: string, name: string, ns: string) => ({
      "tailscale.com/managed": "true",
      "tailscale.com/parent-resource-type": type,
      "tailscale.com/parent-resource": name,
      "tailscale.com/parent-resource-ns": ns,
    });
    const built = await build(spec, [
      { key: "monitoring/prometheus", labels: { app: "prometheus" } },
      { key: "tailscale/db-egress", labels: proxy("svc", "db", "apps") },
      { key: "tailscale/grafana-proxy", labels: proxy("svc", "grafana", "monitoring") },
      { key: "tailscale/web-ingress", labels: proxy("ingress", "web", "apps") },
      { key: "tailscale/office", labels: proxy("connector", "office", "tailscale") },
      { key: "tailscale/out-0", labels: group("out") },
    ]);
    assert.ok(!built.reaches("monitoring/prometheus", "tailscale/db-egress", 9002), "an egress proxy");
    for (const pod of ["grafana-proxy", "web-ingress", "office", "out-0"])
      assert.ok(built.reaches("monitoring/prometheus", `tailscale/${pod}`, 9002), pod);
    assert.ok(!built.reaches("monitoring/prometheus", "tailscale/out-0", 9001));
  });
});

describe("app connectors: the routes they discover too", () => {
  // types_connector.go 154-162: with routes, the connector "may also dynamically discover other routes".
  const connector = {
    "tailscale.com/managed": "true",
    "tailscale.com/parent-resource-type": "connector",
    "tailscale.com/parent-resource": "saas",
    "tailscale.com/parent-resource-ns": "tailscale",
  };
  const saas = () => {
    const spec = homelab();
    spec.connectors = {
      saas: {
        appConnector: true,
        routes: ["198.51.100.0/24"],
        access: [{ sources: ["group:sre"], ports: [{ port: 8443 }] }],
      },
    };
    return spec;
  };

  it("lets the connector reach the internet minus the cluster on the access ports, saying why", async () => {
    const built = await build(saas(), [
      { key: "tailscale/saas-0", labels: connector },
      { key: "apps/backend", labels: { app: "backend" }, ip: "10.42.0.9" },
    ]);
    assert.ok(built.reaches("tailscale/saas-0", "198.51.100.7", 8443), "a preconfigured route");
    // Not TCP 443: the operator namespace's own internet rule opens that one for every pod.
    assert.ok(built.reaches("tailscale/saas-0", "203.0.113.50", 8443), "a discovered address");
    assert.ok(!built.reaches("tailscale/saas-0", "203.0.113.50", 8444), "the access ports only");
    assert.ok(!built.reaches("tailscale/saas-0", "10.42.0.9", 8443), "never the cluster's addresses");
    assert.ok(!built.reaches("tailscale/saas-0", "apps/backend", 8443));
    const line = built.flows.find((f) => f.includes("0.0.0.0/0 except 10.42.0.0/16,10.43.0.0/16 ("));
    assert.equal(
      line,
      "connector saas: tailscale/connector(saas) -> 0.0.0.0/0 except 10.42.0.0/16,10.43.0.0/16 (app connector: also the routes it discovers for its domains) on TCP/8443",
    );
  });

  it("leaves a subnet router at its routes", () => {
    const spec = saas();
    spec.connectors!.saas.appConnector = false;
    const flows = planZeroTrust(spec).flows.filter((f) => f.kind === "connector");
    assert.deepEqual(
      flows.map((f) => f.to.cidr),
      ["198.51.100.0/24"],
    );
  });
});
