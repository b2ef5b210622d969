import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import type { K8sObject } from "../../sdk/reach";
import {
  assertPlanHolds,
  IntentViolationError,
  intentFor,
  representativeWorkloads,
  sampleAddress,
  verifyIntent,
  verifyPlan,
} from "../../sdk/verify";
import { homelab } from "../fixtures";

/** The homelab's representative cluster, with the policy objects passed through `edit`. */
function verifyEdited(edit: (objects: K8sObject[]) => K8sObject[]) {
  const plan = planZeroTrust(homelab());
  const { objects, externalIps } = representativeWorkloads(plan);
  return verifyIntent({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "plan", objects: edit(objects) }],
    externalIps,
  });
}

const without = (name: string, namespace: string) => (objects: K8sObject[]) =>
  objects.filter(
    (o) => !(o.kind === "NetworkPolicy" && o.metadata?.name === name && o.metadata?.namespace === namespace),
  );

describe("intent verification", () => {
  it("proves the homelab plan: every declared flow allowed, nothing else open", () => {
    const report = verifyPlan(planZeroTrust(homelab()));
    assert.deepEqual(report.differences, []);
    assert.ok(report.checked > 1000, `checked ${report.checked} connections`);
    for (const { flow, verdict } of report.flows) {
      assert.equal(verdict?.allowed, true, `${flow.kind} ${flow.name} is allowed by the engine`);
    }
  });

  it("reports a declared flow whose ingress half is missing, with the engine's reason", () => {
    const report = verifyEdited(without("allow-frontend-to-backend-ingress", "apps"));
    const blocked = report.differences.filter((d) => d.kind === "blocked");
    assert.equal(blocked.length, 1);
    assert.equal(blocked[0].from, "apps/frontend");
    assert.equal(blocked[0].to, "apps/backend");
    assert.deepEqual(blocked[0].ports, ["TCP/8080"]);
    assert.match(blocked[0].flow!, /frontend-to-backend/);
    assert.match(blocked[0].reason, /apps\/backend is isolated for ingress .*apps\/default-deny/);
  });

  it("reports the article's mistake: default-deny egress without DNS", () => {
    const report = verifyEdited(without("dns-egress", "apps"));
    const dns = report.differences.filter((d) => d.kind === "blocked" && d.to === "kube-system/kube-dns");
    assert.deepEqual(dns.map((d) => d.from).sort(), ["apps/any-pod", "apps/backend", "apps/frontend"]);
    assert.deepEqual(dns[0].ports, ["TCP/53", "UDP/53"]);
  });

  it("reports a backend that does not admit its tailnet proxy", () => {
    const report = verifyEdited(without("tailnet-k8s-grafana-ingress", "monitoring"));
    assert.deepEqual(
      report.differences.map((d) => [d.kind, d.to, d.ports.join(",")]),
      [["blocked", "monitoring/grafana", "TCP/3000"]],
    );
  });

  it("reports drift: an allow-all applied by hand opens undeclared paths", () => {
    const allowAll: K8sObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "debug-allow-all", namespace: "apps" },
      spec: { podSelector: {}, ingress: [{}] },
    };
    const report = verifyEdited((objects) => [...objects, allowAll]);
    assert.ok(report.differences.length > 0);
    assert.ok(report.differences.every((d) => d.kind === "undeclared"));
    const stranger = report.differences.find(
      (d) => d.from === "zt-outside/any-pod" && d.to === "apps/backend",
    );
    assert.ok(stranger, "a pod of an unmanaged namespace now reaches the backend");
    assert.match(stranger.reason, /allowed by apps\/debug-allow-all/);
  });

  it("proves a flow among the pods of one selector (two of them), and finds it broken", () => {
    // A database ring: app=db to app=db. One representative pod would only talk to itself (loopback).
    const spec = homelab();
    spec.allow!.push({
      name: "db-ring",
      from: { namespace: "apps", podLabels: { app: "db" } },
      to: { namespace: "apps", podLabels: { app: "db" } },
      ports: [{ port: 7000 }],
    });
    const plan = planZeroTrust(spec);
    const holds = verifyPlan(plan);
    assert.deepEqual(holds.differences, []);
    const ring = holds.flows.find((f) => f.flow.name === "db-ring")!;
    assert.equal(ring.verdict?.allowed, true, "the ring flow is judged, not left unverified");
    const { objects, externalIps } = representativeWorkloads(plan);
    const broken = verifyIntent({
      flows: plan.flows,
      managedNamespaces: plan.managedNamespaces,
      sources: [{ source: "plan", objects: without("allow-db-ring-ingress", "apps")(objects) }],
      externalIps,
    });
    assert.deepEqual(
      broken.differences.map((d) => `${d.kind} ${d.from} -> ${d.to} ${d.ports}`),
      ["blocked apps/db -> apps/db-2 TCP/7000"],
    );
  });

  it("finds an undeclared path between two pods of one class (a hand-added peer policy)", () => {
    const report = verifyEdited((objects) => {
      const backend = objects.find((o) => o.kind === "Pod" && o.metadata?.name === "backend")!;
      const twin = structuredClone(backend);
      twin.metadata!.name = "backend-2";
      (twin as any).status.podIP = "10.42.200.200";
      const peers: K8sObject = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "backend-peers", namespace: "apps" },
        spec: {
          podSelector: { matchLabels: { app: "backend" } },
          policyTypes: ["Ingress", "Egress"],
          ingress: [{ from: [{ podSelector: { matchLabels: { app: "backend" } } }] }],
          egress: [{ to: [{ podSelector: { matchLabels: { app: "backend" } } }] }],
        },
      } as K8sObject;
      return [...objects, twin, peers];
    });
    assert.deepEqual(
      report.differences.map((d) => `${d.kind} ${d.from} -> ${d.to} ${d.everyPort}`),
      ["undeclared apps/backend -> apps/backend-2 true"],
    );
    assert.match(report.differences[0].reason, /allowed by apps\/backend-peers/);
  });

  it("never lets a CIDR flow open a managed pod's ingress", () => {
    const plan = planZeroTrust(homelab());
    const managed = new Set(plan.managedNamespaces);
    const operator = { pod: "tailscale/operator", namespace: "tailscale", labels: { app: "operator" } };
    const backend = { pod: "apps/backend", namespace: "apps", labels: { app: "backend" } };
    const outsider = {
      pod: "zt-outside/x",
      namespace: "zt-outside",
      labels: {},
      ip: { family: 4 as const, value: 1n },
    };
    assert.equal(intentFor(plan.flows, managed, operator, backend, 443, "TCP").intended, false);
    const toOutsider = intentFor(plan.flows, managed, operator, outsider, 443, "TCP");
    assert.equal(toOutsider.intended, true);
    assert.equal(toOutsider.egress?.name, "tailscale");
  });

  it("samples an address inside a CIDR and outside its excepts", () => {
    assert.equal(sampleAddress("10.20.0.0/16"), "10.20.0.1");
    assert.equal(sampleAddress("192.168.1.10/32"), "192.168.1.10");
    assert.equal(sampleAddress("10.0.0.0/8", ["10.0.0.0/9"]), "10.128.0.0");
    assert.equal(sampleAddress("2001:db8::/32"), "2001:db8::1");
  });
});

describe("assertPlanHolds", () => {
  it("passes the homelab and throws, listing every difference, when a planned policy goes missing", () => {
    const plan = planZeroTrust(homelab());
    assert.ok(assertPlanHolds(plan).report.checked > 0);
    const broken = {
      ...plan,
      resources: plan.resources.filter((r) => r.suffix !== "monitoring-tailnet-k8s-grafana-ingress"),
    };
    assert.throws(
      () => assertPlanHolds(broken),
      (err: unknown) =>
        err instanceof IntentViolationError &&
        /nothing was created/.test(err.message) &&
        /declared flow is blocked: tailscale\/.* -> monitoring\/grafana on TCP\/3000/.test(err.message),
    );
  });
});
