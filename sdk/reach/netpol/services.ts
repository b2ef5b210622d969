import { formatIp, type IpAddress } from "../model/cidr";
import { type Cluster, ipKey, type PodInfo, type ServiceInfo } from "../model/model";
import type { Protocol } from "../model/ports";
import { parseSelector } from "../model/selectors";

/**
 * Service addresses (U2): whether policy sees a ClusterIP or its backend is implementation-defined.
 * A translating dataplane judges the backend (an Endpoints address, else a selected pod) on the
 * target port; the EKS agent judges the source's egress on the ClusterIP and the backend's ingress
 * after translation.
 */

export interface ServiceHop {
  readonly service: ServiceInfo;
  readonly address: IpAddress;
  readonly servicePort: number;
  /** The backend: a pod, or an address (an endpoint outside the pods, such as the API server). */
  readonly backend: { readonly pod: PodInfo } | { readonly ip: IpAddress };
  readonly port: number;
}

const same = (a: IpAddress, b: IpAddress) => a.family === b.family && a.value === b.value;

/**
 * Whether a connection with this address needs a whole check rather than the class-level rules:
 * the dataplane reads it as a Service's (DNAT), or as a node's where own-node exceptions apply,
 * which depend on each pod's node.
 */
export function needsWholeCheck(cluster: Cluster, address: IpAddress): boolean {
  const dp = cluster.dataplane;
  if (
    dp.serviceAddresses !== "unmodelled" &&
    cluster.services.some((s) => s.clusterIps.some((ip) => same(ip, address)))
  )
    return true;
  const ownNode = dp.egressToOwnNode === "always" || dp.ingressFromOwnNode === "always";
  return ownNode && cluster.nodeIps.has(ipKey(address));
}

export function serviceHop(
  cluster: Cluster,
  address: IpAddress,
  port: number,
  protocol: Protocol,
  podByIp: (ip: IpAddress) => PodInfo | undefined,
): ServiceHop | undefined {
  if (cluster.dataplane.serviceAddresses === "unmodelled") return undefined;
  const service = cluster.services.find((s) => s.clusterIps.some((ip) => same(ip, address)));
  const sp = service?.ports.find((p) => p.port === port && p.protocol === protocol);
  if (!service || !sp) return undefined;
  const hop = { service, address, servicePort: port };
  for (const e of service.endpoints) {
    const ep = e.ports.length === 1 ? e.ports[0] : e.ports.find((p) => p.name === sp.name);
    if (!ep) continue;
    const pod = podByIp(e.ip);
    return { ...hop, backend: pod ? { pod } : { ip: e.ip }, port: ep.port };
  }
  if (!service.selector) return undefined;
  const selector = parseSelector({ matchLabels: service.selector }, "spec.selector");
  for (const pod of cluster.pods) {
    if (pod.namespace !== service.namespace || pod.hostNetwork || !selector.matches(pod.labels)) continue;
    const target =
      typeof sp.targetPort === "number"
        ? sp.targetPort
        : pod.ports.find((c) => c.name === sp.targetPort && c.protocol === protocol)?.port;
    if (target !== undefined) return { ...hop, backend: { pod }, port: target };
  }
  return undefined;
}

export function describeHop(
  hop: ServiceHop,
  protocol: Protocol,
  dataplane: string,
  beforeDnat: boolean,
): string {
  const to = "pod" in hop.backend ? hop.backend.pod.key : formatIp(hop.backend.ip);
  const when = beforeDnat
    ? "egress judged on the Service address, ingress at"
    : "judged after translation to";
  return `${formatIp(hop.address)}:${hop.servicePort}/${protocol} is Service ${hop.service.key} (${dataplane}: ${when} ${to}:${hop.port})`;
}
