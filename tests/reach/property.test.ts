import * as assert from "node:assert/strict";
import { parseDataplaneName } from "../../sdk/kernel/dataplane/profiles";
import {
  buildCluster,
  type DataplaneSemantics,
  formatIp,
  type K8sObject,
  naiveCheck,
  naiveMatrixCount,
  type Protocol,
  type QueryEndpoint,
  ReachabilityEngine,
  UPSTREAM,
} from "../../sdk/reach";
import { addressPartition } from "../../sdk/reach/netpol/addresses";
import { addressName, computeSpans, spanKey } from "../../sdk/reach/netpol/spans";
import { mulberry32, np, ns, pod } from "./helpers";

/**
 * The fast engine (pod classes, bit sets, indexes) against the naive evaluator (every policy for
 * every connection) on random small clusters. Seeded, so every run checks the same clusters.
 */

const NAMES = ["x", "y", "z"];
const VALUES = ["a", "b", "c"];
const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const EXTERNAL = ["10.0.0.1", "10.0.0.200", "192.168.1.1", "2001:db8::5", "8.8.8.8"];

function randomCluster(random: () => number): K8sObject[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  // Few label and port variants, so that pods often share a class and differ only by IP.
  const labels = () =>
    Object.fromEntries(
      ["app", "tier"].filter((k) => chance(k === "app" ? 0.7 : 0.2)).map((k) => [k, pick(VALUES)]),
    );
  const selector = () => {
    const s: Record<string, unknown> = {};
    if (chance(0.5)) s.matchLabels = { [pick(["app", "tier", "team"])]: pick(VALUES) };
    if (chance(0.4)) {
      const operator = pick(["In", "NotIn", "Exists", "DoesNotExist"]);
      const values = operator === "In" || operator === "NotIn" ? [pick(VALUES), pick(VALUES)] : undefined;
      s.matchExpressions = [{ key: pick(["app", "tier", "team"]), operator, ...(values ? { values } : {}) }];
    }
    return s;
  };
  const ipBlock = () =>
    chance(0.8)
      ? {
          cidr: pick(["10.0.0.0/24", "10.0.0.0/8", "0.0.0.0/0"]),
          ...(chance(0.5) ? { except: [pick(["10.0.0.0/28", "10.0.0.16/28"])] } : {}),
        }
      : { cidr: "2001:db8::/64" };
  const peer = () => {
    const kind = random();
    if (kind < 0.3) return { podSelector: selector() };
    if (kind < 0.55) return { namespaceSelector: selector() };
    if (kind < 0.8) return { namespaceSelector: selector(), podSelector: selector() };
    return { ipBlock: ipBlock() };
  };
  const port = () => {
    const protocol = chance(0.3) ? undefined : pick(PROTOCOLS);
    const kind = random();
    const value =
      kind < 0.4
        ? { port: pick([80, 81, 53]) }
        : kind < 0.6
          ? { port: pick(["http", "dns"]) }
          : kind < 0.8
            ? { port: 80, endPort: 90 }
            : {};
    return { ...value, ...(protocol ? { protocol } : {}) };
  };
  const rule = (field: string) => ({
    ...(chance(0.7) ? { [field]: Array.from({ length: 1 + Math.floor(random() * 2) }, peer) } : {}),
    ...(chance(0.6) ? { ports: Array.from({ length: 1 + Math.floor(random() * 2) }, port) } : {}),
  });
  const objects: K8sObject[] = NAMES.map((n) => ns(n, chance(0.7) ? { team: pick(VALUES) } : {}));
  const podCount = 3 + Math.floor(random() * 10);
  for (let i = 0; i < podCount; i++) {
    const ports = chance(0.5)
      ? [{ name: "http", containerPort: 80 }]
      : [
          { name: "http", containerPort: pick([80, 85]), protocol: pick(PROTOCOLS) },
          ...(chance(0.5) ? [{ name: "dns", containerPort: 53, protocol: "UDP" }] : []),
          ...(chance(0.3) ? [{ containerPort: 81 }] : []),
        ];
    const ip = chance(0.15)
      ? undefined
      : chance(0.2)
        ? ["10.0.0.9", "2001:db8::9"]
        : `10.0.0.${Math.floor(random() * 40)}`;
    objects.push(pod(`${pick(NAMES)}/p${i}`, labels(), { ports, ip, hostNetwork: chance(0.1) }));
  }
  const policyCount = Math.floor(random() * 6);
  for (let i = 0; i < policyCount; i++) {
    const types = pick([undefined, ["Ingress"], ["Egress"], ["Ingress", "Egress"]]);
    objects.push(
      np(`${pick(NAMES)}/np${i}`, {
        ...(chance(0.8) ? { podSelector: selector() } : {}),
        ...(types ? { policyTypes: types } : {}),
        ...(chance(0.8)
          ? { ingress: Array.from({ length: Math.floor(random() * 3) }, () => rule("from")) }
          : {}),
        ...(chance(0.7)
          ? { egress: Array.from({ length: Math.floor(random() * 3) }, () => rule("to")) }
          : {}),
      }),
    );
  }
  return objects;
}

/**
 * Puts pods on the nodes of the cluster's hostNetwork pods (`status.hostIP`), so that the
 * dataplanes' own-node exceptions come into play; the upstream runs keep their clusters as they were.
 */
