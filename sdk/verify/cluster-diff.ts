import { compareText } from "../kernel/flows";
import { entityPoints } from "../reach/dataplane/entity-ranges";
import { formatIp } from "../reach/model/cidr";
import { formatIntervals, sameIntervals, subtract } from "../reach/model/intervals";
import type { Cluster, PodInfo } from "../reach/model/model";
import { PROTOCOLS, type Protocol } from "../reach/model/ports";
import { type QueryEndpoint, queryEndpointText } from "../reach/model/query";
import { type AddressRange, addressPartition, describeAddresses } from "../reach/netpol/addresses";
import { ReachabilityEngine } from "../reach/netpol/engine";
import { computeSpans, type SpanMatrix } from "../reach/netpol/spans";
import { describeGroup } from "./diff";
import { retold } from "./peers";

/**
 * What opens and closes between two versions of a cluster (two exports, two folders of manifests):
 * a connection opens when some (source, destination, protocol, port, address) is allowed in the new
 * version and not in the old one. Both versions are evaluated over all ports (intervals cut where
 * their policies' ports start and end) and over one partition of the address space built from both
 * versions' ipBlocks, so a port no container declares and an address no policy names are compared
 * too. Pods are named by their workload (`shop/deployment/web`) or by namespace and stable labels,
 * so a rollout changes nothing.
 */

export interface PortChange {
  readonly protocol: Protocol;
  /** Flattened inclusive intervals `[lo, hi, ...]`. */
  readonly ports: readonly number[];
}

export interface ConnectionChange {
  /** `allowed` in the all-ports matrix of one version (`reach --all-ports`). */
  readonly change: "opens" | "closes" | "allowed";
  /** A pod name, or addresses (`0.0.0.0/0 except 10.0.0.0/8`). */
  readonly from: string;
  readonly to: string;
  /** `TCP/1-8079,8081-65535; UDP/*`, or `any port`. */
  readonly portsText: string;
  readonly ports: readonly PortChange[];
  /** The address ranges of the address side, if any. */
  readonly addresses?: readonly { first: string; last: string }[];
  /** The new version's verdict on one connection of the change, naming the policies that decide it (not in the matrix). */
  readonly why?: string;
}

export interface ClusterDiff {
  readonly opened: ConnectionChange[];
  readonly closed: ConnectionChange[];
  /** (source, destination, protocol) combinations allowing exactly the same ports in both. */
  readonly unchanged: number;
  readonly opens: boolean;
}

/** The name a pod is compared under: its workload, or its namespace and stable labels. */
export const comparedName = (pod: PodInfo) =>
  pod.workload
    ? `${pod.namespace}/${pod.workload.kind.toLowerCase()}/${pod.workload.name}`
    : describeGroup(pod);

interface Version {
  readonly engine: ReachabilityEngine;
  readonly spans: SpanMatrix;
  readonly pods: Map<string, PodInfo>;
}

function evaluate(cluster: Cluster, addresses: readonly AddressRange[], engine: ReachabilityEngine): Version {
  const pods = new Map<string, PodInfo>();
  for (const pod of cluster.pods) if (!pods.has(comparedName(pod))) pods.set(comparedName(pod), pod);
  return { engine, spans: computeSpans(engine.index, { addresses, nameOf: comparedName }), pods };
}

/**
 * The cluster with a second pod for every workload: one pod stands for all replicas, and a
 * change between replicas needs two pods for the engine to explain it (a pod to itself is loopback).
 * The twin has the same labels, ports and namespace, so it falls in the same class.
 */
function withReplicas(cluster: Cluster): Cluster {
  const twins = cluster.pods
    .filter((p) => p.workload)
    .map((p) => ({ ...p, name: `${p.name} (another replica)`, key: `${p.key} (another replica)` }));
  if (twins.length === 0) return cluster;
  const pods = [...cluster.pods, ...twins];
  return { ...cluster, pods, podsByKey: new Map(pods.map((p) => [p.key, p])) };
}

/**
 * Node addresses, cut out of the partition where the dataplane's ipBlocks treat them apart, and
 * the addresses Cilium entities tell apart (nodes, the API server) where policies name entities.
 */
const nodeAddresses = (cluster: Cluster) => [
  ...(cluster.dataplane.ipBlockMatchesNodes === "always"
    ? []
    : [...(cluster.nodes?.values() ?? [])].flatMap((n) => n.addresses)),
  ...entityPoints(cluster),
];

export function diffClusters(before: Cluster, after: Cluster): ClusterDiff {
  const engines = [before, after].map((c) => new ReachabilityEngine(withReplicas(c)));
  const addresses = addressPartition(
    engines.flatMap((e) => e.index.blocks),
    [before, after].flatMap(nodeAddresses),
  );
  const [old, now] = engines.map((e) => evaluate(e.cluster, addresses, e));
  const opened = new Changes("opens", addresses, now);
  const closed = new Changes("closes", addresses, now);
  let unchanged = 0;
  for (const [key, ports] of now.spans) {
    const was = old.spans.get(key) ?? [];
    if (sameIntervals(ports, was)) unchanged++;
    else {
      opened.add(key, subtract(ports, was));
      closed.add(key, subtract(was, ports));
    }
  }
  for (const [key, ports] of old.spans) if (!now.spans.has(key)) closed.add(key, ports);
  const result = { opened: opened.rows(), closed: closed.rows(), unchanged };
  return { ...result, opens: result.opened.length > 0 };
}

