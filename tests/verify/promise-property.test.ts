import assert from "node:assert/strict";
import { prng } from "../../bench/generate";
import { type Plan, planZeroTrust } from "../../sdk/core";
import { ZeroTrustValidationError } from "../../sdk/kernel/issues";
import type { K8sObject } from "../../sdk/reach";
import { representativeWorkloads, verifyIntent } from "../../sdk/verify";
import { APPS, pick, type Random, randomSpec } from "./random-declaration";
import { boundaryPorts, type Party, ReferenceCluster } from "./reference-matrix";

/**
 * The whole promise (issue 23 item 9): `verify --cluster` holds exactly when the live cluster lets
 * through what the planned one does. Random declarations are planned, their representative
 * workloads exported as a live cluster, and the policies drifted at random (a policy added that
 * opens a port range, a named port, an address range or peer; a rule widened; a policy removed;
 * a harmless copy). The verdict of `verifyIntent` (what the CLI calls on an export) must be
 * "holds" exactly when an independent reference matrix (tests/verify/reference-matrix.ts) of
 * the drifted objects equals that of the planned ones, over every pod x pod and pod x outside
 * address, every protocol, and every port boundary either side mentions. Seeded.
 */

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
/** Outside addresses the drifts name, on each side of their `except`s, and beyond them. */
const DRIFT_NETWORKS = [
  { cidr: "198.51.100.0/24", except: ["198.51.100.128/25"] },
  { cidr: "2001:db8:5::/48", except: ["2001:db8:5:1::/64"] },
  { cidr: "10.42.0.0/16" },
  { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] },
];
const DRIFT_PROBES = ["198.51.100.1", "198.51.100.200", "2001:db8:5::1", "2001:db8:5:1::1", "192.0.2.9"];
const DRIFT_PORTS = [22, 1000, 5000, 5432, 8080];

const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

function randomSelector(random: Random): object {
  return pick(random, [
    {},
    { matchLabels: { app: pick(random, APPS) } },
    { matchExpressions: [{ key: "app", operator: "In", values: [pick(random, APPS), pick(random, APPS)] }] },
    { matchExpressions: [{ key: "app", operator: "NotIn", values: [pick(random, APPS)] }] },
    { matchExpressions: [{ key: "app", operator: pick(random, ["Exists", "DoesNotExist"]) }] },
  ]);
}

function randomPeer(random: Random, namespaces: string[]): object {
  const kind = pick(random, ["pods", "namespace", "both", "network"]);
  if (kind === "network") return { ipBlock: clone(pick(random, DRIFT_NETWORKS)) };
  const namespaceSelector = pick(random, [
    {},
    { matchLabels: { "kubernetes.io/metadata.name": pick(random, namespaces) } },
    {
      matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [namespaces[0]] }],
    },
  ]);
  if (kind === "pods") return { podSelector: randomSelector(random) };
  if (kind === "namespace") return { namespaceSelector };
  return { namespaceSelector, podSelector: randomSelector(random) };
}

function randomPorts(random: Random): object[] | undefined {
  if (random() < 0.2) return undefined;
  const port = pick(random, DRIFT_PORTS);
  return [
    pick(random, [
      { port },
      { port, endPort: port + pick(random, [1, 100]) },
      { port: "http" },
      { port: "metrics", protocol: "UDP" },
      { protocol: pick(random, ["UDP", "SCTP"]), port },
      { protocol: "TCP" },
    ]),
  ];
}

/** A policy added by hand in a managed namespace that may open something the plan does not. */
function addedPolicy(random: Random, namespace: string, namespaces: string[]): K8sObject {
  const direction = pick(random, ["Ingress", "Egress"]);
  const rule = {
    [direction === "Ingress" ? "from" : "to"]: [randomPeer(random, namespaces)],
    ports: randomPorts(random),
  };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "hand-added", namespace },
    spec: {
      podSelector: randomSelector(random),
      policyTypes: [direction],
      [direction === "Ingress" ? "ingress" : "egress"]: [rule],
    },
  };
}

/** A planned rule widened: a port turned into a range or dropped, or a peer opened to a namespace. */
function widened(random: Random, policy: K8sObject, namespaces: string[]): K8sObject {
  const copy = clone(policy) as K8sObject & { spec: { ingress?: object[]; egress?: object[] } };
  const rules = (copy.spec.ingress ?? copy.spec.egress ?? []) as {
    ports?: { port?: unknown; endPort?: number }[];
  }[];
  const rule = rules.length ? pick(random, rules) : undefined;
  if (!rule) return copy;
  const how = pick(random, ["range", "no-ports", "peer"]);
  const port = rule.ports?.find((p) => typeof p.port === "number");
  if (how === "range" && port) port.endPort = (port.port as number) + 100;
  else if (how === "no-ports") delete rule.ports;
  else Object.assign(rule, { [copy.spec.ingress ? "from" : "to"]: [randomPeer(random, namespaces)] });
  return copy;
}

