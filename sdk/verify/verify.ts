import { describeFlow, type PlannedFlow } from "../kernel/flows";
import { intentFor } from "./intent";
import type { IntentDifference, IntentInput, IntentReport } from "./intent-report";
import { compareReachability, flowChecks } from "./matrix-proof";
import { type Participant, proofSetup } from "./participants";
import { type ProbePort, probeLabel } from "./probes";

/**
 * Intent verification: every connection between representative parties is judged twice, by the
 * declared flows and by the NetworkPolicy engine over the actual policies, and every disagreement
 * is reported with the engine's explanation. A declared flow that is blocked, or an open path to
 * or from a managed workload that nobody declared, fails the check.
 */

/**
 * Differences in the order the pairwise proof meets them (source, destination, port), one entry
 * per kind and pair of parties, so both proofs report alike.
 */
export class DifferenceList {
  private readonly byKey = new Map<string, IntentDifference>();
  private readonly pieces = new Map<IntentDifference, ProbePort[]>();

  /** Records one differing port; `first` explains the pair, asked only for its first port. */
  add(
    intended: boolean,
    from: Participant,
    to: Participant,
    probe: ProbePort,
    first: () => { reason: string; flow?: PlannedFlow },
  ): void {
    const kind = intended ? "blocked" : "undeclared";
    const key = `${kind} ${from.name} ${to.name}`;
    const existing = this.byKey.get(key);
    if (existing) {
      this.pieces.get(existing)!.push(probe);
      return;
    }
    const { reason, flow } = first();
    const difference: IntentDifference = {
      kind,
      from: from.name,
      to: to.name,
      ports: [],
      everyPort: false,
      ...(intended && flow ? { flow: describeFlow(flow) } : {}),
      reason,
    };
    this.byKey.set(key, difference);
    this.pieces.set(difference, [probe]);
  }

  list(portCount: number): IntentDifference[] {
    const list = [...this.byKey.values()];
    for (const d of list) {
      const pieces = this.pieces.get(d)!;
      d.everyPort = pieces.length === portCount;
      d.ports = mergedLabels(pieces);
    }
    return list;
  }
}

/** Labels of the differing pieces, adjacent pieces of one protocol as one range (`TCP/5000-5432`). */
function mergedLabels(pieces: readonly ProbePort[]): string[] {
  const merged: ProbePort[] = [];
  for (const p of pieces) {
    const prev = merged[merged.length - 1];
    if (prev && prev.protocol === p.protocol && prev.last + 1 === p.port) prev.last = p.last;
    else merged.push({ ...p });
  }
  return merged.map(probeLabel);
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
    // A class against itself is the pod against another pod of its class.
    const to = m.from === m.to ? everyone[m.to].peer! : everyone[m.to];
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
export const differencePorts = (d: IntentDifference) => (d.everyPort ? "every port" : d.ports.join(","));

export function describeDifference(d: IntentDifference): string {
  const what =
    d.kind === "blocked"
      ? `declared flow is blocked: ${d.from} -> ${d.to} on ${differencePorts(d)} (${d.flow})`
      : `undeclared open path: ${d.from} -> ${d.to} on ${differencePorts(d)}`;
  return `${what}\n    because ${d.reason}`;
}