/**
 * The all-ports, all-addresses matrix of one cluster, in the rows `diff` prints: every allowed
 * (source, destination) with its ports as ranges, addresses cut by the cluster's own ipBlocks.
 */
export function allowedConnections(cluster: Cluster): ConnectionChange[] {
  const engine = new ReachabilityEngine(cluster);
  const addresses = addressPartition(engine.index.blocks, nodeAddresses(cluster));
  const version = evaluate(cluster, addresses, engine);
  const rows = new Changes("allowed", addresses, version);
  for (const [key, ports] of version.spans) rows.add(key, ports);
  return rows.rows();
}

const isAddress = (name: string) => name.startsWith("@");
const FULL = (ports: readonly number[]) => ports.length === 2 && ports[0] === 1 && ports[1] === 65535;

function portsText(ports: readonly PortChange[]): string {
  if (ports.length === PROTOCOLS.length && ports.every((p) => FULL(p.ports))) return "any port";
  return ports.map((p) => `${p.protocol}/${FULL(p.ports) ? "*" : formatIntervals(p.ports)}`).join("; ");
}

/** Collects changed intervals per (from, to), then folds address ranges with the same change into one row. */
class Changes {
  private readonly byPair = new Map<string, Map<Protocol, number[]>>();

  constructor(
    private readonly change: ConnectionChange["change"],
    private readonly addresses: readonly AddressRange[],
    private readonly now: Version,
  ) {}

  add(key: string, ports: number[]) {
    if (ports.length === 0) return;
    const [from, to, protocol] = key.split("\u0000") as [string, string, Protocol];
    const pair = `${from}\u0000${to}`;
    const protocols = this.byPair.get(pair) ?? new Map();
    protocols.set(protocol, ports);
    this.byPair.set(pair, protocols);
  }

  rows(): ConnectionChange[] {
    const folded = new Map<string, { from: string; to: string; ports: PortChange[]; ranges: number[] }>();
    for (const [pair, protocols] of this.byPair) {
      const [from, to] = pair.split("\u0000");
      const ports = PROTOCOLS.filter((p) => protocols.has(p)).map((protocol) => ({
        protocol,
        ports: protocols.get(protocol)!,
      }));
      const address = isAddress(from) ? from : isAddress(to) ? to : undefined;
      const range = address === undefined ? -1 : Number(address.slice(1));
      const family = range < 0 ? "" : this.addresses[range].family;
      const key = `${address === from ? "@" : from}\u0000${address === to ? "@" : to}\u0000${family}\u0000${portsText(ports)}`;
      const row = folded.get(key) ?? { from, to, ports, ranges: [] };
      if (range >= 0) row.ranges.push(range);
      folded.set(key, row);
    }
    return [...folded.values()]
      .map((row) => this.row(row))
      .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  }

  private row(r: { from: string; to: string; ports: PortChange[]; ranges: number[] }): ConnectionChange {
    const ranges = r.ranges.map((i) => this.addresses[i]);
    const text = describeAddresses(ranges);
    const name = (n: string) => (isAddress(n) ? text : n);
    const first = r.ports[0];
    // A matrix row states what is allowed; a change says why, by the new version's verdict.
    const why =
      this.change === "allowed"
        ? {}
        : { why: this.why(r.from, r.to, ranges[0], text, first.protocol, first.ports) };
    return {
      change: this.change,
      from: name(r.from),
      to: name(r.to),
      portsText: portsText(r.ports),
      ports: r.ports,
      ...(ranges.length
        ? {
            addresses: ranges.map((a) => ({
              first: formatIp({ family: a.family, value: a.first }),
              last: formatIp({ family: a.family, value: a.last }),
            })),
          }
        : {}),
      ...why,
    };
  }

  /**
   * The new version's verdict on the first connection of the change (an address: one inside its
   * first range), told of the row's addresses and first port interval, not of that connection.
   */
  private why(
    from: string,
    to: string,
    range: AddressRange | undefined,
    addresses: string,
    protocol: Protocol,
    ports: readonly number[],
  ): string {
    const port = ports[0];
    const endpoint = (name: string): { pod: string } | { ip: string } | undefined => {
      if (!isAddress(name)) {
        const pod = this.now.pods.get(name);
        return pod ? { pod: pod.key } : undefined;
      }
      const value = range!.last - range!.first > 1n ? range!.first + 1n : range!.first;
      return { ip: formatIp({ family: range!.family, value }) };
    };
    const [src, dst] = [endpoint(from), endpoint(to)];
    if (!src || !dst) return `${src ? to : from} is not in the new version`;
    if ("pod" in src && "pod" in dst && src.pod === dst.pod) src.pod = `${src.pod} (another replica)`;
    const said = this.now.engine.check({ from: src, to: dst, port, protocol }).reason;
    const as = (name: string, e: QueryEndpoint) => (isAddress(name) ? addresses : queryEndpointText(e));
    return retold(
      said,
      { from: src, to: dst, port, protocol },
      {
        from: as(from, src),
        to: as(to, dst),
        ports: `${protocol}/${FULL(ports.slice(0, 2)) ? "*" : formatIntervals(ports.slice(0, 2))}`,
      },
    );
  }
}
