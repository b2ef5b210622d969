import * as assert from "node:assert/strict";
import { type K8sObject, naiveMatrixCount } from "../../sdk/reach";
import { anp, assertMatrixAgrees, assertSpansAgree, banp, node } from "./admin-helpers";
import { Fixture, mulberry32, np, ns, pod } from "./helpers";

/**
 * Random mixes of AdminNetworkPolicies (with tied priorities), a baseline, NetworkPolicies, Nodes
 * and host-network pods: the fast engine, its matrix and the naive evaluator must agree on every
 * connection. Seeded, so every run checks the same clusters.
 */

const NAMES = ["x", "y", "z"];
const VALUES = ["a", "b"];

function randomMix(random: () => number): K8sObject[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const times = <T>(max: number, f: () => T) => Array.from({ length: Math.floor(random() * (max + 1)) }, f);
  const selector = () => (chance(0.3) ? {} : { matchLabels: { [pick(["app", "team"])]: pick(VALUES) } });
  const podSel = () => ({ pods: { namespaceSelector: selector(), podSelector: selector() } });
  const subject = () => (chance(0.5) ? { namespaces: selector() } : podSel());
  const peer = (direction: string) => {
    const kind = random();
    if (kind < 0.35) return { namespaces: selector() };
    if (kind < 0.7 || direction === "ingress") return podSel();
    if (kind < 0.85)
      return { networks: [pick(["10.0.0.0/28", "10.0.0.0/8", "0.0.0.0/0", "192.168.1.0/24"])] };
    return { nodes: chance(0.5) ? {} : { matchLabels: { role: pick(["infra", "worker"]) } } };
  };
  const port = () =>
    pick([
      { portNumber: { port: 80 } },
      { portNumber: { protocol: "UDP", port: 53 } },
      { portRange: { start: 80, end: 443 } },
      { namedPort: "http" },
    ]);
  const rules = (direction: string, actions: readonly string[]) =>
    times(3, () => {
      const peers = Array.from({ length: 1 + Math.floor(random() * 2) }, () => peer(direction));
      const addresses = peers.some((p) => "networks" in p || "nodes" in p);
      const ports = chance(0.5) ? [port()].filter((p) => !addresses || !("namedPort" in p)) : [];
      return {
        action: pick(actions),
        [direction === "ingress" ? "from" : "to"]: peers,
        ...(ports.length > 0 ? { ports } : {}),
      };
    });
  const objects: K8sObject[] = NAMES.map((n) => ns(n, chance(0.7) ? { team: pick(VALUES) } : {}));
  objects.push(
    node("n1", { role: "infra" }, [["InternalIP", "192.168.1.10"]]),
    node("n2", { role: "worker" }, [
      ["InternalIP", "192.168.1.11"],
      ["ExternalIP", "203.0.113.11"],
    ]),
  );
  const podCount = 3 + Math.floor(random() * 8);
  for (let i = 0; i < podCount; i++) {
    const labels = Object.fromEntries(
      ["app", "team"].filter(() => chance(0.6)).map((k) => [k, pick(VALUES)]),
    );
    const hostNetwork = chance(0.15);
    const ports = [
      { name: "http", containerPort: pick([80, 8080]) },
      ...(chance(0.4) ? [{ name: "dns", containerPort: 53, protocol: "UDP" }] : []),
    ];
    const p = pod(`${pick(NAMES)}/p${i}`, labels, { ports, ip: hostNetwork ? undefined : `10.0.0.${i + 1}` });
    objects.push(hostNetwork ? { ...p, spec: { ...p.spec, hostNetwork, nodeName: pick(["n1", "n2"]) } } : p);
  }
  for (let i = 0; i < Math.floor(random() * 4); i++) {
    const ingress = rules("ingress", ["Allow", "Deny", "Pass"]);
    const egress = rules("egress", ["Allow", "Deny", "Pass"]);
    objects.push(anp(`anp${i}`, pick([1, 2, 2, 7]), { subject: subject(), ingress, egress }));
  }
  if (chance(0.6))
    objects.push(
      banp({
        subject: subject(),
        ingress: rules("ingress", ["Allow", "Deny"]),
        egress: rules("egress", ["Allow", "Deny"]),
      }),
    );
  for (let i = 0; i < Math.floor(random() * 3); i++) {
    const from = chance(0.5)
      ? [{}]
      : [{ from: [{ namespaceSelector: selector(), podSelector: selector() }] }];
    const egress = chance(0.5) ? { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/30" } }] }] } : {};
    objects.push(np(`${pick(NAMES)}/np${i}`, { podSelector: selector(), ingress: from, ...egress }));
  }
  return objects;
}

describe("reach: admin tiers, fast engine and matrix against the naive evaluator on random clusters", function () {
  // About 10 s alone on one core; on the shared CI machine under load it passed 30 s.
  this.timeout(120_000);
  it("every connection, every matrix entry and the matrix counts agree on 120 seeded clusters", () => {
    let admin = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const f = new Fixture(randomMix(mulberry32(seed)));
      if (f.cluster.admin) admin++;
      assertMatrixAgrees(f, [53, 80, 443, 8080], `seed ${seed}: `);
      const { allowed, denied } = naiveMatrixCount(f.cluster);
      const { summary } = f.engine.matrix();
      assert.deepEqual(
        { allowed: summary.allowed, denied: summary.denied },
        { allowed, denied },
        `seed ${seed}`,
      );
    }
    assert.ok(admin > 80, `only ${admin} clusters had admin policies`);
  });

  it("the all-ports matrix of diff agrees with check at every port boundary and address range", () => {
    let compared = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const f = new Fixture(randomMix(mulberry32(seed)));
      compared += assertSpansAgree(f, [1, 52, 53, 54, 79, 80, 81, 443, 444, 8080, 65535], `seed ${seed}: `);
    }
    assert.ok(compared > 50_000, `only ${compared} connections compared`);
  });
});
