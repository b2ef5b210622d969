import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { ProxyGroupType } from "../../sdk/features/proxy-groups";
import { itRejects } from "../core/rejects";
import { homelab } from "../fixtures";
import { withEgress } from "./egress/fixtures";
import { build } from "./engines";

const PG_POD = {
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "proxygroup",
  "tailscale.com/parent-resource": "web",
};
const SINGLE_PROXY = {
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "svc",
  "tailscale.com/parent-resource": "grafana",
  "tailscale.com/parent-resource-ns": "monitoring",
};

/** The homelab with Grafana served by the ingress ProxyGroup `web`, granted to group:sre. */
function haGrafana(): ZeroTrustSpec {
  const spec = homelab();
  spec.proxyGroups = { web: { type: ProxyGroupType.Ingress, replicas: 3 } };
  spec.expose![0].proxyGroup = "web";
  spec.expose![0].access = ["group:sre"];
  return spec;
}

describe("proxy groups: planned", () => {
  it("creates the cluster-scoped ProxyGroup after the operator, and the Service after the group", () => {
    const plan = planZeroTrust(haGrafana());
    const pg = plan.resources.find((r) => r.suffix === "proxygroup-web")!;
    assert.equal(pg.kind, "CustomResource");
    assert.deepEqual(pg.object, {
      apiVersion: "tailscale.com/v1alpha1",
      kind: "ProxyGroup",
      metadata: { name: "web", labels: { "app.kubernetes.io/managed-by": "tailnet-zerotrust" } },
      spec: { type: "ingress", tags: ["tag:k8s-web"], replicas: 3 },
    });
    assert.ok(pg.dependsOn.includes("operator"));
    const service = plan.resources.find((r) => r.suffix === "monitoring-grafana")!;
    assert.ok(service.dependsOn.includes("proxygroup-web"));
    assert.equal((service.object as any).metadata.annotations["tailscale.com/proxy-group"], "web");
  });

  it("lets the operator health-check an egress group's pods on 9002, before the group exists", () => {
    const spec = homelab();
    spec.proxyGroups = { out: { type: ProxyGroupType.Egress } };
    const plan = planZeroTrust(spec);
    const pg = plan.resources.find((r) => r.suffix === "proxygroup-out")!;
    assert.deepEqual(pg.dependsOn, [
      "operator",
      "tailscale-proxygroup-out-health-ingress",
      "tailscale-proxygroup-out-health-egress",
      "tailscale-proxygroup-out-drain-ingress",
      "tailscale-proxygroup-out-drain-egress",
    ]);
    assert.deepEqual((pg.object as any).spec, { type: "egress", tags: ["tag:k8s-out"], replicas: 2 });
    assert.ok(
      plan.warnings.every((w) => !w.includes("proxyGroups.out")),
      "an egress group is not warned about",
    );
  });

  it("warns about an ingress group nothing is served from", () => {
    const spec = homelab();
    spec.proxyGroups = { idle: { type: ProxyGroupType.Ingress } };
    assert.ok(planZeroTrust(spec).warnings.some((w) => w.startsWith("proxyGroups.idle: no expose entry")));
  });
});

