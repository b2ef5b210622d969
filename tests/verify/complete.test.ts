import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import type { Plan } from "../../sdk/pipeline/plan";
import { buildClusterFromSources, type K8sObject } from "../../sdk/reach";
import { assertPlanHolds, IntentViolationError } from "../../sdk/verify";
import { probeAddresses, probeLabel, probePorts } from "../../sdk/verify/probes";
import { homelab } from "../fixtures";

/**
 * The construction-time proof over every port and address (issue 23): a planned policy that opens
 * a port no flow names, or an address range no flow names, fails the proof, naming the policy.
 */

const policy = (name: string, spec: object): K8sObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, namespace: "apps" },
  spec,
});

/** The homelab's plan with one more NetworkPolicy, as a buggy feature would plan it. */
function planWith(extra: K8sObject): Plan {
  const plan = planZeroTrust(homelab());
  const resource = {
    kind: "NetworkPolicy",
    suffix: `apps-${extra.metadata!.name}`,
    object: extra,
    dependsOn: [],
  };
  return { ...plan, resources: [...plan.resources, resource as never] };
}

function violation(plan: Plan): IntentViolationError {
  try {
    assertPlanHolds(plan);
  } catch (err) {
    if (err instanceof IntentViolationError) return err;
    throw err;
  }
  assert.fail("the proof passed");
}

describe("the construction-time proof over every port and address", () => {
  it("refuses a planned policy opening frontend -> backend on TCP/22, naming it", () => {
    const err = violation(
      planWith(
        policy("debug-ssh", {
          podSelector: {},
          policyTypes: ["Ingress", "Egress"],
          ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend" } } }], ports: [{ port: 22 }] }],
          egress: [{ to: [{ podSelector: { matchLabels: { app: "backend" } } }], ports: [{ port: 22 }] }],
        }),
      ),
    );
    const d = err.report.differences.find((x) => x.from === "apps/frontend" && x.to === "apps/backend");
    assert.ok(d, err.message);
    assert.deepEqual(d.ports, ["TCP/22"]);
    assert.match(d.reason, /apps\/debug-ssh/);
  });

  it("refuses a planned policy opening egress to 198.51.100.0/24 on a port range", () => {
    const err = violation(
      planWith(
        policy("legacy-db", {
          podSelector: { matchLabels: { app: "backend" } },
          policyTypes: ["Egress"],
          egress: [
            { to: [{ ipBlock: { cidr: "198.51.100.0/24" } }], ports: [{ port: 5000, endPort: 5432 }] },
          ],
        }),
      ),
    );
    const d = err.report.differences.find((x) => x.to === "198.51.100.0/24");
    assert.ok(d, err.message);
    assert.equal(d.from, "apps/backend");
    assert.deepEqual(d.ports, ["TCP/5000-5432"]);
    assert.match(d.reason, /apps\/legacy-db/);
  });
});

describe("what the proof probes", () => {
  const cluster = (objects: K8sObject[]) => buildClusterFromSources([{ source: "t", objects }]);
  const pod: K8sObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "apps", labels: { app: "web" } },
    spec: { containers: [{ name: "c", ports: [{ name: "http", containerPort: 8080 }] }] },
    status: { podIP: "10.0.0.0" },
  };
  const named = policy("named", {
    podSelector: {},
    ingress: [{ ports: [{ port: "http" }, { port: 100, endPort: 200, protocol: "UDP" }] }],
  });

  it("cuts each protocol's ports where a rule or a named port starts and stops", () => {
    const labels = probePorts([], cluster([pod, named])).map(probeLabel);
    assert.deepEqual(labels, [
      "TCP/1-8079",
      "TCP/8080",
      "TCP/8081-65535",
      "UDP/1-99",
      "UDP/100-200",
      "UDP/201-65535",
      "SCTP/*",
    ]);
  });

  it("stands a range for its addresses with one that is no pod's", () => {
    const c = cluster([
      pod,
      policy("b", { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/31" } }] }] }),
    ]);
    const inRange = probeAddresses(
      [],
      c,
      [...c.policies[0].egress![0].peers!].map((p: any) => p.block),
      [],
    ).find((a) => a.name === "10.0.0.0/31");
    assert.deepEqual(
      { ip: inRange?.ip, name: inRange?.name, first: inRange?.range?.first, last: inRange?.range?.last },
      { ip: "10.0.0.1", name: "10.0.0.0/31", first: 0x0a000000n, last: 0x0a000001n },
    );
  });
});
