import { type IpAddress, parseIp } from "../model/cidr";
import { FieldError } from "../model/errors";
import {
  type EntityPeer,
  ipKey,
  type NodeInfo,
  type PodInfo,
  type PolicyInfo,
  type PolicyRule,
  type ServiceInfo,
  type ServicePortInfo,
} from "../model/model";
import { identity } from "../model/parse";
import { isPortNumber, type PolicyPort, parseProtocol } from "../model/ports";
import { isRecord } from "../model/records";
import { parseSelector } from "../model/selectors";
import { knownFieldsOnly, knownSelectorFields } from "../model/strict-fields";

/*
 * The objects a dataplane needs besides Pods and NetworkPolicies: Services and their Endpoints
 * (Service addresses before or after DNAT), the Nodes' addresses (ipBlock against node addresses,
 * own-node traffic; the Nodes themselves are read for admin policies) and, on Cilium, CiliumNetworkPolicies with `toEntities` (the API server rule). Read
 * leniently: an export has Services of every shape, and only ClusterIPs with ports matter here.
 */

const ENTITIES: readonly EntityPeer["entity"][] = [
  "all",
  "world",
  "cluster",
  "host",
  "remote-node",
  "kube-apiserver",
];

type Raw = Record<string, any>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const ips = (texts: unknown[]) =>
  texts.flatMap((t) => (typeof t === "string" ? [parseIp(t)].filter((ip) => ip !== undefined) : []));

/** Collects the dataplane's objects while the loader reads files. */
export class InfraObjects {
  private readonly services: Raw[] = [];
  private readonly endpoints = new Map<string, Raw>();
  readonly ciliumPolicies: PolicyInfo[] = [];

  addService(obj: Raw) {
    this.services.push(obj);
  }

  addEndpoints(obj: Raw) {
    this.endpoints.set(`${obj.metadata?.namespace ?? "default"}/${obj.metadata?.name}`, obj);
  }

  addCiliumPolicy(obj: Raw, source: string) {
    const { name, namespace } = identity(obj);
    this.ciliumPolicies.push(parseCiliumPolicy(obj, namespace, name, source));
  }

  /** Node and API server addresses, and the Services, once every pod is known. */
  finish(pods: readonly PodInfo[], nodes: Iterable<NodeInfo>) {
    const nodeIps = new Set<string>();
    for (const node of nodes) for (const ip of node.addresses) nodeIps.add(ipKey(ip));
    const apiServerIps = new Set<string>();
    for (const pod of pods) {
      if (pod.hostIp) nodeIps.add(ipKey(pod.hostIp));
      if (!pod.hostNetwork) continue;
      for (const ip of pod.ips) nodeIps.add(ipKey(ip));
      // kubeadm's static pod; managed clusters publish only the Endpoints below.
      if (pod.namespace === "kube-system" && pod.labels.component === "kube-apiserver")
        for (const ip of pod.ips) apiServerIps.add(ipKey(ip));
    }
    for (const subset of list(this.endpoints.get("default/kubernetes")?.subsets))
      for (const ip of ips(
        list(isRecord(subset) ? subset.addresses : undefined).map((a) => (isRecord(a) ? a.ip : undefined)),
      ))
        apiServerIps.add(ipKey(ip));
    return { nodeIps, apiServerIps, services: this.services.flatMap((s) => this.service(s)) };
  }

  private service(obj: Raw): ServiceInfo[] {
    const namespace = obj.metadata?.namespace ?? "default";
    const key = `${namespace}/${obj.metadata?.name}`;
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const clusterIps = ips([...list(spec.clusterIPs), spec.clusterIP]).filter(
      (ip, i, all) => all.findIndex((o) => o.value === ip.value && o.family === ip.family) === i,
    );
    if (clusterIps.length === 0) return [];
    const ports = list(spec.ports).flatMap((p) => portOf(p, true));
    const endpoints = list(this.endpoints.get(key)?.subsets).flatMap((subset) => {
      if (!isRecord(subset)) return [];
      const subsetPorts = list(subset.ports).flatMap((p) => portOf(p, false));
      return ips(list(subset.addresses).map((a) => (isRecord(a) ? a.ip : undefined))).map(
        (ip: IpAddress) => ({ ip, ports: subsetPorts }),
      );
    });
    const selector = isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
    return [{ key, namespace, clusterIps, ...(selector ? { selector } : {}), ports, endpoints }];
  }
}

function portOf(raw: unknown, service: boolean): ServicePortInfo[] {
  if (!isRecord(raw) || !isPortNumber(raw.port)) return [];
  const protocol = parseProtocol(String(raw.protocol ?? "TCP")) ?? "TCP";
  const target = service ? (raw.targetPort ?? raw.port) : raw.port;
  const targetPort = typeof target === "string" && /^\d+$/.test(target) ? Number(target) : target;
  return [
    {
      ...(typeof raw.name === "string" && raw.name !== "" ? { name: raw.name } : {}),
      port: raw.port,
      protocol,
      targetPort: typeof targetPort === "number" || typeof targetPort === "string" ? targetPort : raw.port,
    },
  ];
}

