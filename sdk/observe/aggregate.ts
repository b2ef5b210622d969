import { labelsKey } from "../reach/netpol/classes";
import { type FlowProtocol, type FlowRecord, isSkipped, type ObservedParty, type ReadResult } from "./model";

/**
 * Aggregates records as they are read, so memory grows with the number of distinct connections
 * between workloads (and a bounded window of recent 5-tuples), never with the number of records.
 */

/** Connections between the same two identities on one port, and what the cluster did with them. */
export interface ConnectionGroup {
  readonly src: ObservedParty;
  readonly dst: ObservedParty;
  readonly protocol: FlowProtocol;
  readonly port: number;
  /** Dropped or denied today. */
  readonly blocked: boolean;
  readonly dropReason?: string;
  count: number;
  first?: number;
  last?: number;
}

/** A 5-tuple seen again within this time is the same connection at another observation point. */
const SAME_CONNECTION_MS = 120_000;
/** Recent 5-tuples kept; the oldest tenth is forgotten beyond it, so memory stays bounded. */
const MAX_TUPLES = 200_000;

export class Aggregator {
  /** Records read (every line but blank ones and headers). */
  records = 0;
  /** Records that repeat a connection already counted (another observation point of it). */
  duplicates = 0;
  readonly groups = new Map<string, ConnectionGroup>();
  /** Records that describe no connection to judge, by reason. */
  readonly skipped = new Map<string, number>();
  private readonly tuples = new Map<string, number>();
  /** Calico's two-ended reports not yet paired: allows counted (and their group), denies seen. */
  private readonly reports = new Map<string, { allowed: number; group?: string; denied: number }>();
  private readonly keys = new WeakMap<ObservedParty, string>();

  add(result: ReadResult): void {
    this.records++;
    if (isSkipped(result)) {
      this.skipped.set(result.skip, (this.skipped.get(result.skip) ?? 0) + 1);
      return;
    }
    if (result.tuple !== undefined && this.repeated(result.tuple, result.time)) {
      this.duplicates++;
      return;
    }
    if (result.report) this.pair(result);
    else this.count(result);
  }

  /**
   * A source's Allow and the destination's Deny of the same Calico flow are one connection, which
   * the destination blocked: the Deny counts, and takes back the Allow's count in either order.
   */
  private pair(r: FlowRecord): void {
    const { key, side } = r.report!;
    let entry = this.reports.get(key);
    if (!entry) {
      entry = { allowed: 0, denied: 0 };
      this.reports.set(key, entry);
      if (this.reports.size > MAX_TUPLES) this.reports.delete(this.reports.keys().next().value!);
    }
    if (side === "dst-deny") {
      this.count(r);
      const back = Math.min(r.count, entry.allowed);
      entry.allowed -= back;
      entry.denied += r.count - back;
      const group = entry.group === undefined ? undefined : this.groups.get(entry.group);
      if (group && back > 0) {
        group.count -= back;
        if (group.count <= 0) this.groups.delete(entry.group!);
      }
      if (back > 0) this.duplicates++;
      return;
    }
    const paired = Math.min(r.count, entry.denied);
    entry.denied -= paired;
    entry.allowed += r.count - paired;
    if (paired === r.count) this.duplicates++;
    else entry.group = this.count({ ...r, count: r.count - paired });
  }

  /** Whether a 5-tuple was seen recently (and remembers it). */
  private repeated(tuple: string, time: number | undefined): boolean {
    const seen = this.tuples.get(tuple);
    const now = time ?? 0;
    if (seen !== undefined && Math.abs(now - seen) <= SAME_CONNECTION_MS) return true;
    this.tuples.delete(tuple);
    this.tuples.set(tuple, now);
    if (this.tuples.size > MAX_TUPLES) {
      let drop = MAX_TUPLES / 10;
      for (const key of this.tuples.keys()) {
        this.tuples.delete(key);
        if (--drop === 0) break;
      }
    }
    return false;
  }

  /** Counts a record into its group; returns the group's key. */
  private count(r: FlowRecord): string {
    const key = `${this.keyOf(r.src)}>${this.keyOf(r.dst)}>${r.protocol}/${r.port}>${r.blocked ? `x${r.dropReason ?? ""}` : ""}`;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        src: r.src,
        dst: r.dst,
        protocol: r.protocol,
        port: r.port,
        blocked: r.blocked,
        ...(r.dropReason ? { dropReason: r.dropReason } : {}),
        count: 0,
      };
      this.groups.set(key, group);
    }
    group.count += r.count;
    if (r.time !== undefined) {
      if (group.first === undefined || r.time < group.first) group.first = r.time;
      if (group.last === undefined || r.time > group.last) group.last = r.time;
    }
    return key;
  }

  /** A party's identity key, computed once per party object (readers reuse them). */
  private keyOf(p: ObservedParty): string {
    let key = this.keys.get(p);
    if (key === undefined) {
      key =
        p.kind === "pod"
          ? `${p.namespace}/${labelsKey(p.labels)}/${p.namespaceLabels ? labelsKey(p.namespaceLabels) : ""}`
          : `@${p.entity}/${p.ip ?? ""}`;
      this.keys.set(p, key);
    }
    return key;
  }
}
