import { type IpAddress, parseIp } from "../model/cidr";
import { ReachInputError } from "../model/errors";
import type { Cluster, PodInfo } from "../model/model";
import { isPortNumber, type Protocol, parseProtocol } from "../model/ports";
import type { ConnectionQuery, QueryEndpoint } from "../model/query";
import { describeHop, type ServiceHop, serviceHop } from "./services";

/**
 * Resolves a query's endpoints and port against the cluster, shared by both evaluators so that
 * they reject exactly the same bad queries with the same messages.
 */

export type ResolvedEndpoint = { readonly pod: PodInfo } | { readonly ip: IpAddress };

export interface ResolvedQuery {
  readonly from: ResolvedEndpoint;
  readonly to: ResolvedEndpoint;
  readonly port: number;
  readonly protocol: Protocol;
  /** Before DNAT: the Service address the source's egress is judged against (`to` is its backend). */
  readonly service?: ServiceHop;
  /** How a Service address was read, for the explanation. */
  readonly translation?: string;
}

function resolveEndpoint(cluster: Cluster, e: QueryEndpoint): ResolvedEndpoint {
  if ("pod" in e) {
    const pod = cluster.podsByKey.get(e.pod);
    if (!pod)
      throw new ReachInputError(`unknown pod "${e.pod}" (expected namespace/name of a Pod in the input)`);
    return { pod };
  }
  const ip = parseIp(e.ip);
  if (!ip) throw new ReachInputError(`invalid IP address "${e.ip}"`);
  // A pod's own address is that pod, with its policies; hostNetwork pods share the node's
  // address, so theirs stays node (external) traffic (R37).
  const pod = podByIp(cluster, ip);
  return pod ? { pod } : { ip };
}

const podByIp = (cluster: Cluster, ip: IpAddress) => podsByIp(cluster).get(`${ip.family}/${ip.value}`);

const ipIndex = new WeakMap<Cluster, Map<string, PodInfo>>();

function podsByIp(cluster: Cluster): Map<string, PodInfo> {
  let index = ipIndex.get(cluster);
  if (!index) {
    index = new Map();
    for (const pod of cluster.pods) {
      if (pod.hostNetwork) continue;
      for (const ip of pod.ips) index.set(`${ip.family}/${ip.value}`, pod);
    }
    ipIndex.set(cluster, index);
  }
  return index;
}

export function resolveQuery(cluster: Cluster, q: ConnectionQuery): ResolvedQuery {
  const from = resolveEndpoint(cluster, q.from);
  const to = resolveEndpoint(cluster, q.to);
  const protocol = parseProtocol(String(q.protocol));
  if (!protocol) throw new ReachInputError(`invalid protocol "${q.protocol}" (expected TCP, UDP or SCTP)`);
  const numeric = typeof q.port === "string" && /^\d+$/.test(q.port) ? Number(q.port) : q.port;
  if (typeof numeric === "number") {
    if (!isPortNumber(numeric)) throw new ReachInputError(`invalid port ${q.port} (expected 1-65535)`);
    const hop =
      "ip" in to ? serviceHop(cluster, to.ip, numeric, protocol, (a) => podByIp(cluster, a)) : undefined;
    if (!hop) return { from, to, port: numeric, protocol };
    const before = cluster.dataplane.serviceAddresses === "untranslated";
    const translation = describeHop(hop, protocol, cluster.dataplane.name, before);
    return {
      from,
      to: hop.backend,
      port: hop.port,
      protocol,
      translation,
      ...(before ? { service: hop } : {}),
    };
  }
  if (!("pod" in to))
    throw new ReachInputError(`named port "${numeric}" needs a pod destination, not an IP address`);
  const named = to.pod.ports.find((p) => p.name === numeric && p.protocol === protocol);
  if (!named)
    throw new ReachInputError(`pod "${to.pod.key}" has no ${protocol} container port named "${numeric}"`);
  return { from, to, port: named.port, protocol };
}
