import { FieldError } from "../model/errors";
import type { AdminAction, AdminPolicyInfo, AdminRule, AdminTier, K8sObject, NodeInfo } from "../model/model";
import { isRecord, listAt } from "../model/parse";
import { type PolicyPort, PROTOCOLS, type Protocol } from "../model/ports";
import { knownFieldsOnly } from "../model/strict-fields";
import { oneOf, parseSubject, portAt, readRulePeers } from "./fields";

/**
 * Reads ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, network-policy-api v0.2.0,
 * apis/v1alpha2/clusternetworkpolicy_types.go), rules C01-C12 of `docs/admin-network-policy.md`,
 * into the model the v1alpha1 kinds use: an `Admin` tier policy joins the AdminNetworkPolicies,
 * a `Baseline` tier policy the baseline list, `Accept` is read as `Allow` (shown as written), and
 * `protocols` become port rules. What the CRD schema refuses is refused with the field's path.
 */

export const CLUSTER_NETWORK_POLICY = "ClusterNetworkPolicy";

const TIERS: readonly AdminTier[] = ["Admin", "Baseline"];
const ACTIONS = ["Accept", "Deny", "Pass"] as const;
/** `+kubebuilder:validation:MaxItems=25` on rules, peers, protocols and networks. */
const MAX_ITEMS = 25;
const MAX_RULE_NAME = 100;

const PROTOCOL_FIELDS: Readonly<Record<string, Protocol>> = { tcp: "TCP", udp: "UDP", sctp: "SCTP" };

/** The v1alpha1 names a rule written from an AdminNetworkPolicy carries over, and the v1alpha2 fix. */
const V1ALPHA1_PORTS =
  "v1alpha2 names ports in `protocols`, e.g. protocols: [{tcp: {destinationPort: {number: 8080}}}] (a range: {range: {start, end}}, a name: {destinationNamedPort: http})";
const RULE_FIXES = {
  ingress: { ports: V1ALPHA1_PORTS, to: "an ingress rule names its peers in `from`" },
  egress: { ports: V1ALPHA1_PORTS, from: "an egress rule names its peers in `to`" },
};

function list(raw: unknown, path: string, what: string, required: boolean): unknown[] {
  const items = listAt(raw, path);
  if (required && items.length === 0) throw new FieldError(path, `must list at least one ${what}`);
  if (items.length > MAX_ITEMS)
    throw new FieldError(path, `takes at most ${MAX_ITEMS} ${what}s, got ${items.length}`);
  return items;
}

