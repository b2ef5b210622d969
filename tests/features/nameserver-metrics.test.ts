import assert from "node:assert/strict";
import { planYaml } from "../../sdk/cli/plan";
import { planZeroTrust } from "../../sdk/core";
import { itRejects } from "../core/rejects";
import { homelab } from "../fixtures";
import { build } from "./engines";

const PROXY = {
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "svc",
  "tailscale.com/parent-resource": "grafana",
  "tailscale.com/parent-resource-ns": "monitoring",
};
const PG_POD = {
  "tailscale.com/managed": "true",
  "tailscale.com/parent-resource-type": "proxygroup",
  "tailscale.com/parent-resource": "web",
};

describe("in-cluster MagicDNS (nameserver)", () => {
  it("creates the DNSConfig after the operator and prints the CoreDNS stub zone", () => {
    const spec = homelab();
    spec.nameserver = true;
    const plan = planZeroTrust(spec);
    const dns = plan.resources.find((r) => r.suffix === "dnsconfig")!;
    assert.deepEqual(dns.object, {
      apiVersion: "tailscale.com/v1alpha1",
      kind: "DNSConfig",
      metadata: { name: "ts-dns", labels: { "app.kubernetes.io/managed-by": "tailnet-zerotrust" } },
      spec: { nameserver: {} },
    });
    assert.deepEqual(dns.dependsOn, ["operator", "tailscale-nameserver-ingress"]);
    assert.match(planYaml(plan), /kind: DNSConfig\nmetadata:\n {2}name: ts-dns/);
    const note = plan.warnings.find((w) => w.startsWith("nameserver:"))!;
    assert.match(note, /ts\.net:53 \{ errors; cache 30; forward \. <nameserver ip> \}/);
    assert.match(note, /kubectl get dnsconfig ts-dns/);
    assert.equal(
      planZeroTrust(homelab()).resources.find((r) => r.suffix === "dnsconfig"),
      undefined,
    );
  });

  it("lets cluster DNS reach the nameserver pods on UDP and TCP 1053, and nobody else", async () => {
    const spec = homelab();
    spec.nameserver = true;
    const built = await build(spec, [
      { key: "kube-system/coredns", labels: { "k8s-app": "kube-dns" } },
      { key: "kube-system/other", labels: { "k8s-app": "metrics-server" } },
      { key: "apps/frontend", labels: { app: "frontend" } },
      { key: "tailscale/nameserver-abc", labels: { app: "nameserver" } },
    ]);
    assert.ok(built.reaches("kube-system/coredns", "tailscale/nameserver-abc", 1053, "UDP"));
    assert.ok(built.reaches("kube-system/coredns", "tailscale/nameserver-abc", 1053, "TCP"));
    assert.ok(!built.reaches("kube-system/coredns", "tailscale/nameserver-abc", 53, "UDP"));
    assert.ok(!built.reaches("kube-system/other", "tailscale/nameserver-abc", 1053, "UDP"));
    assert.ok(!built.reaches("apps/frontend", "tailscale/nameserver-abc", 1053, "UDP"));
    assert.ok(
      built.flows.includes(
        "nameserver ts.net: kube-system/k8s-app=kube-dns -> tailscale/nameserver on TCP/1053,UDP/1053",
      ),
    );
  });
});

describe("proxy metrics", () => {
  it("lets the declared Prometheus scrape the proxies that serve metrics on 9002, and nothing else", async () => {
    const spec = homelab();
    spec.metrics = { from: { namespace: "monitoring", podLabels: { app: "prometheus" } } };
    const built = await build(spec, [
      { key: "monitoring/prometheus", labels: { app: "prometheus" } },
      { key: "monitoring/grafana", labels: { app: "grafana" } },
      { key: "tailscale/grafana-proxy", labels: PROXY },
      { key: "tailscale/web-0", labels: PG_POD },
      { key: "tailscale/operator", labels: { app: "operator" } },
    ]);
    assert.ok(built.reaches("monitoring/prometheus", "tailscale/grafana-proxy", 9002));
    assert.ok(built.reaches("monitoring/prometheus", "tailscale/web-0", 9002));
    assert.ok(
      !built.reaches("monitoring/prometheus", "tailscale/grafana-proxy", 9001),
      "the metrics port only",
    );
    assert.ok(!built.reaches("monitoring/prometheus", "tailscale/operator", 9002), "the proxies only");
    assert.ok(
      !built.reaches("monitoring/grafana", "tailscale/grafana-proxy", 9002),
      "the declared scraper only",
    );
    for (const line of [
      "metrics proxygroups: monitoring/app=prometheus -> tailscale/proxygroups on TCP/9002",
      "metrics monitoring-grafana: monitoring/app=prometheus -> tailscale/proxy(monitoring/grafana) on TCP/9002",
    ])
      assert.ok(built.flows.includes(line), built.flows.join("\n"));
  });

  itRejects([
    ["metrics without a scraper", (s) => (s.metrics = {}), "metrics.from", /is required/],
    [
      "a bad scraper namespace",
      (s) => (s.metrics = { from: { namespace: "Mon" } }),
      "metrics.from.namespace",
      /not a valid namespace name/,
    ],
    ["nameserver as a string", (s) => (s.nameserver = "true"), "nameserver", /must be true or false/],
  ]);
});
