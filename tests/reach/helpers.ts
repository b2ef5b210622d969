import * as assert from "node:assert/strict";
import {
  buildCluster,
  type Cluster,
  type DataplaneSemantics,
  type K8sObject,
  naiveCheck,
  parseCheck,
  ReachabilityEngine,
  UPSTREAM,
  type Verdict,
} from "../../sdk/reach";

/** Small builders for Kubernetes objects, so each rule's test reads like its truth table. */

export function ns(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

export interface PodOptions {
  ip?: string | string[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  hostNetwork?: boolean;
}

/** A pod `namespace/name`; by default it serves 80 and 81 on TCP, UDP and SCTP, like the upstream e2e pods. */
export function pod(key: string, labels: Record<string, string> = {}, options: PodOptions = {}): K8sObject {
  const [namespace, name] = key.split("/");
  const ports = options.ports ?? E2E_PORTS;
  const ips = options.ip === undefined ? [] : Array.isArray(options.ip) ? options.ip : [options.ip];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { hostNetwork: options.hostNetwork ?? false, containers: [{ name: "c", ports }] },
    status: ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {},
  };
}

export const E2E_PORTS = ["TCP", "UDP", "SCTP"].flatMap((protocol) => [
  { name: `serve-80-${protocol.toLowerCase()}`, containerPort: 80, protocol },
  { name: `serve-81-${protocol.toLowerCase()}`, containerPort: 81, protocol },
]);

export function np(key: string, spec: Record<string, unknown>): K8sObject {
  const [namespace, name] = key.split("/");
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** The upstream e2e topology: namespaces x, y, z (label ns=<name>) with pods a, b, c (label pod=<name>). */
export const NAMESPACES = ["x", "y", "z"];
export const PODS = NAMESPACES.flatMap((n) => ["a", "b", "c"].map((p) => `${n}/${p}`));

export function e2eObjects(): K8sObject[] {
  let n = 0;
  return [
    ...NAMESPACES.map((name) => ns(name, { ns: name })),
    ...PODS.map((key) => pod(key, { pod: key.split("/")[1] }, { ip: `10.0.0.${++n}` })),
  ];
}

/** A cluster, its fast engine, and a check that asserts the naive evaluator agrees before answering. */
export class Fixture {
  readonly cluster: Cluster;
  readonly engine: ReachabilityEngine;

  constructor(objects: K8sObject[], dataplane: DataplaneSemantics = UPSTREAM) {
    this.cluster = buildCluster(objects, "test", dataplane);
    this.engine = new ReachabilityEngine(this.cluster);
  }

  verdict(check: string): Verdict {
    const q = parseCheck(check);
    const fast = this.engine.check(q);
    assert.deepEqual(fast, naiveCheck(this.cluster, q), `fast and naive evaluators disagree on ${check}`);
    return fast;
  }

  allowed(check: string): boolean {
    return this.verdict(check).allowed;
  }

  /**
   * Asserts the e2e truth table on `port/protocol` for all pairs of e2e pods (loopback excluded):
   * `expected(from, to)` says which connections are allowed.
   */
  assertTable(port: string, expected: (from: string, to: string) => boolean): void {
    const wrong: string[] = [];
    for (const from of PODS) {
      for (const to of PODS) {
        if (from === to) continue;
        const got = this.allowed(`${from} -> ${to}:${port}`);
        if (got !== expected(from, to))
          wrong.push(`${from} -> ${to}:${port} expected ${expected(from, to) ? "allowed" : "denied"}`);
      }
    }
    assert.deepEqual(wrong, [], `${wrong.length} wrong entries in the truth table`);
  }
}

export const e2e = (...policies: K8sObject[]) => new Fixture([...e2eObjects(), ...policies]);

export const everything = () => true;
export const nsOf = (key: string) => key.split("/")[0];
export const podOf = (key: string) => key.split("/")[1];

/** A small seeded random generator, so that every run of a property test checks the same cases. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
