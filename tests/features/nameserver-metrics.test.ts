import assert from "node:assert/strict";
import { planYaml } from "../../sdk/cli/plan-output";
import { planZeroTrust } from "../../sdk/core";
import { Cni } from "../../sdk/kernel/dataplane/types";
import { verifyPlan } from "../../sdk/verify";
import { itRejects } from "../core/rejects";
import { applied, dataplane, workloads } from "../dataplane/helpers";
import { homelab } from "../fixtures";
import { pod } from "../reach/helpers";
import { build, type TestPod } from "./engines";

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

describe("nameserver pods send nothing", () => {
  const pods: TestPod[] = [
    { key: "kube-system/coredns", labels: { "k8s-app": "kube-dns" } },
    { key: "tailscale/nameserver-abc", labels: { app: "nameserver" } },
    { key: "tailscale/operator", labels: { app: "operator" } },
    { key: "tailscale/proxy", labels: PROXY },
  ];

  it("leaves the nameserver out of the operator namespace's egress, which keeps its names", async () => {
    const spec = homelab();
    spec.nameserver = true;
    const built = await build(spec, pods);
    for (const [to, port, protocol] of [
      ["192.168.1.10", 6443, "TCP"],
      ["kube-system/coredns", 53, "UDP"],
      ["203.0.113.7", 443, "TCP"],
      ["203.0.113.7", 41641, "UDP"],
    ] as const) {
      assert.ok(
        !built.reaches("tailscale/nameserver-abc", to, port, protocol),
        `nameserver -> ${to}:${port}`,
      );
      for (const from of ["tailscale/operator", "tailscale/proxy"])
        assert.ok(built.reaches(from, to, port, protocol), `${from} -> ${to}:${port}`);
    }
    const names = (b: typeof built) =>
      b.created
        .filter((r) => r.type.endsWith("NetworkPolicy") && r.inputs.metadata.namespace === "tailscale")
        .map((r) => r.inputs.metadata.name)
        .sort();
    assert.deepEqual(
      names(built).filter((n) => n !== "nameserver-ingress"),
      names(await build(homelab(), pods)),
      "the same policy names (the nameserver's own ingress beside them)",
    );
    const internet = built.created.find((r) => r.inputs.metadata?.name === "operator-internet-egress")!;
    assert.deepEqual(internet.inputs.spec.podSelector, {
      matchExpressions: [{ key: "app", operator: "NotIn", values: ["nameserver"] }],
    });
    assert.ok(
      built.flows.includes("operator apiserver: tailscale/app!=nameserver -> 192.168.1.10/32 on TCP/6443"),
      built.flows.join("\n"),
    );
  });

  it("the proof agrees: the nameserver's egress is neither declared nor open", () => {
    const spec = homelab();
    spec.nameserver = true;
    const report = verifyPlan(planZeroTrust(spec));
    assert.deepEqual(report.differences, []);
    const nameserver = report.engine.cluster.pods.find((p) => p.labels.app === "nameserver");
    assert.ok(nameserver, "the representative nameserver pod");
    for (const [ip, port] of [
      ["203.0.113.7", 443],
      ["192.168.1.10", 6443],
    ] as const) {
      const verdict = report.engine.check({
        from: { pod: nameserver.key },
        to: { ip },
        port,
        protocol: "TCP",
      });
      assert.ok(!verdict.allowed, `nameserver -> ${ip}:${port}`);
    }
  });

  it("on Cilium the API server rule by entity leaves the nameserver out too", () => {
    const spec = homelab();
    spec.nameserver = true;
    spec.dataplane = { cni: Cni.Cilium, version: "1.16.3" };
    const controlPlane = [
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "kubernetes", namespace: "default" },
        subsets: [{ addresses: [{ ip: "192.168.1.10" }], ports: [{ name: "https", port: 6443 }] }],
      },
      pod(
        "kube-system/kube-apiserver-cp-1",
        { component: "kube-apiserver" },
        {
          ip: "192.168.1.10",
          hostNetwork: true,
          ports: [{ containerPort: 6443 }],
        },
      ),
      pod("tailscale/nameserver-abc", { app: "nameserver" }, { ip: "10.42.0.30" }),
    ];
    const cluster = applied(planZeroTrust(spec), workloads(controlPlane), dataplane("cilium@1.16"));
    assert.ok(cluster.allowed("tailscale/operator -> 192.168.1.10:6443"), "the operator by entity");
    const denied = cluster.verdict("tailscale/nameserver-abc -> 192.168.1.10:6443");
    assert.equal(denied.allowed, false, denied.reason);
  });

  it("without the nameserver nothing changes: the operator namespace's egress selects every pod", () => {
    const internet = planZeroTrust(homelab()).resources.find(
      (r) => r.suffix === "tailscale-operator-internet-egress",
    )!;
    assert.deepEqual((internet.object as { spec: { podSelector: unknown } }).spec.podSelector, {});
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
