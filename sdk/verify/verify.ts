import { describeFlow, type PlannedFlow } from "../core/flows";
import { parseIp } from "../reach/cidr";
import { ReachabilityEngine } from "../reach/engine";
import { buildClusterFromSources, type ObjectSource } from "../reach/load";
import type { Protocol } from "../reach/ports";
import type { Endpoint as ReachEndpoint, Verdict } from "../reach/query";
import { endpointMatches, intentFor, type Party } from "./intent";

/**
 * Intent verification: every connection between representative parties is evaluated twice, by
 * the declared flows and by the NetworkPolicy engine over the actual policies, and every
 * disagreement is reported with the engine's explanation. A declared flow that is blocked, or an
 * open path to or from a managed workload that nobody declared, fails the check.
 */

export interface IntentDifference {
  /** `blocked`: declared but denied. `undeclared`: allowed but declared by no flow. */
  kind: "blocked" | "undeclared";
  from: string;
  to: string;
  /** `TCP/8080`, grouped per pair of parties. */
  ports: string[];
  /** Every port probed differs (an allow-all, or a missing default-deny). */
  everyPort: boolean;
  /** The declared flow (for `blocked`). */
  flow?: string;
  /** The engine's explanation for the first port. */
  reason: string;
}

export interface FlowCheck {
  flow: PlannedFlow;
  /** The engine's verdict on one representative connection; undefined when no party fits the flow. */
  verdict?: Verdict;
}

export interface IntentReport {
  /** The engine the report was computed with, for further questions about the same cluster. */
  engine: ReachabilityEngine;
  /** Connections evaluated. */
  checked: number;
  differences: IntentDifference[];
  flows: FlowCheck[];
}

export interface IntentInput {
  flows: readonly PlannedFlow[];
  /** Namespaces under default-deny: only connections touching them are judged. */
  managedNamespaces: readonly string[];
  /** Namespaces, Pods and NetworkPolicies (planned, or exported from a live cluster), by file. */
  sources: readonly ObjectSource[];
  /** External addresses to check besides the pods. */
  externalIps: readonly string[];
}

/** Ports worth probing: every port a flow names (both ends of ranges) and one no flow names. */
function candidatePorts(flows: readonly PlannedFlow[]): { port: number; protocol: Protocol }[] {
  const seen = new Map<string, { port: number; protocol: Protocol }>();
  const add = (protocol: Protocol, port: number) => seen.set(`${protocol}/${port}`, { port, protocol });
  for (const f of flows) {
    for (const p of f.ports) {
      if (p.port !== undefined) add(p.protocol as Protocol, p.port);
      if (p.endPort !== undefined) add(p.protocol as Protocol, p.endPort);
    }
  }
  for (const protocol of ["TCP", "UDP", "SCTP"] as const) add(protocol, 65001);
  return [...seen.values()];
}

interface Participant {
  party: Party;
  endpoint: ReachEndpoint;
  name: string;
}

export function verifyIntent(input: IntentInput): IntentReport {
  const engine = new ReachabilityEngine(buildClusterFromSources(input.sources));
  const managed = new Set(input.managedNamespaces);
  // One pod per (namespace, labels): policies cannot tell such pods apart.
  const classes = new Map<string, Participant>();
  for (const pod of engine.cluster.pods) {
    if (pod.hostNetwork) continue;
    const key = `${pod.namespace}/${JSON.stringify(Object.entries(pod.labels).sort())}`;
    if (classes.has(key)) continue;
    classes.set(key, {
      party: { pod: pod.key, namespace: pod.namespace, labels: { ...pod.labels }, ip: pod.ips[0] },
      endpoint: { pod: pod.key },
      name: pod.key,
    });
  }
  const externals: Participant[] = input.externalIps.flatMap((text) => {
    const ip = parseIp(text);
    return ip ? [{ party: { ip }, endpoint: { ip: text }, name: text }] : [];
  });
  const pods = [...classes.values()];
  const ports = candidatePorts(input.flows);
  const differences = new Map<string, IntentDifference>();
  let checked = 0;
  for (const from of [...pods, ...externals]) {
    for (const to of [...pods, ...externals]) {
      if (from === to || (from.party.pod === undefined && to.party.pod === undefined)) continue;
      const touchesManaged = [from, to].some(
        (p) => p.party.namespace !== undefined && managed.has(p.party.namespace),
      );
      if (!touchesManaged) continue;
      for (const { port, protocol } of ports) {
        checked++;
        const verdict = engine.check({ from: from.endpoint, to: to.endpoint, port, protocol });
        const intent = intentFor(input.flows, managed, from.party, to.party, port, protocol);
        if (verdict.allowed === intent.intended) continue;
        const flow = intent.egress ?? intent.ingress;
        const kind = intent.intended ? "blocked" : "undeclared";
        const key = `${kind} ${from.name} ${to.name}`;
        const existing = differences.get(key);
        if (existing) existing.ports.push(`${protocol}/${port}`);
        else {
          differences.set(key, {
            kind,
            from: from.name,
            to: to.name,
            ports: [`${protocol}/${port}`],
            everyPort: false,
            ...(intent.intended && flow ? { flow: describeFlow(flow) } : {}),
            reason: verdict.reason,
          });
        }
      }
    }
  }
  for (const d of differences.values()) d.everyPort = d.ports.length === ports.length;
  const flows = input.flows.map((flow) => {
    const src = [...pods, ...externals].find((p) => endpointMatches(flow.from, p.party));
    const dst = [...pods, ...externals].find((p) => p !== src && endpointMatches(flow.to, p.party));
    const first = flow.ports[0];
    if (!src || !dst) return { flow };
    const port = first?.port ?? 65001;
    const protocol = (first?.protocol ?? "TCP") as Protocol;
    return { flow, verdict: engine.check({ from: src.endpoint, to: dst.endpoint, port, protocol }) };
  });
  return { engine, checked, differences: [...differences.values()], flows };
}

/** One line per difference, for errors and the CLI. */
export const differencePorts = (d: IntentDifference) =>
  d.everyPort ? "every port probed" : d.ports.join(",");

export function describeDifference(d: IntentDifference): string {
  const what =
    d.kind === "blocked"
      ? `declared flow is blocked: ${d.from} -> ${d.to} on ${differencePorts(d)} (${d.flow})`
      : `undeclared open path: ${d.from} -> ${d.to} on ${differencePorts(d)}`;
  return `${what}\n    because ${d.reason}`;
}