/** The planned pods as `kubectl get` would show them: each names its container ports. */
function exported(objects: K8sObject[]): K8sObject[] {
  return objects.map((o) =>
    o.kind === "Pod"
      ? {
          ...o,
          spec: {
            containers: [
              {
                name: "main",
                ports: [
                  { containerPort: 8080, name: "http" },
                  { containerPort: 9100, name: "metrics", protocol: "UDP" },
                ],
              },
            ],
          },
        }
      : o,
  );
}

type Drift = { what: string; objects: K8sObject[] };

function drift(random: Random, live: K8sObject[], managed: string[]): Drift {
  const policies = live.filter((o) => o.kind === "NetworkPolicy");
  const victim = pick(random, policies);
  const others = live.filter((o) => o !== victim);
  const how = pick(random, ["added", "added", "widened", "removed", "copied"]);
  const name = `${victim.metadata!.namespace}/${victim.metadata!.name}`;
  if (how === "added") {
    const added = addedPolicy(random, pick(random, managed), managed);
    return {
      what: `added ${JSON.stringify(added.spec)} in ${added.metadata!.namespace}`,
      objects: [...live, added],
    };
  }
  if (how === "widened")
    return { what: `widened ${name}`, objects: [...others, widened(random, victim, managed)] };
  if (how === "removed") return { what: `removed ${name}`, objects: others };
  const copy = { ...clone(victim), metadata: { ...victim.metadata, name: "copied" } };
  return { what: `copied ${name}`, objects: [...live, copy] };
}

/** Every connection that touches a managed namespace, with its verdicts (protocols x ports) as one row. */
function matrix(
  cluster: ReferenceCluster,
  outside: string[],
  ports: number[],
  managed: Set<string>,
): string[] {
  const parties: Party[] = [...cluster.pods.map((pod) => ({ pod })), ...outside.map((ip) => ({ ip }))];
  const probes = PROTOCOLS.flatMap((protocol) => ports.map((port) => ({ protocol, port })));
  const name = (p: Party) => ("pod" in p ? p.pod.id : p.ip);
  const isManaged = (p: Party) => "pod" in p && managed.has(p.pod.namespace);
  const rows: string[] = [];
  for (const from of parties) {
    for (const to of parties) {
      if (from === to || !(isManaged(from) || isManaged(to))) continue;
      rows.push(`${name(from)} -> ${name(to)} ${cluster.verdicts(from, to, probes)}`);
    }
  }
  return rows;
}

/** The generator may draw a declaration validation refuses (a flow between unmanaged sides): draw again. */
function validPlan(random: Random): Plan {
  for (;;) {
    try {
      return planZeroTrust(randomSpec(random));
    } catch (err) {
      if (!(err instanceof ZeroTrustValidationError)) throw err;
    }
  }
}

interface Outcome {
  holds: boolean;
  sameMatrix: boolean;
}

function checkOne(seed: number, round: number): Outcome {
  const random = prng(5000 + seed * 31 + round);
  const plan = validPlan(random);
  const { objects, externalIps } = representativeWorkloads(plan);
  const managed = [...plan.managedNamespaces];
  const planned = exported(objects);
  const { what, objects: live } = drift(random, planned, managed);
  const report = verifyIntent({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "cluster.yaml", objects: live }],
    externalIps,
    dataplane: plan.spec.dataplane.semantics,
  });
  const outside = [...new Set([...externalIps, ...DRIFT_PROBES])];
  const ports = boundaryPorts([...planned, ...live], DRIFT_PORTS);
  const managedSet = new Set(managed);
  const before = matrix(new ReferenceCluster(planned), outside, ports, managedSet);
  const after = matrix(new ReferenceCluster(live), outside, ports, managedSet);
  const sameMatrix = before.length === after.length && before.every((c, i) => c === after[i]);
  const holds = report.differences.length === 0;
  if (holds !== sameMatrix) {
    const [was, is] = [new Set(before), new Set(after)];
    const opened = after.filter((c) => !was.has(c)).slice(0, 3);
    const closed = before.filter((c) => !is.has(c)).slice(0, 3);
    const differences = report.differences.map((d) => `${d.kind} ${d.from} -> ${d.to} ${d.ports.join(",")}`);
    assert.fail(
      `seed ${seed}.${round}, ${what}: verify ${holds ? "holds" : "fails"} but the reference ${
        sameMatrix ? "sees no change" : `changes [${opened.join("; ")}] (was [${closed.join("; ")}])`
      }; verify: ${differences.join("; ")}`,
    );
  }
  return { holds, sameMatrix };
}

describe("verify --cluster holds exactly when the live matrix equals the planned one (property)", () => {
  const SEEDS = 24;
  const ROUNDS = 4;
  const tally: Outcome[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`agrees with the reference on generated declaration #${seed}, drifted ${ROUNDS} ways`, () => {
      for (let round = 0; round < ROUNDS; round++) tally.push(checkOne(seed, round));
    });
  }
  // The drifts must exercise both answers, or "holds exactly when" says nothing.
  it("drew drifts that verify both passes and fails", () => {
    assert.ok(tally.filter((t) => t.holds).length >= SEEDS / 2, "enough drifts that change nothing");
    assert.ok(tally.filter((t) => !t.holds).length >= SEEDS, "enough drifts that open or close something");
  });
});
