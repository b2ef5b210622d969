import assert from "node:assert/strict";
import { planZeroTrust } from "../../../sdk/core";
import { naiveCheck } from "../../../sdk/reach";
import { evaluateAccess } from "../../../sdk/tailnet";
import { verifyPlan } from "../../../sdk/verify";
import { withEgress } from "./fixtures";

describe("egress: the intended client gets through, a neighbour does not", () => {
  const plan = planZeroTrust(withEgress());
  const report = verifyPlan(plan);
  const engine = report.engine;
  const pod = (namespace: string, labels: { [k: string]: string }) => {
    const found = engine.cluster.pods.find(
      (p) => p.namespace === namespace && Object.entries(labels).every(([k, v]) => p.labels[k] === v),
    );
    assert.ok(found, `a representative pod ${namespace}/${JSON.stringify(labels)}`);
    return { pod: found.key };
  };
  const proxy = pod("tailscale", { "tailscale.com/parent-resource": "db" });
  const ask = (from: { pod: string }, port: number) => ({ from, to: proxy, port, protocol: "TCP" as const });

  it("holds as declared: no difference between the flows and the policies", () => {
    assert.deepEqual(report.differences, []);
  });

  for (const [name, check] of [
    ["the grouped engine", (q: ReturnType<typeof ask>) => engine.check(q)],
    ["the naive evaluator", (q: ReturnType<typeof ask>) => naiveCheck(engine.cluster, q)],
  ] as const) {
    it(`in the cluster, on ${name}`, () => {
      assert.equal(check(ask(pod("apps", { app: "backend" }), 5432)).allowed, true);
      const frontend = check(ask(pod("apps", { app: "frontend" }), 5432));
      assert.equal(frontend.allowed, false);
      assert.match(frontend.reason, /isolated/);
      assert.equal(check(ask(pod("zt-outside", {}), 5432)).allowed, false);
      assert.equal(check(ask(pod("apps", { app: "backend" }), 5433)).allowed, false);
    });
  }

  it("on the tailnet, by the grants evaluator", () => {
    const query = (tags: string[], port: number) => ({
      src: { kind: "tagged" as const, tags },
      dst: { kind: "tagged" as const, tags: [], ips: ["100.64.0.50"] },
      port,
      proto: "tcp",
    });
    const policy = plan.tailnet.policy;
    assert.equal(evaluateAccess(policy, query(["tag:k8s-egress-db"], 5432)).allowed, true);
    assert.equal(evaluateAccess(policy, query(["tag:k8s-egress-db"], 22)).allowed, false);
    assert.equal(evaluateAccess(policy, query(["tag:k8s-grafana"], 5432)).allowed, false);
    assert.equal(evaluateAccess(policy, query(["tag:k8s"], 5432)).allowed, false);
  });
});
