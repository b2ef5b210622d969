import { FieldError, ReachInputError } from "../model/errors";
import type {
  AdminAction,
  AdminKind,
  AdminPolicyInfo,
  AdminRule,
  AdminTiers,
  K8sObject,
  NodeInfo,
  PodInfo,
} from "../model/model";
import { isRecord, listAt } from "../model/parse";
import { type PolicyPort, PROTOCOLS, type Protocol, parseProtocol } from "../model/ports";
import { knownFieldsOnly } from "../model/strict-fields";
import { CLUSTER_NETWORK_POLICY, parseClusterNetworkPolicy } from "./cnp-load";
import { oneOf, parseSubject, portAt, readRulePeers } from "./fields";

/**
 * Reads AdminNetworkPolicy and BaselineAdminNetworkPolicy objects (A01-A26; Nodes are read in
 * `admin-nodes.ts`). Admin policies are parsed after every other object, because `nodes` peers are
 * resolved to the addresses of the Nodes read, wherever they appear in the input.
 */

export const ADMIN_KINDS: ReadonlySet<string> = new Set([
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
  "Node",
]);

/** An admin policy object waiting for the Nodes, with the `file: kind name` prefix of its messages. */
export interface PendingAdmin {
  readonly obj: K8sObject;
  readonly source: string;
  readonly where: string;
}

/**
 * Parses the admin policies (refusing what the CRD schema refuses), orders AdminNetworkPolicies by
 * priority then name, and gives host-network pods their node's addresses (A19).
 */
export function buildAdminTiers(
  pending: readonly PendingAdmin[],
  nodes: ReadonlyMap<string, NodeInfo>,
  pods: Map<string, PodInfo>,
): AdminTiers | undefined {
  for (const [key, pod] of pods) {
    const node = pod.hostNetwork && pod.nodeName ? nodes.get(pod.nodeName) : undefined;
    if (!node) continue;
    const ips = [...pod.ips];
    for (const ip of node.addresses)
      if (!ips.some((x) => x.family === ip.family && x.value === ip.value)) ips.push(ip);
    pods.set(key, { ...pod, ips });
  }
  if (pending.length === 0) return undefined;
  const policies: AdminPolicyInfo[] = [];
  const baselines: AdminPolicyInfo[] = [];
  let baseline: AdminPolicyInfo | undefined;
  for (const { obj, source, where } of pending) {
    try {
      const policy =
        obj.kind === CLUSTER_NETWORK_POLICY
          ? parseClusterNetworkPolicy(obj, source, nodes)
          : parseAdminPolicy(obj, source, nodes);
      if (policy.kind === "BaselineAdminNetworkPolicy") baseline = policy;
      else if (policy.tier === "Baseline") baselines.push(policy);
      else policies.push(policy);
    } catch (err) {
      if (err instanceof FieldError) throw new ReachInputError(`${where}: ${err.message}`);
      throw err;
    }
  }
  const byPriority = (a: AdminPolicyInfo, b: AdminPolicyInfo) =>
    a.priority! - b.priority! || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  policies.sort(byPriority);
  // C10: the v1alpha1 baseline after the Baseline-tier ClusterNetworkPolicies.
  return { policies, baselines: [...baselines.sort(byPriority), ...(baseline ? [baseline] : [])] };
}

function parseAdminPolicy(
  obj: K8sObject,
  source: string,
  nodes: ReadonlyMap<string, NodeInfo>,
): AdminPolicyInfo {
  const kind = obj.kind as AdminKind;
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new FieldError("metadata.name", "is required");
  const baseline = kind === "BaselineAdminNetworkPolicy";
  if (baseline && name !== "default")
    throw new FieldError(
      "metadata.name",
      `must be "default" (the baseline is a singleton), got ${JSON.stringify(name)}`,
    );
  const spec = obj.spec;
  if (!isRecord(spec)) throw new FieldError("spec", "is required and must be an object");
  knownFieldsOnly(
    spec,
    "spec",
    baseline ? ["subject", "ingress", "egress"] : ["priority", "subject", "ingress", "egress"],
    {
      ...(baseline
        ? {
            priority:
              "a BaselineAdminNetworkPolicy has no priority (it is evaluated after every NetworkPolicy)",
          }
        : {}),
      tier: "v1alpha1 has no tier: the kind says it (AdminNetworkPolicy, BaselineAdminNetworkPolicy); `tier` belongs to a v1alpha2 ClusterNetworkPolicy",
    },
  );
  let priority: number | undefined;
  if (!baseline) {
    priority = spec.priority;
    if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > 1000)
      throw new FieldError(
        "spec.priority",
        `must be an integer from 0 to 1000, got ${JSON.stringify(priority)}`,
      );
  }
  const actions: readonly AdminAction[] = baseline ? ["Allow", "Deny"] : ["Allow", "Deny", "Pass"];
  const rules = (direction: "ingress" | "egress") => {
    const raw = listAt(spec[direction], `spec.${direction}`);
    const parsed = raw.map((r, i) => parseRule(r, `spec.${direction}[${i}]`, i, direction, actions, nodes));
    return parsed.length > 0 ? parsed : undefined;
  };
  const ingress = rules("ingress");
  const egress = rules("egress");
  return {
    kind,
    name,
    ...(priority !== undefined ? { priority } : {}),
    subject: parseSubject(spec.subject, "spec.subject"),
    ...(ingress ? { ingress } : {}),
    ...(egress ? { egress } : {}),
    source,
  };
}

