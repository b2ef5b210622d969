import type { PlannedFlow } from "../kernel/flows";
import type { ObjectSource } from "../reach/load/load";
import type { Verdict } from "../reach/model/query";
import type { DataplaneSemantics } from "../reach/model/semantics";
import type { ReachabilityEngine } from "../reach/netpol/engine";

/**
 * What intent verification is asked (IntentInput) and what it answers (IntentReport): apart from
 * verify.ts, which computes it, because the proof's parts (participants.ts, matrix-proof.ts)
 * speak these types too and verify.ts calls them.
 */

export interface IntentDifference {
  /** `blocked`: declared but denied. `undeclared`: allowed but declared by no flow. */
  kind: "blocked" | "undeclared";
  from: string;
  to: string;
  /** `TCP/8080`, `TCP/1-21`, grouped per pair of parties: every port of each piece differs. */
  ports: string[];
  /** Every port of every protocol differs (an allow-all, or a missing default-deny). */
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
  /** The verdicts on the same connection at the first port of each of the flow's port entries (`verdict` is the first). */
  verdicts?: Verdict[];
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
