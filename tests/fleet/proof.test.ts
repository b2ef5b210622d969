import assert from "node:assert/strict";
import {
  clusterExport,
  type FleetSpec,
  LinkViolationError,
  planFleet,
  proveFleet,
  proveLinks,
} from "../../sdk/fleet";
import { verifyPlan } from "../../sdk/verify";
import { BASE_POLICY, twoClusters } from "./fixtures";

const LINE =
  "edge/shop/app=web -> egress orders (tag:k8s-edge-egress-orders) -> tag:k8s-core-orders TCP/443 -> core/shop/app=orders TCP/8443";

/** Proving the changed fleet fails at `point`, naming the link and the connection. */
function failsAt(spec: FleetSpec, point: string, what: RegExp) {
  assert.throws(
    () => proveFleet(planFleet(spec)),
    (err: unknown) => {
      assert.ok(err instanceof LinkViolationError, String(err));
      const failed = err.failed[0].points.filter((p) => !p.holds);
      assert.deepEqual(
        failed.map((p) => p.point),
        [point],
      );
      assert.match(failed[0].what, what);
      assert.match(err.message, /link orders \(edge\/shop\/app=web -> egress orders/);
      return true;
    },
  );
}

/** The link proven over a plan whose cluster lost one planned NetworkPolicy (drift). */
function provenWithout(cluster: string, policy: string) {
  const plan = planFleet(twoClusters());
  const exports = plan.members.map((m) => {
    const drifted = {
      ...m.plan,
      resources: m.plan.resources.filter(
        (r) => !(m.name === cluster && r.kind === "NetworkPolicy" && r.object.metadata.name === policy),
      ),
    };
    return clusterExport(m.name, drifted, { report: verifyPlan(drifted), tailnetFlows: [] });
  });
  return proveLinks(exports, plan.tailnet.policy);
}

describe("the fleet's cross-cluster proof", () => {
  it("proves each link at its four points, a neighbour refused at each", () => {
    const proof = proveFleet(planFleet(twoClusters()));
    assert.deepEqual(
      proof.links.map((l) => l.text),
      [LINE],
    );
    const points = proof.links[0].points;
    assert.ok(points.every((p) => p.holds));
    const at = (point: string) => points.filter((p) => p.point === point).map((p) => p.what);
    assert.deepEqual(at("source"), ["shop/web -> tailscale/true-orders-shop-svc TCP/443"]);
    assert.deepEqual(at("source-neighbour"), [
      "shop/any-pod -> tailscale/true-orders-shop-svc TCP/443",
      "zt-outside/any-pod -> tailscale/true-orders-shop-svc TCP/443",
    ]);
    assert.deepEqual(at("grant"), ["tag:k8s-edge-egress-orders -> tag:k8s-core-orders TCP/443"]);
    assert.deepEqual(at("tailnet-neighbour"), [
      "tag:k8s -> tag:k8s-core-orders TCP/443",
      "tag:k8s-operator -> tag:k8s-core-orders TCP/443",
    ]);
    assert.deepEqual(at("destination"), ["tailscale/true-orders-shop-svc -> shop/orders TCP/8443"]);
    assert.equal(at("destination-neighbour").length, 2);
  });

  it("proves every link of a fleet, one line per client and port", () => {
    const spec = twoClusters();
    spec.clusters.core.expose!.push({
      namespace: "shop",
      service: "stock",
      podLabels: { app: "stock" },
      ports: [
        { port: 80, targetPort: 8080 },
        { port: 81, targetPort: 8081 },
      ],
    });
    spec.links!.push({
      name: "stock",
      from: { cluster: "edge", namespace: "shop" },
      to: { cluster: "core", namespace: "shop", service: "stock" },
    });
    const proof = proveFleet(planFleet(spec));
    assert.deepEqual(
      proof.links.map((l) => l.text),
      [
        LINE,
        "edge/shop/* -> egress stock (tag:k8s-edge-egress-stock) -> tag:k8s-core-shop-stock TCP/80 -> core/shop/app=stock TCP/8080",
        "edge/shop/* -> egress stock (tag:k8s-edge-egress-stock) -> tag:k8s-core-shop-stock TCP/81 -> core/shop/app=stock TCP/8081",
      ],
    );
    assert.ok(proof.links.every((l) => l.holds));
  });

  it("refuses a link other pods of the source cluster could use", () => {
    const spec = twoClusters();
    spec.clusters.edge.allow = [
      {
        name: "shop-to-proxies",
        from: { namespace: "shop" },
        to: { namespace: "tailscale" },
        ports: [{ port: 443 }],
      },
    ];
    failsAt(spec, "source-neighbour", /^shop\/any-pod -> tailscale\//);
  });

  it("refuses a link the base policy opens to every proxy of the source cluster", () => {
    const spec = twoClusters();
    const base = JSON.parse(BASE_POLICY);
    base.grants.push({ src: ["tag:k8s"], dst: ["tag:k8s-core-orders"], ip: ["tcp:443"] });
    spec.tailnet!.basePolicy = JSON.stringify(base);
    failsAt(spec, "tailnet-neighbour", /^tag:k8s -> tag:k8s-core-orders TCP\/443/);
  });

  it("refuses a link whose backend other pods of the destination cluster reach", () => {
    const spec = twoClusters();
    spec.clusters.core.allow = [
      {
        name: "operator-to-orders",
        from: { namespace: "tailscale" },
        to: { namespace: "shop", podLabels: { app: "orders" } },
        ports: [{ port: 8443 }],
      },
    ];
    failsAt(spec, "destination-neighbour", /^tailscale\/any-pod -> shop\/orders/);
  });

  it("finds the client refused by its own cluster (a missing egress policy)", () => {
    const [path] = provenWithout("edge", "egress-shop-orders-ingress");
    assert.equal(path.holds, false);
    const failed = path.points.filter((p) => !p.holds);
    assert.deepEqual(
      failed.map((p) => p.point),
      ["source"],
    );
    assert.match(failed[0].reason, /tailscale/);
  });

  it("finds the destination proxy refused by its own cluster (a missing ingress policy)", () => {
    const [path] = provenWithout("core", "tailnet-core-orders-ingress");
    assert.deepEqual(
      path.points.filter((p) => !p.holds).map((p) => p.point),
      ["destination"],
    );
  });

  it("finds the grant missing from a policy that lacks it", () => {
    const { exports } = proveFleet(planFleet(twoClusters()));
    const [path] = proveLinks(exports, JSON.parse(BASE_POLICY));
    assert.deepEqual(
      path.points.filter((p) => !p.holds).map((p) => p.point),
      ["grant"],
    );
  });

  it("merges every cluster's fragment into the base policy once", () => {
    const plan = planFleet(twoClusters());
    const policy = plan.tailnet.policy as any;
    assert.deepEqual(policy.groups, { "group:sre": ["alice@example.com"] });
    assert.equal(
      policy.grants.filter((g: any) => g.src.includes("group:sre")).length,
      1,
      "the base's grant is kept once",
    );
    assert.ok(policy.tagOwners["tag:k8s-core-orders"] && policy.tagOwners["tag:k8s-edge-egress-orders"]);
    assert.ok(
      policy.tests.some(
        (t: any) => t.src === "tag:k8s-edge-egress-orders" && t.accept?.includes("tag:k8s-core-orders:443"),
      ),
      "a test for the link",
    );
  });
});
