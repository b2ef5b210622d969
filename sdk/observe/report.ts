import { compareText } from "../kernel/flows";
import type { ReadonlyLabels } from "../reach/model/selectors";
import { labelsKey } from "../reach/netpol/classes";
import type { Aggregator, ConnectionGroup } from "./aggregate";
import { workloadLabels } from "./identity";
import type { JudgedGroup } from "./judge";
import type { AddressEntity, ObservedParty } from "./model";

/**
 * The report: connections grouped by (source workload, destination workload or address,
 * protocol, port), workloads named by their stable labels, with counts and first/last seen.
 */

/** A workload as the declaration writes it, or an address as the narrowest CIDR the log supports. */
export type ReportEndpoint = { namespace: string; podLabels: ReadonlyLabels } | { cidr: string };

/** What an address stands for, in the declaration's words. */
const ADDRESS_KIND: { [e in AddressEntity]: string } = {
  world: "internet",
  node: "node",
  host: "node (own)",
  "kube-apiserver": "API server",
  address: "address",
};

export interface ReportRow {
  from: ReportEndpoint;
  to: ReportEndpoint;
  protocol: string;
  port: number;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** For an address: the internet, a node, the API server. */
  fromKind?: string;
  toKind?: string;
  /** Blocked: which policies would cut it; already blocked: the dataplane's reason. */
  why?: string;
}

export interface FileRead {
  file: string;
  format: string;
}

export interface ObserveReport {
  summary: {
    declaration: string;
    files: FileRead[];
    records: number;
    /** Distinct connections counted (records repeating one at another observation point are not). */
    connections: number;
    repeatedObservations: number;
    blocked: number;
    allowed: number;
    alreadyBlocked: number;
    ignored: number;
  };
  blocked: ReportRow[];
  allowed: ReportRow[];
  alreadyBlocked: ReportRow[];
  /** Records or connections left out, and why. */
  ignored: { reason: string; count: number }[];
}

/** The endpoint of a party: a workload by stable labels, an address as a host CIDR (any: `/0`). */
export function endpointOf(p: ObservedParty): ReportEndpoint {
  if (p.kind === "pod") return { namespace: p.namespace, podLabels: workloadLabels(p.labels) };
  if (!p.ip) return { cidr: "0.0.0.0/0" };
  return { cidr: p.ip.includes(":") ? `${p.ip}/128` : `${p.ip}/32` };
}

export const reportEndpointText = (e: ReportEndpoint) =>
  "cidr" in e ? e.cidr : `${e.namespace}/${labelsKey(e.podLabels) || "*"}`;

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

/** Merges groups into rows keyed by stable workloads, port and protocol. */
function rows(items: readonly { group: ConnectionGroup; why?: string }[]): ReportRow[] {
  const merged = new Map<string, ReportRow & { first?: number; last?: number }>();
  for (const { group: g, why } of items) {
    const from = endpointOf(g.src);
    const to = endpointOf(g.dst);
    const key = `${reportEndpointText(from)} ${reportEndpointText(to)} ${g.protocol}/${g.port}`;
    let row = merged.get(key);
    if (!row) {
      row = {
        from,
        to,
        protocol: g.protocol,
        port: g.port,
        count: 0,
        ...(g.src.kind === "address" ? { fromKind: ADDRESS_KIND[g.src.entity] } : {}),
        ...(g.dst.kind === "address" ? { toKind: ADDRESS_KIND[g.dst.entity] } : {}),
        ...(why ? { why } : {}),
      };
      merged.set(key, row);
    }
    row.count += g.count;
    if (g.first !== undefined && (row.first === undefined || g.first < row.first)) row.first = g.first;
    if (g.last !== undefined && (row.last === undefined || g.last > row.last)) row.last = g.last;
  }
  return [...merged.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, { first, last, ...row }]) => ({
      ...row,
      ...(first !== undefined ? { firstSeen: iso(first) } : {}),
      ...(last !== undefined ? { lastSeen: iso(last) } : {}),
    }));
}

const total = (rs: readonly { count: number }[]) => rs.reduce((n, r) => n + r.count, 0);

export function buildReport(
  declaration: string,
  files: FileRead[],
  aggregate: Aggregator,
  judged: readonly JudgedGroup[],
): ObserveReport {
  const of = (kind: string) => judged.filter((j) => j.judgement.kind === kind);
  const blocked = rows(
    of("blocked").map((j) => ({ group: j.group, why: (j.judgement as { why: string }).why })),
  );
  const allowed = rows(of("allowed"));
  const alreadyBlocked = rows(
    of("already-blocked").map((j) => ({ group: j.group, why: j.group.dropReason })),
  );
  const ignored = new Map<string, number>(aggregate.skipped);
  for (const j of of("ignored")) {
    const reason = (j.judgement as { reason: string }).reason;
    ignored.set(reason, (ignored.get(reason) ?? 0) + j.group.count);
  }
  const ignoredRows = [...ignored]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || compareText(a.reason, b.reason));
  return {
    summary: {
      declaration,
      files,
      records: aggregate.records,
      connections: total(judged.map((j) => j.group)),
      repeatedObservations: aggregate.duplicates,
      blocked: total(blocked),
      allowed: total(allowed),
      alreadyBlocked: total(alreadyBlocked),
      ignored: total(ignoredRows),
    },
    blocked,
    allowed,
    alreadyBlocked,
    ignored: ignoredRows,
  };
}
