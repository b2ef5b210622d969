import type { PlannedFlow } from "../kernel/flows";
import { formatIp, type IpAddress, type IpBlock, makeIpBlock, parseCidr, parseIp } from "../reach/model/cidr";
import { type Cluster, ipKey, type PolicyRule } from "../reach/model/model";
import { PROTOCOLS, type Protocol } from "../reach/model/ports";
import { type AddressRange, addressPartition, describeAddresses } from "../reach/netpol/addresses";

/**
 * What the proof probes, chosen so that probing them is the same as probing everything (issue 23):
 *
 * - ports: 1-65535 of each protocol cut wherever a flow's or a policy's port range (numeric, or a
 *   named port resolved on a pod) starts or stops. Every port of a piece gets the same answer from
 *   every rule and every flow, so one port per piece stands for all of it;
 * - addresses: the whole address space (IPv4 and IPv6) cut at every CIDR and `except` of the
 *   policies and of the flows, one address per range, never a pod's, a node's or a Service's (those
 *   are judged as themselves); plus the given addresses that are nodes or the API server's.
 *
 * The cost grows with the distinct port bounds and CIDRs, not with 65,535 ports or 2^128 addresses.
 */

/** One piece of a protocol's ports, probed at `port`, standing for `port..last`. */
export interface ProbePort {
  port: number;
  protocol: Protocol;
  /** The last port of the piece (inclusive). */
  last: number;
}

/** `TCP/22`, `TCP/1-21`, or `TCP/*` for the whole protocol. */
export function probeLabel(p: ProbePort): string {
  if (p.port === 1 && p.last === 65535) return `${p.protocol}/*`;
  return p.port === p.last ? `${p.protocol}/${p.port}` : `${p.protocol}/${p.port}-${p.last}`;
}

function clusterRules(cluster: Cluster): PolicyRule[] {
  const admin = cluster.admin ? [...cluster.admin.policies, ...cluster.admin.baselines] : [];
  return [...cluster.policies, ...admin].flatMap((p) => [...(p.ingress ?? []), ...(p.egress ?? [])]);
}

/** The port pieces of every protocol, cut by the flows' and the cluster's policies' ports. */
export function probePorts(flows: readonly PlannedFlow[], cluster: Cluster): ProbePort[] {
  const cuts = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set([1])]));
  const cut = (protocol: Protocol, lo: number, hi: number) => {
    const set = cuts.get(protocol);
    if (!set) return;
    set.add(lo);
    if (hi < 65535) set.add(hi + 1);
  };
  for (const f of flows)
    for (const p of f.ports)
      if (p.port !== undefined) cut(p.protocol as Protocol, p.port, p.endPort ?? p.port);
  const names = new Set<string>();
  for (const rule of clusterRules(cluster))
    for (const r of rule.ports ?? []) {
      if (typeof r.port === "number") cut(r.protocol, r.port, r.endPort ?? r.port);
      else if (typeof r.port === "string") names.add(`${r.protocol}/${r.port}`);
    }
  // A named port opens the number each pod gives that name: cut there too.
  if (names.size > 0)
    for (const pod of cluster.pods)
      for (const c of pod.ports)
        if (c.name !== undefined && names.has(`${c.protocol}/${c.name}`)) cut(c.protocol, c.port, c.port);
  const out: ProbePort[] = [];
  for (const protocol of PROTOCOLS) {
    const points = [...cuts.get(protocol)!].sort((a, b) => a - b);
    points.forEach((port, i) => {
      out.push({ port, protocol, last: i + 1 < points.length ? points[i + 1] - 1 : 65535 });
    });
  }
  return out;
}

/** An external participant of the proof: an address that stands for a range, or for itself. */
export interface ProbeAddress {
  /** The address asked about. */
  ip: string;
  /** What it stands for: `198.51.100.0/24`, `0.0.0.0/0 except ...`, or the address itself. */
  name: string;
  /** The piece of the address space it stands for (none: it stands for itself, a node's or the API server's). */
  range?: AddressRange;
}

function flowBlocks(flows: readonly PlannedFlow[]): IpBlock[] {
  const out: IpBlock[] = [];
  for (const f of flows)
    for (const ep of [f.from, f.to]) {
      if (ep.cidr === undefined) continue;
      const cidr = parseCidr(ep.cidr);
      const except = (ep.except ?? []).map((e) => parseCidr(e)).filter((c) => c !== undefined);
      if (cidr) out.push(makeIpBlock(cidr, except));
    }
  return out;
}

/** Addresses judged as themselves, never as a range's: pods', nodes', the API server's, Services'. */
function specialAddresses(cluster: Cluster): Set<string> {
  const out = new Set<string>([...cluster.nodeIps, ...cluster.apiServerIps]);
  for (const pod of cluster.pods) for (const ip of pod.ips) out.add(ipKey(ip));
  for (const s of cluster.services) for (const ip of s.clusterIps) out.add(ipKey(ip));
  return out;
}

const fromKey = (key: string): IpAddress => {
  const [family, value] = key.split("/");
  return { family: family === "6" ? 6 : 4, value: BigInt(value) };
};

/** The first address of the range that is nobody's in particular; undefined when every one is. */
function ordinaryAddress(range: AddressRange, special: ReadonlySet<string>): IpAddress | undefined {
  // At most `special.size` addresses are skipped, so this ends quickly.
  for (let value = range.first; value <= range.last; value++) {
    const ip = { family: range.family, value };
    if (!special.has(ipKey(ip))) return ip;
  }
  return undefined;
}

/**
 * One address per range of the partition cut by every ipBlock of the cluster and every CIDR of the
 * flows, named by its range; and the given addresses that are a node's or the API server's, named
 * by themselves (a dataplane may judge those apart from their range).
 */
export function probeAddresses(
  flows: readonly PlannedFlow[],
  cluster: Cluster,
  blocks: readonly IpBlock[],
  given: readonly string[],
): ProbeAddress[] {
  const special = specialAddresses(cluster);
  const out: ProbeAddress[] = [];
  for (const range of addressPartition([...blocks, ...flowBlocks(flows)])) {
    const ip = ordinaryAddress(range, special);
    if (ip) out.push({ ip: formatIp(ip), name: describeAddresses([range]), range });
  }
  const pods = new Set(cluster.pods.flatMap((p) => p.ips.map(ipKey)));
  const seen = new Set<string>();
  const own = [...cluster.nodeIps, ...cluster.apiServerIps].map(fromKey);
  for (const ip of [...given.map((t) => parseIp(t)), ...own]) {
    if (!ip || seen.has(ipKey(ip))) continue;
    seen.add(ipKey(ip));
    if (special.has(ipKey(ip)) && !pods.has(ipKey(ip))) out.push({ ip: formatIp(ip), name: formatIp(ip) });
  }
  return out;
}