function placeOnNodes(objects: K8sObject[], random: () => number) {
  const pods = objects.filter((o) => o.kind === "Pod");
  const nodes = pods.flatMap((p) =>
    p.spec?.hostNetwork && typeof p.status?.podIP === "string" ? [p.status.podIP as string] : [],
  );
  if (nodes.length === 0) return;
  for (const p of pods)
    if (random() < 0.7) p.status = { ...p.status, hostIP: nodes[Math.floor(random() * nodes.length)] };
}

/** Compares every verdict and the matrix counts of both evaluators on one seeded cluster; returns the connections compared. */
function compareSeed(seed: number, dataplane: DataplaneSemantics = UPSTREAM): number {
  let connections = 0;
  const random = mulberry32(seed);
  const objects = randomCluster(random);
  if (dataplane !== UPSTREAM) placeOnNodes(objects, mulberry32(seed + 7777));
  const cluster = buildCluster(objects, `seed ${seed}`, dataplane);
  const engine = new ReachabilityEngine(cluster);
  const endpoints = [...cluster.pods.map((p) => ({ pod: p.key })), ...EXTERNAL.map((ip) => ({ ip }))];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if ("ip" in from && "ip" in to) continue;
      for (const [port, protocol] of [
        [80, "TCP"],
        [53, "UDP"],
        [85, "SCTP"],
        [81, "TCP"],
      ] as const) {
        const q = { from, to, port, protocol };
        assert.deepEqual(engine.check(q), naiveCheck(cluster, q), `seed ${seed}: ${JSON.stringify(q)}`);
        connections++;
      }
    }
  }
  const { allowed, denied } = naiveMatrixCount(cluster);
  const matrix = engine.matrix();
  const { summary } = matrix;
  assert.deepEqual(
    { allowed: summary.allowed, denied: summary.denied },
    { allowed, denied },
    `seed ${seed} (${dataplane.name}): matrix counts`,
  );
  const groups = new Set(matrix.groups.map((g) => g.id));
  const flowTotal = matrix.flows
    .filter((f) => groups.has(f.from) && groups.has(f.to))
    .reduce((sum, f) => sum + f.connections, 0);
  assert.equal(flowTotal, allowed, `seed ${seed}: pod-to-pod flows add up to the allowed count`);
  return connections;
}

describe("reach: fast engine agrees with the naive evaluator on random clusters", () => {
  it("every verdict (with its explanation) and the matrix counts agree on 150 seeded clusters", () => {
    let connections = 0;
    for (let seed = 1; seed <= 150; seed++) connections += compareSeed(seed);
    assert.ok(connections > 10_000, `only ${connections} connections compared`);
  });

  for (const name of ["cilium@1.15", "cilium@1.16+nodes", "aws-vpc-cni", "weave"]) {
    it(`and on the ${name} dataplane, on 40 seeded clusters`, () => {
      const dataplane = parseDataplaneName(name)!;
      let connections = 0;
      for (let seed = 1; seed <= 40; seed++) connections += compareSeed(seed, dataplane);
      assert.ok(connections > 2_000, `only ${connections} connections compared`);
    });
  }
});

describe("reach: the all-ports matrix agrees with the engine's checks on random clusters", () => {
  it("every port boundary and every address range of 150 seeded clusters", () => {
    const PORTS = [1, 53, 54, 79, 80, 81, 85, 86, 90, 91, 65535];
    let compared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const cluster = buildCluster(randomCluster(mulberry32(seed)), `seed ${seed}`);
      const engine = new ReachabilityEngine(cluster);
      const addresses = addressPartition(engine.index.blocks);
      const spans = computeSpans(engine.index, { addresses, nameOf: (p) => p.key });
      const allows = (from: string, to: string, protocol: Protocol, port: number) => {
        const set = spans.get(spanKey(from, to, protocol)) ?? [];
        for (let i = 0; i < set.length; i += 2) if (set[i] <= port && port <= set[i + 1]) return true;
        return false;
      };
      const podIps = new Set(cluster.pods.filter((p) => !p.hostNetwork).flatMap((p) => p.ips.map(formatIp)));
      const probes = addresses.flatMap((r, i) =>
        [r.first, r.last]
          .map((value) => formatIp({ family: r.family, value }))
          .filter((ip) => !podIps.has(ip))
          .map((ip) => ({ ip, name: addressName(i) })),
      );
      for (const protocol of ["TCP", "UDP", "SCTP"] as const) {
        for (const port of PORTS) {
          const agree = (from: QueryEndpoint, to: QueryEndpoint, fromName: string, toName: string) => {
            const q = { from, to, port, protocol };
            assert.equal(
              allows(fromName, toName, protocol, port),
              engine.check(q).allowed,
              `seed ${seed}: ${JSON.stringify(q)}`,
            );
            compared++;
          };
          for (const a of cluster.pods) {
            for (const b of cluster.pods) if (a !== b) agree({ pod: a.key }, { pod: b.key }, a.key, b.key);
            for (const { ip, name } of probes) {
              agree({ pod: a.key }, { ip }, a.key, name);
              agree({ ip }, { pod: a.key }, name, a.key);
            }
          }
        }
      }
    }
    assert.ok(compared > 100_000, `only ${compared} connections compared`);
  });
});
