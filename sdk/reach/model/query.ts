import type { AdminRuleRef } from "./model";
import type { Protocol } from "./ports";

/** The public query and verdict types, shared by the fast and the naive evaluators. */

/** A pod (`namespace/name`) or an IP address (an external host unless it is stated otherwise). */
export type QueryEndpoint = { pod: string } | { ip: string };

export interface ConnectionQuery {
  from: QueryEndpoint;
  to: QueryEndpoint;
  /** A number, or a named port resolved on the destination pod's container ports with `protocol`. */
  port: number | string;
  protocol: Protocol;
}

/** The verdict of one side (the source's egress or the destination's ingress). */
export interface SideVerdict {
  /** Whether at least one policy isolates the pod in this direction. */
  isolated: boolean;
  /** `namespace/name` of the isolating policies. */
  isolatingPolicies: string[];
  /** The first rule found that allows the connection (`rule` is the position in `spec.ingress`/`spec.egress`). */
  allowedBy?: { policy: string; rule: number };
  /**
   * Every NetworkPolicy that allows the connection, each with its first rule that does, in the
   * order the policies were read (`allowedBy` is the first): several flows' policies may admit one
   * connection, and crediting only the first misleads.
   */
  admittedBy?: { policy: string; rule: number }[];
  /** The AdminNetworkPolicy rule that decided this side, or that passed it to NetworkPolicies (A04-A07). */
  admin?: AdminRuleRef;
  /** The BaselineAdminNetworkPolicy rule that decided this side of a pod no NetworkPolicy isolates (A10). */
  baseline?: AdminRuleRef;
  /** Why the dataplane allows what no rule does (its own-node exceptions). */
  dataplane?: string;
  allowed: boolean;
}

export interface Verdict {
  allowed: boolean;
  /** One human sentence: which policies isolate, which rule allowed it, or that nothing did. */
  reason: string;
  /** How the dataplane read the destination (a Service address, before or after DNAT). */
  translation?: string;
  /** The source pod's egress; absent for an external source (R36). */
  egress?: SideVerdict;
  /** The destination pod's ingress; absent for an external destination (R36). */
  ingress?: SideVerdict;
}

export function queryEndpointText(e: QueryEndpoint): string {
  return "pod" in e ? e.pod : e.ip;
}