function parseRule(
  raw: unknown,
  path: string,
  index: number,
  direction: "ingress" | "egress",
  actions: readonly AdminAction[],
  nodes: ReadonlyMap<string, NodeInfo>,
): AdminRule {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  const peerField = direction === "ingress" ? "from" : "to";
  knownFieldsOnly(raw, path, ["name", "action", peerField, "ports"], {
    protocols:
      "v1alpha1 names ports in `ports`, e.g. ports: [{portNumber: {protocol: TCP, port: 8080}}] (`protocols` is v1alpha2 ClusterNetworkPolicy)",
    [direction === "ingress" ? "to" : "from"]: `an ${direction} rule names its peers in \`${peerField}\``,
  });
  const action = raw.action;
  if (!actions.includes(action))
    throw new FieldError(`${path}.action`, `must be ${actions.join(", ")}, got ${JSON.stringify(action)}`);
  const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : undefined;
  const rawPeers = listAt(raw[peerField], `${path}.${peerField}`);
  if (rawPeers.length === 0) throw new FieldError(`${path}.${peerField}`, "must list at least one peer");
  const { peers, unknown, addressPeer } = readRulePeers(rawPeers, `${path}.${peerField}`, direction, nodes, {
    domainNames: (_value, at) => {
      if (action !== "Allow") throw new FieldError(`${at}.domainNames`, "is only supported in Allow rules");
      return false;
    },
  });
  const ports =
    raw.ports === undefined || raw.ports === null ? undefined : parsePorts(raw.ports, `${path}.ports`);
  if (addressPeer && ports?.some((p) => typeof p.port === "string"))
    throw new FieldError(
      `${path}.ports`,
      "namedPort cannot be used with networks or nodes peers (they have no named ports)",
    );
  const base = { index, ...(name ? { name } : {}) };
  // A25: an unknown peer type makes an Allow rule match nothing through it, anything else a deny-all.
  if (unknown && action !== "Allow") return { ...base, action: "Deny", failClosed: true };
  return { ...base, action, peers, ...(ports ? { ports } : {}) };
}

function protocolAt(raw: unknown, path: string): Protocol {
  if (raw === undefined || raw === null) return "TCP"; // A21, A22
  const protocol = typeof raw === "string" ? parseProtocol(raw) : undefined;
  if (!protocol || raw !== protocol)
    throw new FieldError(path, `must be TCP, UDP or SCTP, got ${JSON.stringify(raw)}`);
  return protocol;
}

/** A20-A23: the entries as NetworkPolicy port rules; a named port stands for its name under every protocol. */
function parsePorts(raw: unknown, path: string): PolicyPort[] {
  const list = listAt(raw, path);
  if (list.length === 0) throw new FieldError(path, "must list at least one port (omit it for every port)");
  return list.flatMap((entry, i): PolicyPort[] => {
    const at = `${path}[${i}]`;
    const [field, value] = oneOf(entry, at, ["portNumber", "portRange", "namedPort"]) ?? [];
    if (!field) throw new FieldError(at, "takes portNumber, portRange or namedPort");
    if (field === "namedPort") {
      if (typeof value !== "string" || value === "")
        throw new FieldError(`${at}.namedPort`, "must be a port name");
      return PROTOCOLS.map((protocol) => ({ protocol, port: value }));
    }
    if (!isRecord(value)) throw new FieldError(`${at}.${field}`, "must be an object");
    knownFieldsOnly(
      value,
      `${at}.${field}`,
      field === "portNumber" ? ["protocol", "port"] : ["protocol", "start", "end"],
    );
    const protocol = protocolAt(value.protocol, `${at}.${field}.protocol`);
    if (field === "portNumber") return [{ protocol, port: portAt(value.port, `${at}.portNumber.port`) }];
    const start = portAt(value.start, `${at}.portRange.start`);
    const end = portAt(value.end, `${at}.portRange.end`);
    if (start > end)
      throw new FieldError(`${at}.portRange.end`, `must not be below start (${start}), got ${end}`);
    return [start === end ? { protocol, port: start } : { protocol, port: start, endPort: end }];
  });
}
