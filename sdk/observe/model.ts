import type { ReadonlyLabels } from "../reach/model/selectors";

/**
 * Observed traffic as plain data, whatever the flow log it came from: every reader turns one
 * record into a {@link FlowRecord} or says why it does not describe a connection to judge.
 */

export type FlowProtocol = "TCP" | "UDP" | "SCTP";

/** One end of an observed connection. */
export type ObservedParty = PodParty | AddressParty;

/** A pod, named by its namespace and labels (never by its pod name). */
export interface PodParty {
  readonly kind: "pod";
  readonly namespace: string;
  /** The pod's own labels, without the ones that change with every rollout or that the CNI adds. */
  readonly labels: ReadonlyLabels;
  /** The namespace's labels when the flow log carries them (Hubble does). */
  readonly namespaceLabels?: ReadonlyLabels;
  /** The pod's address when the log gives it. */
  readonly ip?: string;
}

/**
 * What an address stands for: the internet (`world`), a node (`node`: Cilium's `remote-node`,
 * a Calico host endpoint), the pod's own node (`host`: NetworkPolicy never cuts it), the API
 * server, or an address nothing says more about (`address`, e.g. a CSV row's `dst_ip`).
 */
export type AddressEntity = "world" | "node" | "host" | "kube-apiserver" | "address";

export interface AddressParty {
  readonly kind: "address";
  readonly entity: AddressEntity;
  /** The address; absent when the log only names the kind of network (Calico's `pub`). */
  readonly ip?: string;
}

/** A connection (or several, `count`) one record describes, in the direction it was opened. */
export interface FlowRecord {
  readonly src: ObservedParty;
  readonly dst: ObservedParty;
  readonly protocol: FlowProtocol;
  /** The destination port. */
  readonly port: number;
  /** Dropped or denied by the cluster as it is today. */
  readonly blocked: boolean;
  /** The dataplane's reason for a drop (Hubble `drop_reason_desc`). */
  readonly dropReason?: string;
  /** Connections this record stands for (Calico aggregates; Hubble and CSV rows are one). */
  readonly count: number;
  /** Milliseconds since the epoch, when the record has a time. */
  readonly time?: number;
  /**
   * The connection's 5-tuple when the record has one, so that the same connection seen at
   * several observation points (egress at the source, ingress at the destination, the proxy,
   * the overlay) counts once.
   */
  readonly tuple?: string;
  /**
   * Calico reports a connection between two of its pods at both ends. The source's Allow counts;
   * when the destination then Denies the same flow (`key`: both identities, port and interval),
   * the two reports are one connection, blocked today, not one allowed and one blocked.
   */
  readonly report?: { readonly key: string; readonly side: "src-allow" | "dst-deny" };
}

/** A record that describes no connection to judge, and why (a reply, a health check...). */
export interface Skipped {
  readonly skip: string;
}

export type ReadResult = FlowRecord | Skipped;

export const isSkipped = (r: ReadResult): r is Skipped => "skip" in r;

/** A record that cannot be read at all: the run stops with exit code 2, naming file and line. */
export class FlowInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlowInputError";
  }
}
