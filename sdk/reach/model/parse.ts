import { type Cidr, type IpAddress, makeIpBlock, parseCidr, parseIp } from "./cidr";
import { FieldError } from "./errors";
import type { K8sObject, NamespaceInfo, Peer, PodInfo, PolicyInfo, PolicyRule } from "./model";
import { type ContainerPort, parseContainerPort, parsePolicyPort } from "./ports";
import { isRecord } from "./records";
import { assertLabelKey, assertLabelValue, parseSelector } from "./selectors";
import { knownFieldsOnly, knownSelectorFields } from "./strict-fields";

/**
 * Parsers of the objects the engine reads (Namespace, Pod, NetworkPolicy, and pod templates of
 * workloads). Every defaulting rule of the apiserver is applied here, once, so the evaluators can
 * trust the model; problems are {@link FieldError}s at a field path, named by the loader.
 */

export const NAME_LABEL = "kubernetes.io/metadata.name";

export { isRecord };

export function listAt(raw: unknown, path: string): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new FieldError(path, "must be a list");
  return raw;
}

export function identity(obj: K8sObject): {
  name: string;
  namespace: string;
  labels: Record<string, string>;
} {
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new FieldError("metadata.name", "is required");
  const namespace = obj.metadata?.namespace ?? "default";
  if (typeof namespace !== "string" || namespace === "")
    throw new FieldError("metadata.namespace", "must be a string");
  return { name, namespace, labels: labelsAt(obj.metadata?.labels, "metadata.labels") };
}

/** A label map as the API server accepts it (keys and values valid); absent is empty. */
export function labelsAt(raw: unknown, path: string): Record<string, string> {
  const labels = raw ?? {};
  if (!isRecord(labels) || Object.values(labels).some((v) => typeof v !== "string")) {
    throw new FieldError(path, "must be a map of strings");
  }
  for (const [key, value] of Object.entries(labels)) {
    assertLabelKey(key, path);
    assertLabelValue(value as string, `${path}.${key}`);
  }
  return labels;
}

export function parseNamespace(obj: K8sObject): NamespaceInfo {
  const { name, labels } = identity(obj);
  return { name, labels: { ...labels, [NAME_LABEL]: name } };
}

export function parsePod(obj: K8sObject, source: string): PodInfo {
  return podFromSpec(identity(obj), obj.spec, "spec", obj.status, source);
}

/** A pod from its identity and spec: a Pod's own, or a workload's `spec.template.spec` (at `specPath`). */
export function podFromSpec(
  id: { name: string; namespace: string; labels: Record<string, string> },
  rawSpec: unknown,
  specPath: string,
  status: unknown,
  source: string,
): PodInfo {
  const spec = rawSpec ?? {};
  if (!isRecord(spec)) throw new FieldError(specPath, "must be an object");
  const ports = new Map<string, ContainerPort>();
  for (const field of ["containers", "initContainers"]) {
    listAt(spec[field], `${specPath}.${field}`).forEach((c, i) => {
      const path = `${specPath}.${field}[${i}]`;
      if (!isRecord(c)) throw new FieldError(path, "must be an object");
      listAt(c.ports, `${path}.ports`).forEach((p, j) => {
        const port = parseContainerPort(p, `${path}.ports[${j}]`);
        const key = `${port.protocol}/${port.port}`;
        if (!ports.has(key) || (port.name && !ports.get(key)?.name)) ports.set(key, port);
      });
    });
  }
  const sorted = [...ports.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  const { name, namespace, labels } = id;
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels,
    ips: podIps(status),
    ...hostIpOf(status),
    hostNetwork: spec.hostNetwork === true,
    ...(typeof spec.nodeName === "string" && spec.nodeName !== "" ? { nodeName: spec.nodeName } : {}),
    ports: sorted,
    source,
  };
}

/** `status.hostIP`: the pod's node, for a dataplane's own-node rules. */
function hostIpOf(status: unknown): { hostIp?: IpAddress } {
  const ip = isRecord(status) && typeof status.hostIP === "string" ? parseIp(status.hostIP) : undefined;
  return ip ? { hostIp: ip } : {};
}

function podIps(status: unknown): IpAddress[] {
  if (!isRecord(status)) return [];
  const texts = new Set<string>();
  if (typeof status.podIP === "string" && status.podIP !== "") texts.add(status.podIP);
  listAt(status.podIPs, "status.podIPs").forEach((entry, i) => {
    const ip = isRecord(entry) ? entry.ip : undefined;
    if (typeof ip !== "string") throw new FieldError(`status.podIPs[${i}].ip`, "must be a string");
    texts.add(ip);
  });
  return [...texts].map((text) => {
    const ip = parseIp(text);
    if (!ip) throw new FieldError("status.podIPs", `invalid IP address ${JSON.stringify(text)}`);
    return ip;
  });
}

