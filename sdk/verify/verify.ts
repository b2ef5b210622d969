import { describeFlow, type PlannedFlow } from "../kernel/flows";
import type { DataplaneSemantics } from "../reach/dataplane/semantics";
import type { ObjectSource } from "../reach/load/load";
import type { ReachabilityEngine } from "../reach/netpol/engine";
import type { Protocol } from "../reach/ports";
import type { Verdict } from "../reach/query";
import { intentFor } from "./intent";
import { compareReachability, flowChecks } from "./matrix-proof";
import { type Participant, proofSetup } from "./participants";

/**
 * Intent verification: every connection between representative parties is judged twice, by the
 * declared flows and by the NetworkPolicy engine over the actual policies, and every disagreement
 * is reported with the engine's explanation. A declared flow that is blocked, or an open path to
 * or from a managed workload that nobody declared, fails the check.
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
  /** The dataplane to judge as. @default UPSTREAM */
  dataplane?: DataplaneSemantics;
}

/**
 * Differences in the order the pairwise proof meets them (source, destination, port), one entry
 * per kind and pair of parties, so both proofs report alike.
 */
export class DifferenceList {
  private readonly byKey = new Map<string, IntentDifference>();

  /** Records one differing port; `first` explains the pair, asked only for its first port. */
  add(
    intended: boolean,
    from: Participant,
    to: Participant,
    { port, protocol }: { port: number; protocol: Protocol },
    first: () => { reason: string; flow?: PlannedFlow },
  ): void {
    const kind = intended ? "blocked" : "undeclared";
    const key = `${kind} ${from.name} ${to.name}`;
    const existing = this.byKey.get(key);
    if (existing) {
      existing.ports.push(`${protocol}/${port}`);
      return;
    }
    const { reason, flow } = first();
    this.byKey.set(key, {
      kind,
      from: from.name,
      to: to.name,
      ports: [`${protocol}/${port}`],
      everyPort: false,
      ...(intended && flow ? { flow: describeFlow(flow) } : {}),
      reason,
    });
  }

  list(portCount: number): IntentDifference[] {
    const list = [...this.byKey.values()];
    for (const d of list) d.everyPort = d.ports.length === portCount;
    return list;
  }
}

/**
 * Proves the intent on the grouped bit-set engine: the policies' reachability and the declared
 * intent are both computed per destination and port as sets of sources and compared wholesale;
 * the engine explains only the connections where they differ, and each flow's first port.
 * {@link verifyIntentPairwise} (pairwise.ts) is the connection-by-connection oracle.
 */
export function verifyIntent(input: IntentInput): IntentReport {
  const { engine, managed, pods, externals, everyone, ports, scopeOf } = proofSetup(input);
  const { mismatches, checked } = compareReachability(
    engine,
    input.flows,
    managed,
    pods,
    externals,
    ports,
    scopeOf,
  );
  const differences = new DifferenceList();
  for (const m of mismatches) {
    const from = everyone[m.from];
    const to = everyone[m.to];
    const { port, protocol } = ports[m.port];
    differences.add(m.intended, from, to, ports[m.port], () => {
      const verdict = engine.check({ from: from.endpoint, to: to.endpoint, port, protocol });
      const intent = intentFor(input.flows, managed, from.party, to.party, port, protocol, scopeOf);
      return { reason: verdict.reason, flow: intent.egress ?? intent.ingress };
    });
  }
  const flows = flowChecks(engine, input.flows, everyone, scopeOf);
  return { engine, checked, differences: differences.list(ports.length), flows };
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