describe("proxy groups: proven on both engines under mocks", () => {
  it("serves a Service as svc:<hostname> from the group's pods, and nothing else gets through", async () => {
    const built = await build(haGrafana(), [
      { key: "tailscale/web-0", labels: PG_POD },
      { key: "tailscale/single", labels: SINGLE_PROXY },
      { key: "tailscale/other-group", labels: { ...PG_POD, "tailscale.com/parent-resource": "other" } },
      { key: "monitoring/grafana", labels: { app: "grafana" } },
    ]);
    assert.ok(built.reaches("tailscale/web-0", "monitoring/grafana", 3000));
    assert.ok(!built.reaches("tailscale/single", "monitoring/grafana", 3000), "the single proxy is gone");
    assert.ok(!built.reaches("tailscale/other-group", "monitoring/grafana", 3000));
    assert.ok(!built.reaches("tailscale/web-0", "monitoring/grafana", 3001));

    const sre = { kind: "user" as const, login: "alice@example.com", groups: ["group:sre"] };
    const grafana = { kind: "service" as const, name: "svc:k8s-grafana" };
    assert.ok(built.tailnet({ src: sre, dst: grafana, port: 80, proto: "tcp" }));
    assert.ok(!built.tailnet({ src: sre, dst: grafana, port: 443, proto: "tcp" }));
    assert.ok(
      !built.tailnet({
        src: { kind: "user", login: "bob@example.com" },
        dst: grafana,
        port: 80,
        proto: "tcp",
      }),
    );
    assert.ok(
      !built.tailnet({ src: sre, dst: { kind: "service", name: "svc:other" }, port: 80, proto: "tcp" }),
    );
    assert.deepEqual(built.tailnetPolicy.autoApprovers, { services: { "svc:k8s-grafana": ["tag:k8s-web"] } });
    assert.deepEqual(built.tailnetPolicy.tagOwners["tag:k8s-web"], ["tag:k8s-operator"]);
    assert.deepEqual(built.tailnetFlows, [
      "group:sre -> svc:k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000",
    ]);
    assert.ok(
      built.flows.includes(
        "proxy k8s-grafana: tailscale/proxygroup(web) -> monitoring/app=grafana on TCP/3000",
      ),
    );
  });

  it("opens an egress group's health check to the operator pod only", async () => {
    const spec = homelab();
    spec.proxyGroups = { out: { type: ProxyGroupType.Egress } };
    const built = await build(spec, [
      { key: "tailscale/operator", labels: { app: "operator" } },
      { key: "tailscale/out-0", labels: { ...PG_POD, "tailscale.com/parent-resource": "out" } },
      { key: "tailscale/neighbour", labels: { app: "other" } },
    ]);
    assert.ok(built.reaches("tailscale/operator", "tailscale/out-0", 9002));
    assert.ok(!built.reaches("tailscale/neighbour", "tailscale/out-0", 9002));
    assert.ok(!built.reaches("tailscale/operator", "tailscale/out-0", 9003));
    assert.ok(
      built.flows.includes(
        "proxygroup out-health: tailscale/app=operator -> tailscale/proxygroup(out) on TCP/9002",
      ),
    );
  });
});

describe("proxy groups: validation", () => {
  itRejects([
    ["a missing type", (s) => (s.proxyGroups = { web: {} }), "proxyGroups.web.type", /is required/],
    [
      "an unknown type",
      (s) => (s.proxyGroups = { web: { type: "both" } }),
      "proxyGroups.web.type",
      /"both" is not a ProxyGroup type/,
    ],
    [
      "a kube-apiserver group",
      (s) => (s.proxyGroups = { web: { type: "kube-apiserver" } }),
      "proxyGroups.web.type",
      /API server proxy/,
    ],
    [
      "a bad name",
      (s) => (s.proxyGroups = { Web_1: { type: "ingress" } }),
      "proxyGroups.Web_1",
      /not a valid ProxyGroup name/,
    ],
    [
      "negative replicas",
      (s) => (s.proxyGroups = { web: { type: "ingress", replicas: -1 } }),
      "proxyGroups.web.replicas",
      /-1 is not a replica count/,
    ],
    [
      "an operator tag",
      (s) => (s.proxyGroups = { web: { type: "ingress", tags: ["tag:k8s-operator"] } }),
      "proxyGroups.web.tags[0]",
      /is an operator tag/,
    ],
    [
      "a bad hostname prefix",
      (s) => (s.proxyGroups = { web: { type: "ingress", hostnamePrefix: "-web" } }),
      "proxyGroups.web.hostnamePrefix",
      /cannot prefix device names/,
    ],
    [
      "an exposure naming no group",
      (s) => (s.expose[0].proxyGroup = "nope"),
      "expose[0].proxyGroup",
      /"nope" is not a ProxyGroup in proxyGroups: declare one/,
    ],
    [
      "an exposure served by an egress group",
      (s) => {
        s.proxyGroups = { out: { type: "egress" }, web: { type: "ingress" } };
        s.expose[0].proxyGroup = "out";
      },
      "expose[0].proxyGroup",
      /is an egress ProxyGroup; .*use one of "web"/,
    ],
    [
      "an upper-case Tailscale Service name",
      (s) => {
        s.proxyGroups = { web: { type: "ingress" } };
        s.expose[0].proxyGroup = "web";
        s.expose[0].hostname = "Grafana";
      },
      "expose[0].hostname",
      /svc:Grafana, which must be lower case: write "grafana"/,
    ],
    [
      "a misspelt field",
      (s) => (s.proxyGroups = { web: { type: "ingress", replica: 2 } }),
      "proxyGroups.web.replica",
      /did you mean "replicas"/,
    ],
  ]);
});

