import { type Cidr, type IpAddress, makeIpBlock, parseCidr, parseIp } from "./cidr";
import { FieldError, ReachInputError } from "./errors";
import type { Cluster, K8sObject, NamespaceInfo, Peer, PodInfo, PolicyInfo, PolicyRule } from "./model";
import { type ContainerPort, parseContainerPort, parsePortRule } from "./ports";
import { parseSelector } from "./selectors";

/**
 * Turns raw Namespace, Pod and NetworkPolicy objects into a validated {@link Cluster}. Every
 * defaulting rule of the apiserver is applied here, once, so the evaluators can trust the model.
 * Errors name the file and the object, because the user has to find them in a large export.
 */

/** Objects read from one file. */
export interface ObjectSource {
  readonly source: string;
  readonly objects: readonly K8sObject[];
}

const NAME_LABEL = "kubernetes.io/metadata.name";

/** Flattens `kind: List` (and typed lists such as `PodList`) recursively; skips nulls (empty YAML documents). */
export function flattenObjects(objects: readonly unknown[]): K8sObject[] {
  const out: K8sObject[] = [];
  const visit = (o: unknown, inheritedKind?: string) => {
    if (o === null || o === undefined) return;
    if (typeof o !== "object" || Array.isArray(o))
      throw new ReachInputError(`expected an object, got ${JSON.stringify(o).slice(0, 60)}`);
    const obj = o as K8sObject;
    const kind = obj.kind ?? inheritedKind;
    if (kind?.endsWith("List") && Array.isArray(obj.items)) {
      const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
      for (const item of obj.items) visit(item, itemKind);
    } else {
      out.push(kind === obj.kind ? obj : { ...obj, kind });
    }
  };
  for (const o of objects) visit(o);
  return out;
}

/** Builds a cluster from the objects of one source (a file name, or a description such as "plan"). */
export function buildCluster(objects: K8sObject[], source = "input"): Cluster {
  return buildClusterFromSources([{ source, objects }]);
}

/** Builds a cluster from objects of several files; duplicate objects are an error naming both files. */
export function buildClusterFromSources(sources: readonly ObjectSource[]): Cluster {
  const namespaces = new Map<string, NamespaceInfo>();
  const pods = new Map<string, PodInfo>();
  const policies = new Map<string, PolicyInfo>();
  const seen = new Map<string, string>();
  for (const { source, objects } of sources) {
    for (const obj of flattenObjects(objects)) {
      if (obj.kind !== "Namespace" && obj.kind !== "Pod" && obj.kind !== "NetworkPolicy") continue;
      const where = describe(source, obj);
      const id = `${obj.kind} ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`;
      const earlier = seen.get(id);
      if (earlier) throw new ReachInputError(`${where}: duplicate object, already read from ${earlier}`);
      seen.set(id, source);
      try {
        if (obj.kind === "Namespace") {
          const ns = parseNamespace(obj);
          namespaces.set(ns.name, ns);
        } else if (obj.kind === "Pod") {
          const pod = parsePod(obj, source);
          pods.set(pod.key, pod);
        } else {
          const policy = parsePolicy(obj, source);
          policies.set(policy.key, policy);
        }
      } catch (err) {
        if (err instanceof FieldError) throw new ReachInputError(`${where}: ${err.message}`);
        throw err;
      }
    }
  }
  // Namespaces only referenced by pods or policies exist with just their automatic name label.
  for (const { namespace } of [...pods.values(), ...policies.values()]) {
    if (!namespaces.has(namespace))
      namespaces.set(namespace, { name: namespace, labels: { [NAME_LABEL]: namespace } });
  }
  return { namespaces, pods: [...pods.values()], podsByKey: pods, policies: [...policies.values()] };
}

function describe(source: string, obj: K8sObject): string {
  const name = obj.metadata?.name ?? "<no name>";
  const ns = obj.kind === "Namespace" ? "" : `${obj.metadata?.namespace ?? "default"}/`;
  return `${source}: ${obj.kind} ${ns}${name}`;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listAt(raw: unknown, path: string): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new FieldError(path, "must be a list");
  return raw;
}

function identity(obj: K8sObject): { name: string; namespace: string; labels: Record<string, string> } {
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new FieldError("metadata.name", "is required");
  const namespace = obj.metadata?.namespace ?? "default";
  if (typeof namespace !== "string" || namespace === "")
    throw new FieldError("metadata.namespace", "must be a string");
  const labels = obj.metadata?.labels ?? {};
  if (!isRecord(labels) || Object.values(labels).some((v) => typeof v !== "string")) {
    throw new FieldError("metadata.labels", "must be a map of strings");
  }
  return { name, namespace, labels };
}

function parseNamespace(obj: K8sObject): NamespaceInfo {
  const { name, labels } = identity(obj);
  return { name, labels: { ...labels, [NAME_LABEL]: name } };
}

function parsePod(obj: K8sObject, source: string): PodInfo {
  const { name, namespace, labels } = identity(obj);
  const spec = obj.spec ?? {};
  if (!isRecord(spec)) throw new FieldError("spec", "must be an object");
  const ports = new Map<string, ContainerPort>();
  for (const field of ["containers", "initContainers"]) {
    listAt(spec[field], `spec.${field}`).forEach((c, i) => {
      const path = `spec.${field}[${i}]`;
      if (!isRecord(c)) throw new FieldError(path, "must be an object");
      listAt(c.ports, `${path}.ports`).forEach((p, j) => {
        const port = parseContainerPort(p, `${path}.ports[${j}]`);
        const key = `${port.protocol}/${port.port}`;
        if (!ports.has(key) || (port.name && !ports.get(key)?.name)) ports.set(key, port);
      });
    });
  }
  const sorted = [...ports.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels,
    ips: podIps(obj.status),
    hostNetwork: spec.hostNetwork === true,
    ports: sorted,
    source,
  };
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

function parsePolicy(obj: K8sObject, source: string): PolicyInfo {
  const { name, namespace } = identity(obj);
  const spec = obj.spec ?? {};
  if (!isRecord(spec)) throw new FieldError("spec", "must be an object");
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
  const peers = listAt(raw[peerField], `${path}.${peerField}`).map((p, i) =>
    parsePeer(p, `${path}.${peerField}[${i}]`),
  );
  const ports = listAt(raw.ports, `${path}.ports`).map((p, i) => parsePortRule(p, `${path}.ports[${i}]`));
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
