import * as assert from "node:assert/strict";
import { formatIp, type K8sObject } from "../../sdk/reach";
import { addressPartition } from "../../sdk/reach/netpol/addresses";
import { addressName, computeSpans, spanKey } from "../../sdk/reach/netpol/spans";
import { type Fixture, PODS } from "./helpers";

/** Builders for AdminNetworkPolicy, BaselineAdminNetworkPolicy and Node objects, and matrix cross-checks. */

const API = "policy.networking.k8s.io/v1alpha1";

export function anp(name: string, priority: number, spec: Record<string, unknown>): K8sObject {
  return { apiVersion: API, kind: "AdminNetworkPolicy", metadata: { name }, spec: { priority, ...spec } };
}

export function banp(spec: Record<string, unknown>, name = "default"): K8sObject {
  return { apiVersion: API, kind: "BaselineAdminNetworkPolicy", metadata: { name }, spec };
}

export function node(name: string, labels: Record<string, string>, addresses: [string, string][]): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    status: { addresses: addresses.map(([type, address]) => ({ type, address })) },
  };
}

/** `{namespaces: {matchLabels: {ns}}}`; with no name, every namespace. */
export const inNs = (ns?: string) => ({ namespaces: ns ? { matchLabels: { ns } } : {} });

/** `{pods: {namespaceSelector: ns=<ns>, podSelector: pod=<pod>}}`. */
export const podIn = (ns: string, pod: string) => ({
  pods: { namespaceSelector: { matchLabels: { ns } }, podSelector: { matchLabels: { pod } } },
});

/** An admin rule; `peers` go to `from` or `to` by direction. */
export const rule = (
  action: string,
  direction: "ingress" | "egress",
  peers: object[],
  extra: object = {},
) => ({
  action,
  [direction === "ingress" ? "from" : "to"]: peers,
  ...extra,
});

/** Whether a matrix flow's port covers `port/protocol`. */
function covers(flow: { port: number | string; protocol: string }, port: number, protocol: string): boolean {
  if (flow.protocol !== "any" && flow.protocol !== protocol) return false;
  if (flow.port === "*") return true;
  if (typeof flow.port === "number") return flow.port === port;
  const [a, b] = flow.port.split("-").map(Number);
  return port >= a && port <= b;
}

/**
 * The matrix agrees with `check` (itself cross-checked against the naive evaluator): every pod
 * pair on every destination container port, and each group's egress towards each external peer on
 * `probePorts`.
 */
export function assertMatrixAgrees(
  f: Fixture,
  probePorts: readonly number[] = [53, 80, 81, 443],
  label = "",
): void {
  const m = f.engine.matrix();
  const groupOf = new Map<string, string>();
  for (const g of m.groups) for (const p of g.pods) groupOf.set(`${g.namespace}/${p}`, g.id);
  const flows = new Set(m.flows.map((fl) => `${fl.from}|${fl.to}|${fl.port}/${fl.protocol}`));
  const wrong: string[] = [];
  for (const from of f.cluster.pods) {
    for (const to of f.cluster.pods) {
      if (from === to) continue;
      for (const p of to.ports) {
        const check = `${from.key} -> ${to.key}:${p.port}/${p.protocol}`;
        const inMatrix = flows.has(`${groupOf.get(from.key)}|${groupOf.get(to.key)}|${p.port}/${p.protocol}`);
        if (f.allowed(check) !== inMatrix) wrong.push(`${check}: matrix says ${inMatrix}`);
      }
    }
  }
  // A representative that is a pod's own address is that pod in a query, not an external host.
  const podIps = new Set(f.cluster.pods.filter((p) => !p.hostNetwork).flatMap((p) => p.ips.map(formatIp)));
  for (const ext of m.externals.filter((e) => !podIps.has(e.representative))) {
    for (const g of m.groups) {
      const pod = f.cluster.podsByKey.get(`${g.namespace}/${g.pods[0]}`)!;
      for (const p of pod.ports) {
        const check = `${ext.representative} -> ${pod.key}:${p.port}/${p.protocol}`;
        if (f.allowed(check) !== flows.has(`${ext.id}|${g.id}|${p.port}/${p.protocol}`))
          wrong.push(`${check}: matrix disagrees`);
      }
      const out = m.flows.filter((fl) => fl.from === g.id && fl.to === ext.id);
      // A check writes an IPv6 destination in brackets (an IPv6 `networks` peer, e.g. `::/0`).
      const to = ext.representative.includes(":") ? `[${ext.representative}]` : ext.representative;
      for (const port of probePorts) {
        for (const protocol of ["TCP", "UDP", "SCTP"]) {
          const check = `${g.namespace}/${g.pods[0]} -> ${to}:${port}/${protocol}`;
          const inMatrix = out.some((fl) => covers(fl, port, protocol));
          if (f.allowed(check) !== inMatrix) wrong.push(`${check}: matrix says ${inMatrix}`);
        }
      }
    }
  }
  assert.deepEqual(wrong.slice(0, 10), [], `${label}${wrong.length} matrix entries disagree with check`);
}

export { PODS };

/**
 * The all-ports matrix of `diff` agrees with `check` at every port boundary of `ports`, between
 * every two pods and between every pod and both ends of every address range.
 */
export function assertSpansAgree(f: Fixture, ports: readonly number[], label = ""): number {
  const addresses = addressPartition(f.engine.index.blocks);
  const spans = computeSpans(f.engine.index, { addresses, nameOf: (p) => p.key });
  const podIps = new Set(f.cluster.pods.filter((p) => !p.hostNetwork).flatMap((p) => p.ips.map(formatIp)));
  const ends = addresses.flatMap((r, i) =>
    [r.first, r.last]
      .map((value) => formatIp({ family: r.family, value }))
      .filter((ip) => !podIps.has(ip))
      .map((ip) => ({ ip: ip.includes(":") ? `[${ip}]` : ip, name: addressName(i) })),
  );
  const wrong: string[] = [];
  let compared = 0;
  for (const protocol of ["TCP", "UDP", "SCTP"] as const) {
    for (const port of ports) {
      const agree = (from: string, to: string, fromName: string, toName: string) => {
        const set = spans.get(spanKey(fromName, toName, protocol)) ?? [];
        let inSpans = false;
        for (let i = 0; i < set.length; i += 2) if (set[i] <= port && port <= set[i + 1]) inSpans = true;
        const check = `${from} -> ${to}:${port}/${protocol}`;
        if (f.allowed(check) !== inSpans) wrong.push(`${check}: all-ports matrix says ${inSpans}`);
        compared++;
      };
      for (const a of f.cluster.pods) {
        for (const b of f.cluster.pods) if (a !== b) agree(a.key, b.key, a.key, b.key);
        for (const { ip, name } of ends) {
          agree(a.key, ip, a.key, name);
          agree(ip, a.key, name, a.key);
        }
      }
    }
  }
  assert.deepEqual(wrong.slice(0, 10), [], `${label}${wrong.length} all-ports entries disagree with check`);
  return compared;
}