/**
 * The part of a CiliumNetworkPolicy this project writes: an endpoint selector and egress rules of
 * `toEntities` and `toPorts`. Anything else is refused rather than guessed.
 */
function parseCiliumPolicy(obj: Raw, namespace: string, name: string, source: string): PolicyInfo {
  const spec = obj.spec;
  if (!isRecord(spec)) throw new FieldError("spec", "must be an object (specs lists are not read)");
  for (const field of Object.keys(spec)) {
    if (field !== "endpointSelector" && field !== "egress" && field !== "description")
      throw new FieldError(
        `spec.${field}`,
        "is not read by this evaluator (only endpointSelector and egress)",
      );
  }
  const selector = isRecord(spec.endpointSelector) ? spec.endpointSelector : {};
  knownSelectorFields(selector, "spec.endpointSelector");
  // Cilium prefixes label sources ("k8s:app"); Kubernetes labels are the k8s source.
  const strip = (labels: unknown) =>
    Object.fromEntries(
      Object.entries(isRecord(labels) ? labels : {}).map(([k, v]) => [k.replace(/^k8s:/, ""), v]),
    );
  const podSelector = parseSelector(
    { ...selector, matchLabels: strip(selector.matchLabels) },
    "spec.endpointSelector",
  );
  const egress = list(spec.egress).map((rule, i): PolicyRule => {
    const path = `spec.egress[${i}]`;
    if (!isRecord(rule)) throw new FieldError(path, "must be an object");
    for (const field of Object.keys(rule)) {
      if (field !== "toEntities" && field !== "toPorts")
        throw new FieldError(
          `${path}.${field}`,
          "is not read by this evaluator (only toEntities and toPorts)",
        );
    }
    const peers = list(rule.toEntities).map((e, j) => {
      const entity = ENTITIES.find((known) => known === e);
      if (!entity)
        throw new FieldError(
          `${path}.toEntities[${j}]`,
          `must be one of ${ENTITIES.join(", ")}, got ${JSON.stringify(e)}`,
        );
      return { kind: "entity" as const, entity, key: `entity:${entity}` };
    });
    const ports = list(rule.toPorts).flatMap((tp, t) => {
      const at = `${path}.toPorts[${t}]`;
      const entry = isRecord(tp) ? tp : {};
      // L7 rules and TLS narrow what the ports admit; the L3/L4 answer would overstate them.
      const l7 = CILIUM_PORT_RULE_FIELDS.find((f) => entry[f] !== undefined && entry[f] !== null);
      if (l7) throw new FieldError(`${at}.${l7}`, "is not read by this evaluator (only ports)");
      knownFieldsOnly(entry, at, ["ports", ...CILIUM_PORT_RULE_FIELDS]);
      return list(entry.ports).flatMap((p, j) => ciliumPort(p, `${at}.ports[${j}]`));
    });
    return { ...(peers.length ? { peers } : {}), ...(ports.length ? { ports } : {}) };
  });
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    podSelector,
    egress,
    source,
  };
}

/** The other fields of a Cilium `PortRule` (cilium.io/v2 CRD schema), which narrow the ports to L7 or TLS. */
const CILIUM_PORT_RULE_FIELDS = ["rules", "listener", "originatingTLS", "terminatingTLS", "serverNames"];

function ciliumPort(raw: unknown, path: string): PolicyPort[] {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  knownFieldsOnly(raw, path, ["port", "endPort", "protocol"]);
  const port = raw.port === undefined || raw.port === "0" || raw.port === 0 ? undefined : Number(raw.port);
  if (port !== undefined && !isPortNumber(port))
    throw new FieldError(`${path}.port`, `must be a port number, got ${JSON.stringify(raw.port)}`);
  const endPort = raw.endPort === undefined || raw.endPort === null ? undefined : Number(raw.endPort);
  if (endPort !== undefined && (port === undefined || !isPortNumber(endPort) || endPort < port))
    throw new FieldError(
      `${path}.endPort`,
      `must be a port number not below port, got ${JSON.stringify(raw.endPort)}`,
    );
  const text = String(raw.protocol ?? "ANY").toUpperCase();
  const protocols = text === "ANY" ? (["TCP", "UDP"] as const) : [parseProtocol(text)];
  return protocols.map((protocol) => {
    if (!protocol)
      throw new FieldError(
        `${path}.protocol`,
        `must be TCP, UDP, SCTP or ANY, got ${JSON.stringify(raw.protocol)}`,
      );
    if (port === undefined) return { protocol };
    return endPort !== undefined && endPort > port ? { protocol, port, endPort } : { protocol, port };
  });
}
