import type { Protocol } from "../model/ports";
import type { ReadonlyLabels } from "../model/selectors";

/**
 * What the container-port matrix returns (`computeMatrix` in matrix.ts): pod groups, external
 * peers, the allowed flows between them and a summary. Its own file, so that the parts of the
 * matrix in other files (the external peers' flows, the admin tiers' version of them) build
 * flows without importing the matrix that calls them.
 */

export interface MatrixOptions {
  /** Called after each destination class, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

/** Pods policies cannot tell apart: one namespace, identical labels (and ports, hostNetwork, ipBlock matches). */
export interface MatrixGroup {
  /** `namespace/pod` for a single pod, else `namespace/[labels]`. */
  readonly id: string;
  readonly namespace: string;
  readonly labels: ReadonlyLabels;
  readonly hostNetwork: boolean;
  readonly pods: readonly string[];
}

export interface MatrixExternal {
  readonly id: string;
  /** The address the verdicts were computed for. */
  readonly representative: string;
}

/** An allowed flow between groups (or an external peer). */
export interface MatrixFlow {
  readonly from: string;
  readonly to: string;
  /** A container port number; towards an external peer also `"*"` or a range `"8000-8080"`. */
  readonly port: number | string;
  readonly portName?: string;
  /** `"any"`: every protocol and port (towards an external peer from a non-isolated source). */
  readonly protocol: Protocol | "any";
  /** Allowed (source pod, destination pod) pairs behind this flow; for external peers the pods on the pod side. */
  readonly connections: number;
}

export interface MatrixSummary {
  readonly pods: number;
  readonly policies: number;
  /** AdminNetworkPolicies and the BaselineAdminNetworkPolicy, when the input has any. */
  readonly adminPolicies?: number;
  /** Allowed (source pod, destination pod, destination container port) triples, source != destination. */
  readonly allowed: number;
  readonly denied: number;
}

export interface ReachMatrix {
  readonly summary: MatrixSummary;
  readonly groups: readonly MatrixGroup[];
  readonly externals: readonly MatrixExternal[];
  readonly flows: readonly MatrixFlow[];
}
