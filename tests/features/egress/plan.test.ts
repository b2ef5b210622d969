import assert from "node:assert/strict";
import { flowLines, planZeroTrust } from "../../../sdk/core";
import { runPolicyTests } from "../../../sdk/tailnet";
import { assertPlanHolds } from "../../../sdk/verify";
import { withEgress } from "./fixtures";

const find = (plan: ReturnType<typeof planZeroTrust>, suffix: string) =>
  plan.resources.find((r) => r.suffix === suffix);

/** The egress Service's annotations. */
const annotations = (plan: ReturnType<typeof planZeroTrust>) => {
  const service = find(plan, "apps-db");
  assert.ok(service?.kind === "Service");
  return service.object.metadata.annotations ?? {};
};

describe("egress: planned objects, flows and tailnet fragment", () => {
  it("creates the ExternalName Service the operator expects, after the clients' path and the operator", () => {
    const plan = planZeroTrust(withEgress());
    const service = find(plan, "apps-db");
    assert.ok(service && service.kind === "Service");
    assert.deepEqual(service.object.metadata.annotations, {
      "tailscale.com/tailnet-ip": "100.64.0.50",
      "tailscale.com/tags": "tag:k8s-egress-db",
    });
    assert.deepEqual(service.object.spec, {
      type: "ExternalName",
      externalName: "placeholder",
      ports: [{ port: 5432, protocol: "TCP" }],
    });
    assert.deepEqual(service.ignoreChanges, ["spec.externalName"]);
    assert.deepEqual(service.dependsOn, [
      "apps",
      "operator",
      "tailscale-egress-apps-db-ingress",
      "apps-egress-apps-db-egress",
    ]);
  });

  it("writes both halves of the client -> proxy path, on the declared port only", () => {
    const plan = planZeroTrust(withEgress());
    const egress = find(plan, "apps-egress-apps-db-egress");
    const ingress = find(plan, "tailscale-egress-apps-db-ingress");
    assert.ok(egress?.kind === "NetworkPolicy" && ingress?.kind === "NetworkPolicy");
    assert.deepEqual(egress.object.spec.podSelector, { matchLabels: { app: "backend" } });
    const proxy = {
      "tailscale.com/managed": "true",
      "tailscale.com/parent-resource": "db",
      "tailscale.com/parent-resource-ns": "apps",
      "tailscale.com/parent-resource-type": "svc",
    };
    assert.deepEqual(egress.object.spec.egress, [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "tailscale" } },
            podSelector: { matchLabels: proxy },
          },
        ],
        ports: [{ protocol: "TCP", port: 5432 }],
      },
    ]);
    assert.deepEqual(ingress.object.spec.podSelector, { matchLabels: proxy });
    assert.deepEqual(ingress.object.spec.ingress?.[0].ports, [{ protocol: "TCP", port: 5432 }]);
    assert.ok(
      flowLines(plan).includes("egress db: apps/app=backend -> tailscale/proxy(apps/db) on TCP/5432"),
    );
  });

  it("grants the proxy's own tag the target on the declared port, with tests, and proves the path", () => {
    const plan = planZeroTrust(withEgress());
    const fragment = plan.tailnet.fragment;
    assert.deepEqual(fragment.tagOwners?.["tag:k8s-egress-db"], ["tag:k8s-operator"]);
    assert.deepEqual(fragment.grants?.at(-1), {
      src: ["tag:k8s-egress-db"],
      dst: ["100.64.0.50"],
      ip: ["tcp:5432"],
    });
    assert.deepEqual(fragment.tests?.at(-1), {
      src: "tag:k8s-egress-db",
      proto: "tcp",
      accept: ["100.64.0.50:5432"],
      deny: ["100.64.0.50:22"],
    });
    assert.deepEqual(runPolicyTests(fragment).failures, []);
    const proof = assertPlanHolds(plan);
    assert.ok(
      proof.tailnetFlows.some(
        (f) =>
          f.allowed && f.text === "apps/app=backend -> egress db (tag:k8s-egress-db) -> 100.64.0.50 TCP/5432",
      ),
    );
  });

  it("names a tag or a hosts alias as the destination with tailnetFqdn", () => {
    const spec = withEgress();
    spec.egress![0] = {
      ...spec.egress![0],
      tailnetIp: undefined,
      tailnetFqdn: "db.tail1234.ts.net",
      grantDst: "tag:db",
    };
    const plan = planZeroTrust(spec);
    assert.equal(annotations(plan)["tailscale.com/tailnet-fqdn"], "db.tail1234.ts.net");
    assert.deepEqual(plan.tailnet.fragment.grants?.at(-1)?.dst, ["tag:db"]);
    const proof = assertPlanHolds(plan);
    assert.ok(proof.tailnetFlows.some((f) => f.text.endsWith("-> db.tail1234.ts.net TCP/5432") && f.allowed));
  });

  it("opens nothing and warns when no client is declared", () => {
    const spec = withEgress();
    delete spec.egress![0].from;
    const plan = planZeroTrust(spec);
    assert.ok(!flowLines(plan).some((l) => l.startsWith("egress")));
    assert.ok(plan.warnings.some((w) => /egress apps\/db: from is empty/.test(w)));
    assert.deepEqual(
      assertPlanHolds(plan).tailnetFlows.filter((f) => f.path.startsWith("egress")),
      [],
    );
  });

  it("serves from an egress ProxyGroup created elsewhere: its pods, its port range, the operator's health check", () => {
    const spec = withEgress();
    spec.egress![0].proxyGroup = "egress-ha";
    spec.egress![0].tags = ["tag:k8s-egress-ha"];
    const plan = planZeroTrust(spec);
    assert.equal(annotations(plan)["tailscale.com/proxy-group"], "egress-ha");
    assert.equal(annotations(plan)["tailscale.com/tags"], undefined);
    const lines = flowLines(plan);
    assert.ok(
      lines.includes("egress db: apps/app=backend -> tailscale/proxygroup(egress-ha) on TCP/10000-10999"),
    );
    assert.ok(
      lines.includes(
        "egress egress-ha-health: tailscale/app=operator -> tailscale/proxygroup(egress-ha) on TCP/9002",
      ),
    );
    const proof = assertPlanHolds(plan);
    assert.ok(proof.tailnetFlows.some((f) => f.text.includes("egress db (tag:k8s-egress-ha)") && f.allowed));
  });

  it("serves from a declared egress ProxyGroup: the group's tags, after the group, one health check", () => {
    const spec = withEgress();
    spec.proxyGroups = { "egress-ha": { type: "egress" as any } };
    spec.egress![0].proxyGroup = "egress-ha";
    const plan = planZeroTrust(spec);
    assert.ok(find(plan, "apps-db")?.dependsOn.includes("proxygroup-egress-ha"));
    assert.equal(flowLines(plan).filter((l) => l.includes("egress-ha-health")).length, 1);
    assert.deepEqual(plan.tailnet.fragment.grants?.at(-1)?.src, ["tag:k8s-egress-ha"]);
    const proof = assertPlanHolds(plan);
    assert.ok(
      proof.tailnetFlows.some(
        (f) =>
          f.allowed && f.text === "apps/app=backend -> egress db (tag:k8s-egress-ha) -> 100.64.0.50 TCP/5432",
      ),
    );
  });
  it("names egress when another feature's grant breaks an egress policy test", () => {
    const spec = withEgress();
    // An exposure lets the egress proxy's tag reach its SSH port: the egress test denying port 22 fails.
    spec.expose!.push({
      namespace: "apps",
      service: "ssh",
      hostname: "k8s-ssh",
      podLabels: { app: "ssh" },
      ports: [{ port: 22 }],
      access: ["tag:k8s-egress-db"],
    });
    spec.egress![0].grantDst = "tag:k8s-ssh";
    assert.throws(
      () => planZeroTrust(spec),
      (err: any) =>
        err.issues?.some(
          (i: any) => i.path === "egress" && /fails its own test: .*tag:k8s-ssh:22/.test(i.message),
        ),
    );
  });
});
