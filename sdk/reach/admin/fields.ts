import { type Cidr, formatIp, makeIpBlock, parseCidr } from "../model/cidr";
import { FieldError } from "../model/errors";
import type { NodeInfo, Peer } from "../model/model";
import { isRecord, listAt } from "../model/parse";
import { isPortNumber } from "../model/ports";
import { parseSelector, SELECT_ALL, type Selector } from "../model/selectors";
import { knownFieldsOnly, knownSelectorFields } from "../model/strict-fields";

/**
 * Field readers the admin policy kinds share (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy): one-of objects, subjects and pod peers, CIDR lists, nodes, port numbers.
 */

/** The one field set of a `MinProperties=1, MaxProperties=1` object, among `known`. */
export function oneOf(raw: unknown, path: string, known: readonly string[]): [string, unknown] | undefined {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  const set = Object.entries(raw).filter(([, v]) => v !== undefined && v !== null);
  if (set.length === 0) throw new FieldError(path, `needs exactly one of ${known.join(", ")}`);
  if (set.length > 1)
    throw new FieldError(
      path,
      `takes exactly one of ${known.join(", ")}, got ${set.map(([k]) => k).join(" and ")}`,
    );
  return known.includes(set[0][0]) ? set[0] : undefined;
}

/** `namespaces: sel` or `pods: {namespaceSelector, podSelector}`, as a pod selection (A13, A16). */
export function podSelection(
  field: string,
  raw: unknown,
  path: string,
): { namespaceSelector: Selector; podSelector: Selector } {
  if (field === "namespaces") {
    knownSelectorFields(raw, `${path}.namespaces`);
    return { namespaceSelector: parseSelector(raw, `${path}.namespaces`), podSelector: SELECT_ALL };
  }
  if (!isRecord(raw)) throw new FieldError(`${path}.pods`, "must be an object");
  knownFieldsOnly(raw, `${path}.pods`, ["namespaceSelector", "podSelector"]);
  for (const f of ["namespaceSelector", "podSelector"]) {
    if (!isRecord(raw[f])) throw new FieldError(`${path}.pods.${f}`, "is required ({} selects all)");
    knownSelectorFields(raw[f], `${path}.pods.${f}`);
  }
  return {
    namespaceSelector: parseSelector(raw.namespaceSelector, `${path}.pods.namespaceSelector`),
    podSelector: parseSelector(raw.podSelector, `${path}.pods.podSelector`),
  };
}

export function parseSubject(raw: unknown, path: string) {
  const [field, value] = oneOf(raw, path, ["namespaces", "pods"]) ?? [];
  if (!field) throw new FieldError(path, "takes namespaces or pods");
  return podSelection(field, value, path);
}

export function networks(raw: unknown, path: string): Cidr[] {
  const list = listAt(raw, path);
  if (list.length === 0) throw new FieldError(path, "must list at least one CIDR");
  return list.map((text, i) => {
    const cidr = typeof text === "string" && text.includes("/") ? parseCidr(text) : undefined;
    if (!cidr)
      throw new FieldError(
        `${path}[${i}]`,
        `invalid CIDR ${JSON.stringify(text)} (expected e.g. 10.0.0.0/8 or fd00::/8)`,
      );
    return cidr;
  });
}

/** A19: one host route per address of each selected Node. */
export function nodeCidrs(raw: unknown, path: string, nodes: ReadonlyMap<string, NodeInfo>): Cidr[] {
  knownSelectorFields(raw, path);
  const selector = parseSelector(raw, path);
  const cidrs: Cidr[] = [];
  for (const node of nodes.values()) {
    if (!selector.matches(node.labels)) continue;
    for (const ip of node.addresses) cidrs.push(parseCidr(`${formatIp(ip)}/${ip.family === 4 ? 32 : 128}`)!);
  }
  return cidrs;
}

export function portAt(raw: unknown, path: string): number {
  if (!isPortNumber(raw))
    throw new FieldError(path, `must be a port number 1-65535, got ${JSON.stringify(raw)}`);
  return raw;
}

/** What one rule's peer list says: the peers, and whether a peer of an unknown type or an address peer was met. */
export interface RulePeers {
  peers: Peer[];
  /** A peer type this reader does not know: the rule fails closed (A25, C12). */
  unknown: boolean;
  /** A peer without pods (networks, nodes, or what the caller counts as one), which has no named ports. */
  addressPeer: boolean;
}

/**
 * The peers of one ANP/BANP (v1alpha1) or ClusterNetworkPolicy (v1alpha2) rule, shared by both
 * readers: `namespaces`/`pods` as pod peers, `networks`/`nodes` as ipBlocks. What differs between
 * the API versions is passed in: how `domainNames` is judged (true when it counts as an address
 * peer) and any extra check of a `networks` list.
 */
export function readRulePeers(
  rawPeers: readonly unknown[],
  path: string,
  direction: "ingress" | "egress",
  nodes: ReadonlyMap<string, NodeInfo>,
  versionRules: {
    domainNames: (value: unknown, at: string) => boolean;
    networks?: (value: unknown, at: string) => void;
  },
): RulePeers {
  const known =
    direction === "ingress"
      ? ["namespaces", "pods"]
      : ["namespaces", "pods", "networks", "nodes", "domainNames"];
  const out: RulePeers = { peers: [], unknown: false, addressPeer: false };
  rawPeers.forEach((p, i) => {
    const at = `${path}[${i}]`;
    const [field, value] = oneOf(p, at, known) ?? [];
    if (!field) out.unknown = true;
    else if (field === "namespaces" || field === "pods") {
      const { namespaceSelector: ns, podSelector: pods } = podSelection(field, value, at);
      out.peers.push({
        kind: "pods",
        namespaceSelector: ns,
        podSelector: pods,
        key: `ns:${ns.key}|pods:${pods.key}`,
      });
    } else if (field === "domainNames") {
      if (versionRules.domainNames(value, at)) out.addressPeer = true;
    } else {
      out.addressPeer = true;
      if (field === "networks") versionRules.networks?.(value, `${at}.networks`);
      const cidrs =
        field === "networks" ? networks(value, `${at}.networks`) : nodeCidrs(value, `${at}.nodes`, nodes);
      for (const cidr of cidrs) {
        const block = makeIpBlock(cidr, []);
        out.peers.push({ kind: "ipBlock", block, key: `ip:${block.key}` });
      }
    }
  });
  return out;
}