/** One ClusterNetworkPolicy as the engine's admin policy (C01-C12). */
export function parseClusterNetworkPolicy(
  obj: K8sObject,
  source: string,
  nodes: ReadonlyMap<string, NodeInfo>,
): AdminPolicyInfo {
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new FieldError("metadata.name", "is required");
  const spec = obj.spec;
  if (!isRecord(spec)) throw new FieldError("spec", "is required and must be an object");
  knownFieldsOnly(spec, "spec", ["tier", "priority", "subject", "ingress", "egress"]);
  const tier = spec.tier;
  if (!TIERS.includes(tier))
    throw new FieldError("spec.tier", `must be Admin or Baseline, got ${JSON.stringify(tier)}`);
  const priority = spec.priority;
  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > 1000)
    throw new FieldError(
      "spec.priority",
      `must be an integer from 0 to 1000, got ${JSON.stringify(priority)}`,
    );
  const rules = (direction: "ingress" | "egress") => {
    const raw = list(spec[direction], `spec.${direction}`, "rule", false);
    const parsed = raw.map((r, i) => parseRule(r, `spec.${direction}[${i}]`, i, direction, nodes));
    return parsed.length > 0 ? parsed : undefined;
  };
  const ingress = rules("ingress");
  const egress = rules("egress");
  return {
    kind: CLUSTER_NETWORK_POLICY,
    name,
    priority,
    tier,
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
  nodes: ReadonlyMap<string, NodeInfo>,
): AdminRule {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  const peerField = direction === "ingress" ? "from" : "to";
  knownFieldsOnly(raw, path, ["name", "action", peerField, "protocols"], RULE_FIXES[direction]);
  const written = raw.action;
  if (!ACTIONS.includes(written))
    throw new FieldError(`${path}.action`, `must be Accept, Deny or Pass, got ${JSON.stringify(written)}`);
  const action: AdminAction = written === "Accept" ? "Allow" : written;
  if (raw.name !== undefined && (typeof raw.name !== "string" || raw.name.length > MAX_RULE_NAME))
    throw new FieldError(`${path}.name`, `must be a string of at most ${MAX_RULE_NAME} characters`);
  const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : undefined;
  const rawPeers = list(raw[peerField], `${path}.${peerField}`, "peer", true);
  const { peers, unknown, addressPeer } = readRulePeers(rawPeers, `${path}.${peerField}`, direction, nodes, {
    domainNames: (value, at) => {
      // C11: Accept only; a name an offline export cannot resolve matches nothing.
      if (written !== "Accept")
        throw new FieldError(`${at}.domainNames`, "is only supported in Accept rules");
      list(value, `${at}.domainNames`, "domain name", true);
      return true;
    },
    networks: (value, at) => void list(value, at, "CIDR", true),
  });
  const ports =
    raw.protocols === undefined || raw.protocols === null
      ? undefined
      : parseProtocols(raw.protocols, `${path}.protocols`);
  if (addressPeer && ports?.some((p) => typeof p.port === "string"))
    throw new FieldError(
      `${path}.protocols`,
      "destinationNamedPort cannot be used with networks, nodes or domainNames peers (they have no named ports)",
    );
  const base = { index, ...(name ? { name } : {}) };
  // C12 (fail closed): an unknown peer makes an Accept rule match nothing through it, anything else deny all.
  if (unknown && action !== "Allow") return { ...base, action: "Deny", failClosed: true };
  return { ...base, action, peers, ...(ports ? { ports } : {}) };
}

/** C09, C10: `protocols` as port rules; a named port stands for its name under every protocol. */
function parseProtocols(raw: unknown, path: string): PolicyPort[] {
  const entries = list(raw, path, "protocol", true);
  return entries.flatMap((entry, i): PolicyPort[] => {
    const at = `${path}[${i}]`;
    const [field, value] = oneOf(entry, at, ["tcp", "udp", "sctp", "destinationNamedPort"]) ?? [];
    if (!field) throw new FieldError(at, "takes tcp, udp, sctp or destinationNamedPort");
    if (field === "destinationNamedPort") {
      if (typeof value !== "string" || value === "")
        throw new FieldError(`${at}.destinationNamedPort`, "must be a port name");
      return PROTOCOLS.map((protocol) => ({ protocol, port: value }));
    }
    const protocol = PROTOCOL_FIELDS[field];
    knownFieldsOnly(value, `${at}.${field}`, ["destinationPort"]);
    if (!isRecord(value) || !isRecord(value.destinationPort))
      throw new FieldError(`${at}.${field}.destinationPort`, "is required (an object with number or range)");
    const portPath = `${at}.${field}.destinationPort`;
    const [kind, port] = oneOf(value.destinationPort, portPath, ["number", "range"]) ?? [];
    if (!kind) throw new FieldError(portPath, "takes number or range");
    if (kind === "number") return [{ protocol, port: portAt(port, `${portPath}.number`) }];
    if (!isRecord(port)) throw new FieldError(`${portPath}.range`, "must be an object");
    knownFieldsOnly(port, `${portPath}.range`, ["start", "end"]);
    const start = portAt(port.start, `${portPath}.range.start`);
    const end = portAt(port.end, `${portPath}.range.end`);
    if (start >= end)
      throw new FieldError(`${portPath}.range`, `start must be less than end, got ${start} and ${end}`);
    return [{ protocol, port: start, endPort: end }];
  });
}
