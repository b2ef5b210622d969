import assert from "node:assert/strict";
import { flowLines, type NetworkPolicy, planZeroTrust, validateSpec } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { assertPlanHolds, IntentViolationError } from "../../sdk/verify/plan-check";
import { homelab } from "../fixtures";
import { itRejects } from "./rejects";

/** A small platform: two shop namespaces, a blog, monitoring, and an ingress controller outside. */
function platform(): ZeroTrustSpec {
  const spec = homelab();
  spec.namespaces = {
    shop: { labels: { team: "shop" } },
    cart: { labels: { team: "shop" } },
    blog: { labels: { team: "web" } },
    monitoring: { labels: { team: "obs" } },
  };
  spec.unmanagedNamespaces = ["ingress-nginx"];
  spec.expose = [];
  spec.allow = [
    {
      name: "scrape",
      from: { namespace: "monitoring", podLabels: { app: "prometheus" } },
      to: { namespaceLabels: {} },
      ports: [{ port: 9090 }],
    },
    {
      name: "ingress",
      from: { namespace: "ingress-nginx", podLabels: { app: "controller" } },
      to: { namespaceLabels: { team: "shop" }, podLabels: { app: "web" } },
      ports: [{ port: 8080 }],
    },
  ];
  return spec;
}

const policy = (plan: ReturnType<typeof planZeroTrust>, namespace: string, name: string) =>
  plan.resources.find(
    (r) =>
      r.kind === "NetworkPolicy" &&
      r.object.metadata.namespace === namespace &&
      r.object.metadata.name === name,
  )?.object as NetworkPolicy | undefined;

describe("flow endpoints that select namespaces by labels", () => {
  it("expands to one flow per matching namespace, and the flows output says so", () => {
    const lines = flowLines(planZeroTrust(platform())).filter((l) => l.startsWith("declared"));
    assert.deepEqual(lines, [
      "declared ingress: ingress-nginx/app=controller -> cart/app=web on TCP/8080 (to namespaceLabels team=shop)",
      "declared ingress: ingress-nginx/app=controller -> shop/app=web on TCP/8080 (to namespaceLabels team=shop)",
      "declared scrape: monitoring/app=prometheus -> blog/* on TCP/9090 (to namespaceLabels *)",
      "declared scrape: monitoring/app=prometheus -> cart/* on TCP/9090 (to namespaceLabels *)",
      "declared scrape: monitoring/app=prometheus -> monitoring/* on TCP/9090 (to namespaceLabels *)",
      "declared scrape: monitoring/app=prometheus -> shop/* on TCP/9090 (to namespaceLabels *)",
    ]);
  });

  it("generates the egress at the source and an ingress in every matching managed namespace only", () => {
    const plan = planZeroTrust(platform());
    const egress = policy(plan, "monitoring", "allow-scrape-egress")!;
    assert.deepEqual(
      egress.spec.egress!.map(
        (r) => r.to![0].namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"],
      ),
      ["blog", "cart", "monitoring", "shop"],
    );
    for (const ns of ["blog", "cart", "monitoring", "shop"])
      assert.ok(policy(plan, ns, "allow-scrape-ingress"), `scrape ingress in ${ns}`);
    assert.equal(
      policy(plan, "tailscale", "allow-scrape-ingress"),
      undefined,
      "never the operator's namespace",
    );
    for (const ns of ["cart", "shop"]) {
      const ingress = policy(plan, ns, "allow-ingress-ingress")!;
      assert.deepEqual(ingress.spec.podSelector, { matchLabels: { app: "web" } });
    }
    assert.equal(policy(plan, "blog", "allow-ingress-ingress"), undefined, "blog is not team=shop");
  });

  it("matches namespaces.<ns>.labels: relabelling a namespace moves the flow", () => {
    const spec = platform();
    spec.namespaces!.blog.labels = { team: "shop" };
    const lines = flowLines(planZeroTrust(spec)).filter((l) => l.startsWith("declared ingress"));
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.includes("-> blog/app=web")));
  });

  it("is covered by the proof: every expansion allowed, and a missing half is found", () => {
    const plan = planZeroTrust(platform());
    const { report } = assertPlanHolds(plan);
    const declared = report.flows.filter((c) => c.flow.kind === "declared");
    assert.equal(declared.length, 6);
    const broken = {
      ...plan,
      resources: plan.resources.filter((r) => r.suffix !== "cart-allow-ingress-ingress"),
    };
    assert.throws(() => assertPlanHolds(broken), IntentViolationError);
  });

  itRejects([
    [
      "a namespace selector that matches no namespace, listing the labelled ones",
      (s) => {
        s.namespaces.monitoring.labels = { team: "obs" };
        s.allow[0].to = { namespaceLabels: { team: "shop" } };
      },
      "allow[0].to.namespaceLabels",
      /team=shop selects no namespace of namespaces.*labelled now: monitoring \(team=obs\)/,
    ],
    [
      "namespaceLabels together with namespace",
      (s) => (s.allow[0].to = { namespace: "apps", namespaceLabels: {} }),
      "allow[0].to.namespace",
      /does not go with namespaceLabels/,
    ],
    [
      "namespaceLabels with a label value Kubernetes refuses",
      (s) => (s.allow[0].from = { namespaceLabels: { team: "a b" } }),
      'allow[0].from.namespaceLabels["team"]',
      /invalid value "a b"/,
    ],
  ]);

  it("accepts a flow between two selected sides as managed on both", () => {
    const spec = platform();
    spec.allow!.push({
      name: "mesh",
      from: { namespaceLabels: { team: "shop" } },
      to: { namespaceLabels: { team: "shop" } },
    });
    assert.deepEqual(validateSpec(spec), []);
    assert.equal(flowLines(planZeroTrust(spec)).filter((l) => l.startsWith("declared mesh")).length, 4);
  });
});
