import { describeFlow, type PlannedFlow } from "../kernel/flows";
import { intentFor } from "./intent";
import type { IntentDifference, IntentInput, IntentReport } from "./intent-report";
import { compareReachability, flowChecks } from "./matrix-proof";
import { type Participant, proofSetup } from "./participants";
import { foldPeers, type PeerLine, retold } from "./peers";
import { type ProbePort, probeLabel } from "./probes";

/**
 * Intent verification: every connection between representative parties is judged twice, by the
 * declared flows and by the NetworkPolicy engine over the actual policies, and every disagreement
 * is reported with the engine's explanation. A declared flow that is blocked, or an open path to
 * or from a managed workload that nobody declared, fails the check.
 */

/** The engine's sentence on one probe of a pair, and the flow that declares it (for a blocked one). */
export type ExplainProbe = (probe: ProbePort) => { reason: string; flow?: PlannedFlow };

/** One difference as it is being collected: its parties, the pieces that differ, how to explain one. */
interface Collected {
  difference: IntentDifference;
  from: Participant;
  to: Participant;
  pieces: ProbePort[];
  explain: ExplainProbe;
  /** The engine's sentence per explained piece, asked once (the list tells each twice: to fold, then to print). */
  reasons: string[];
}

/** At most this many port pieces of one difference are explained one by one; the rest are counted. */
const MAX_EXPLAINED_PIECES = 32;

/**
 * Differences in the order the pairwise proof meets them (source, destination, port), one entry
 * per kind and pair of parties, so both proofs report alike; then the address pieces of one
 * difference folded into one line (`0.0.0.0/0 except 10.0.0.0/8`), and every explanation told of
 * what its probe stands for (peers.ts).
 */
export class DifferenceList {
  private readonly byKey = new Map<string, Collected>();

  /**
   * Records one differing port piece. `explain` is asked again when the list is made, once per
   * differing piece, so a row over `TCP/1000-2000,TCP/5432` names the policy of each range.
   */
  add(intended: boolean, from: Participant, to: Participant, probe: ProbePort, explain: ExplainProbe): void {
    const kind = intended ? "blocked" : "undeclared";
    const key = `${kind} ${from.name} ${to.name}`;
    const existing = this.byKey.get(key);
    if (existing) {
      existing.pieces.push(probe);
      return;
    }
    const { reason, flow } = explain(probe);
    const difference: IntentDifference = {
      kind,
      from: from.name,
      to: to.name,
      ports: [],
      everyPort: false,
      ...(intended && flow ? { flow: describeFlow(flow) } : {}),
      reason,
    };
    this.byKey.set(key, { difference, from, to, pieces: [probe], explain, reasons: [reason] });
  }

  list(portCount: number): IntentDifference[] {
    const collected = [...this.byKey.values()];
    // Each differing piece explained; pieces the engine explains alike share one sentence, their
    // ports merged (`on TCP/1000-2000, TCP/5432: ...`), so every admitting policy is named.
    const told = (c: Collected, from: string, to: string) => {
      const shapes = new Map<string, ProbePort[]>();
      const explained = c.pieces.slice(0, MAX_EXPLAINED_PIECES);
      for (const piece of explained.slice(c.reasons.length)) c.reasons.push(c.explain(piece).reason);
      for (const [i, piece] of explained.entries()) {
        const asked = {
          from: c.from.endpoint,
          to: c.to.endpoint,
          port: piece.port,
          protocol: piece.protocol,
        };
        const shape = retold(c.reasons[i], asked, { from, to, ports: "\u0000" });
        shapes.set(shape, [...(shapes.get(shape) ?? []), piece]);
      }
      const text = [...shapes]
        .map(([shape, pieces]) => shape.replace("\u0000", mergedLabels(pieces).join(", ")))
        .join(" ");
      const rest = c.pieces.length - MAX_EXPLAINED_PIECES;
      return rest > 0 ? `${text} (${rest} more port pieces not explained)` : text;
    };
    const lines = collected.map((c): PeerLine => {
      const d = c.difference;
      d.everyPort = c.pieces.length === portCount;
      d.ports = mergedLabels(c.pieces);
      const range = c.from.range ?? c.to.range;
      const from = c.from.range ? "@" : d.from;
      const to = c.from.range ? d.to : c.to.range ? "@" : d.to;
      const rest = `${d.kind}\u0000${d.ports}\u0000${d.everyPort}\u0000${d.flow}\u0000${told(c, from, to)}`;
      return { from, to, ...(range ? { range } : {}), rest };
    });
    return foldPeers(lines).map(({ first, name }) => {
      const c = collected[first];
      const d = c.difference;
      if (name !== undefined) {
        if (c.from.range) d.from = name;
        else d.to = name;
      }
      d.reason = told(c, d.from, d.to);
      return d;
    });
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
    differences.add(m.intended, from, to, ports[m.port], (p) => {
      const verdict = engine.check({
        from: from.endpoint,
        to: to.endpoint,
        port: p.port,
        protocol: p.protocol,
      });
      const intent = intentFor(input.flows, managed, from.party, to.party, p.port, p.protocol, scopeOf);
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