describe("proxy groups: an egress group serving egress", () => {
  /** The homelab's backend reaching a tailnet database through the egress group `out`. */
  function haEgress(): ZeroTrustSpec {
    const spec = withEgress();
    spec.proxyGroups = { out: { type: ProxyGroupType.Egress } };
    spec.egress![0].proxyGroup = "out";
    return spec;
  }
  const OUT = { ...PG_POD, "tailscale.com/parent-resource": "out" };

  it("carries the group's tags by default, and one health check for the group", () => {
    const plan = planZeroTrust(haEgress());
    const health = plan.flows.filter((f) => f.name === "out-health");
    assert.deepEqual(
      health.map((f) => f.policyName),
      ["proxygroup-out-health"],
    );
    assert.deepEqual(plan.tailnet.fragment.grants, [
      { src: ["tag:k8s-out"], dst: ["100.64.0.50"], ip: ["tcp:5432"] },
    ]);
  });

  it("lets the declared clients reach the group's pods on 10000-10999, and the group the target", async () => {
    const built = await build(haEgress(), [
      { key: "apps/backend", labels: { app: "backend" } },
      { key: "apps/frontend", labels: { app: "frontend" } },
      { key: "tailscale/out-0", labels: OUT },
      { key: "tailscale/operator", labels: { app: "operator" } },
    ]);
    assert.ok(built.reaches("apps/backend", "tailscale/out-0", 10000));
    assert.ok(built.reaches("apps/backend", "tailscale/out-0", 10999));
    assert.ok(!built.reaches("apps/backend", "tailscale/out-0", 11000));
    assert.ok(!built.reaches("apps/frontend", "tailscale/out-0", 10000), "not a declared client");
    assert.ok(built.reaches("tailscale/operator", "tailscale/out-0", 9002));
    const target = { kind: "tagged" as const, tags: [], ips: ["100.64.0.50"] };
    assert.ok(
      built.tailnet({
        src: { kind: "tagged", tags: ["tag:k8s-out"] },
        dst: target,
        port: 5432,
        proto: "tcp",
      }),
    );
    assert.ok(
      !built.tailnet({ src: { kind: "tagged", tags: ["tag:k8s"] }, dst: target, port: 5432, proto: "tcp" }),
    );
    assert.ok(
      !built.tailnet({ src: { kind: "tagged", tags: ["tag:k8s-out"] }, dst: target, port: 22, proto: "tcp" }),
    );
    assert.ok(
      built.tailnetFlows.includes("apps/app=backend -> egress db (tag:k8s-out) -> 100.64.0.50 TCP/5432"),
    );
  });

  itRejects([
    [
      "egress through an ingress group",
      (s) => {
        s.proxyGroups = { web: { type: "ingress" } };
        s.egress = [
          {
            name: "db",
            namespace: "apps",
            tailnetIp: "100.64.0.50",
            ports: [{ port: 5432 }],
            proxyGroup: "web",
          },
        ];
      },
      "egress[0].proxyGroup",
      /"web" is an ingress ProxyGroup: name one of type "egress"/,
    ],
  ]);
});