export function parsePolicy(obj: K8sObject, source: string): PolicyInfo {
  const { name, namespace } = identity(obj);
  const spec = obj.spec ?? {};
  if (!isRecord(spec)) throw new FieldError("spec", "must be an object");
  // As kubectl apply's strict field validation: a misspelt field is refused, never read as absent.
  knownFieldsOnly(spec, "spec", ["podSelector", "policyTypes", "ingress", "egress"]);
  knownSelectorFields(spec.podSelector, "spec.podSelector");
  const ingressRaw = listAt(spec.ingress, "spec.ingress");
  const egressRaw = listAt(spec.egress, "spec.egress");
  const typesRaw = listAt(spec.policyTypes, "spec.policyTypes");
  for (const [i, t] of typesRaw.entries()) {
    if (t !== "Ingress" && t !== "Egress") {
      throw new FieldError(`spec.policyTypes[${i}]`, `must be Ingress or Egress, got ${JSON.stringify(t)}`);
    }
  }
  // R08: omitted/empty policyTypes = Ingress, plus Egress iff there is at least one egress rule.
  const types = typesRaw.length > 0 ? typesRaw : egressRaw.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  // Both sections are validated; R09: a section for a direction not in policyTypes is then ignored.
  const ingress = ingressRaw.map((r, i) => parseRule(r, `spec.ingress[${i}]`, "from"));
  const egress = egressRaw.map((r, i) => parseRule(r, `spec.egress[${i}]`, "to"));
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    podSelector: parseSelector(spec.podSelector, "spec.podSelector"),
    ingress: types.includes("Ingress") ? ingress : undefined,
    egress: types.includes("Egress") ? egress : undefined,
    source,
  };
}

function parseRule(raw: unknown, path: string, peerField: string): PolicyRule {
  if (raw === null || raw === undefined) return {};
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  const otherField = peerField === "from" ? "to" : "from";
  knownFieldsOnly(raw, path, [peerField, "ports"], {
    [otherField]: `${peerField === "from" ? "ingress" : "egress"} rules name their peers in ${peerField}`,
  });
  listAt(raw.ports, `${path}.ports`).forEach((p, i) =>
    knownFieldsOnly(p, `${path}.ports[${i}]`, ["protocol", "port", "endPort"]),
  );
  const peers = listAt(raw[peerField], `${path}.${peerField}`).map((p, i) =>
    parsePeer(p, `${path}.${peerField}[${i}]`),
  );
  const ports = listAt(raw.ports, `${path}.ports`).map((p, i) => parsePolicyPort(p, `${path}.ports[${i}]`));
  return { ...(peers.length > 0 ? { peers } : {}), ...(ports.length > 0 ? { ports } : {}) };
}

function cidrAt(raw: unknown, path: string): Cidr {
  const cidr = typeof raw === "string" && raw.includes("/") ? parseCidr(raw) : undefined;
  if (!cidr)
    throw new FieldError(
      path,
      `invalid CIDR ${JSON.stringify(raw)} (expected e.g. 10.0.0.0/8 or 2001:db8::/32)`,
    );
  return cidr;
}

function parsePeer(raw: unknown, path: string): Peer {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object");
  knownFieldsOnly(raw, path, ["podSelector", "namespaceSelector", "ipBlock"]);
  knownFieldsOnly(raw.ipBlock, `${path}.ipBlock`, ["cidr", "except"]);
  knownSelectorFields(raw.podSelector, `${path}.podSelector`);
  knownSelectorFields(raw.namespaceSelector, `${path}.namespaceSelector`);
  const { ipBlock, namespaceSelector, podSelector } = raw;
  const hasNs = namespaceSelector !== undefined && namespaceSelector !== null;
  const hasPods = podSelector !== undefined && podSelector !== null;
  if (ipBlock !== undefined && ipBlock !== null) {
    if (hasNs || hasPods)
      throw new FieldError(path, "ipBlock cannot be combined with podSelector or namespaceSelector");
    if (!isRecord(ipBlock)) throw new FieldError(`${path}.ipBlock`, "must be an object");
    const cidr = cidrAt(ipBlock.cidr, `${path}.ipBlock.cidr`);
    const except = listAt(ipBlock.except, `${path}.ipBlock.except`).map((e, i) => {
      const c = cidrAt(e, `${path}.ipBlock.except[${i}]`);
      if (c.family !== cidr.family || c.first < cidr.first || c.last > cidr.last) {
        throw new FieldError(`${path}.ipBlock.except[${i}]`, `${c.text} is not within ${cidr.text}`);
      }
      return c;
    });
    const block = makeIpBlock(cidr, except);
    return { kind: "ipBlock", block, key: `ip:${block.key}` };
  }
  if (!hasNs && !hasPods)
    throw new FieldError(path, "a peer needs podSelector, namespaceSelector or ipBlock");
  const pods = parseSelector(podSelector, `${path}.podSelector`);
  if (!hasNs) return { kind: "pods", podSelector: pods, key: `pods:${pods.key}` };
  const ns = parseSelector(namespaceSelector, `${path}.namespaceSelector`);
  return { kind: "pods", namespaceSelector: ns, podSelector: pods, key: `ns:${ns.key}|pods:${pods.key}` };
}
