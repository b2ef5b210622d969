/**
 * An independent reachability reference for the property tests: upstream NetworkPolicy semantics
 * read straight from plain Kubernetes objects, with its own matchers (labels, namespaces, ports,
 * named ports, CIDRs with except, IPv4 and IPv6). It imports nothing from sdk/ on purpose: a bug
 * in a matcher the engine and the proof share cannot hide from it. Slow and obvious by design.
 */

// Plain Kubernetes objects, read field by field.
type Obj = any;
type Labels = Record<string, string>;

interface RefPod {
  id: string;
  namespace: string;
  labels: Labels;
  ip: string;
  /** Container ports by name, as `PROTOCOL/number`. */
  named: Map<string, string>;
}

/** One side of a probe: a pod, or an address outside the cluster. */
export type Party = { pod: RefPod } | { ip: string };

export function selectorMatches(selector: Obj, labels: Labels): boolean {
  if (selector === undefined || selector === null) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values: string[] = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** An address as a number and its family's width; IPv6 `::` expanded by hand. */
function parseIp(ip: string): { value: bigint; bits: number } {
  if (ip.includes(".")) {
    const value = ip.split(".").reduce((acc, part) => acc * 256n + BigInt(Number(part)), 0n);
    return { value, bits: 32 };
  }
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return { value: groups.reduce((acc, g) => acc * 65536n + BigInt(Number.parseInt(g, 16)), 0n), bits: 128 };
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, lengthText] = cidr.split("/");
  const a = parseIp(ip);
  const b = parseIp(base);
  if (a.bits !== b.bits) return false;
  const shift = BigInt(a.bits - Number(lengthText));
  return a.value >> shift === b.value >> shift;
}

const ipOf = (p: Party) => ("pod" in p ? p.pod.ip : p.ip);

export class ReferenceCluster {
  readonly pods: RefPod[];
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly policies: Obj[];
  private readonly memo = new Map<string, { isolated: boolean; ports: Obj[][] }>();

  constructor(objects: readonly Obj[]) {
    for (const o of objects.filter((x) => x.kind === "Namespace"))
      this.namespaceLabels.set(o.metadata.name, { ...o.metadata.labels });
    this.pods = objects
      .filter((o) => o.kind === "Pod" && o.status?.podIP && !o.spec?.hostNetwork)
      .map((o) => ({
        id: `${o.metadata.namespace}/${o.metadata.name}`,
        namespace: o.metadata.namespace,
        labels: o.metadata.labels ?? {},
        ip: o.status.podIP,
        named: new Map(
          (o.spec?.containers ?? []).flatMap((c: Obj) =>
            (c.ports ?? [])
              .filter((p: Obj) => p.name)
              .map((p: Obj) => [p.name, `${p.protocol ?? "TCP"}/${p.containerPort}`]),
          ),
        ),
      }));
    const unknown = objects.filter((o) => !["Namespace", "Pod", "NetworkPolicy"].includes(o.kind));
    if (unknown.length) throw new Error(`the reference reads no ${unknown[0].kind}`);
    this.policies = objects.filter((o) => o.kind === "NetworkPolicy");
  }

  private nsLabels(namespace: string): Labels {
    // The API server labels every namespace with its own name.
    return { ...this.namespaceLabels.get(namespace), "kubernetes.io/metadata.name": namespace };
  }

  private peerMatches(peer: Obj, policyNamespace: string, party: Party): boolean {
    if (peer.ipBlock) {
      const ip = ipOf(party);
      return inCidr(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(ip, e));
    }
    if (!("pod" in party)) return false;
    const pod = party.pod;
    const namespaceOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.nsLabels(pod.namespace))
      : pod.namespace === policyNamespace;
    return namespaceOk && selectorMatches(peer.podSelector ?? {}, pod.labels);
  }

  /** Whether a rule's ports admit the probe; named ports resolve on the destination pod. */
  private portMatches(ports: Obj[] | undefined, destination: Party, protocol: string, port: number): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? "TCP") !== protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === "string")
        return "pod" in destination && destination.pod.named.get(p.port) === `${protocol}/${port}`;
      return port >= p.port && port <= (p.endPort ?? p.port);
    });
  }

  /** The rules (as their port lists) of one direction at one pod whose peers admit `other`. */
  private rulesFor(
    direction: "Ingress" | "Egress",
    pod: RefPod,
    other: Party,
  ): { isolated: boolean; ports: Obj[][] } {
    const key = `${direction}|${pod.id}|${"pod" in other ? other.pod.id : other.ip}`;
    const known = this.memo.get(key);
    if (known) return known;
    const field = direction === "Ingress" ? "ingress" : "egress";
    const peers = direction === "Ingress" ? "from" : "to";
    const found = { isolated: false, ports: [] as Obj[][] };
    for (const policy of this.policies) {
      if (policy.metadata.namespace !== pod.namespace) continue;
      if (!selectorMatches(policy.spec.podSelector ?? {}, pod.labels)) continue;
      const types: string[] =
        policy.spec.policyTypes ?? (policy.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
      if (!types.includes(direction)) continue;
      found.isolated = true;
      for (const rule of policy.spec[field] ?? []) {
        const list: Obj[] | undefined = rule[peers];
        if (!list || list.length === 0 || list.some((peer) => this.peerMatches(peer, pod.namespace, other)))
          found.ports.push(rule.ports ?? []);
      }
    }
    this.memo.set(key, found);
    return found;
  }

  /**
   * What one connection lets through: a character per probe (`1` open, `.` closed), each probe a
   * protocol and a port. Egress at the source (a pod) and ingress at the destination must both admit.
   */
  verdicts(from: Party, to: Party, probes: readonly { protocol: string; port: number }[]): string {
    const egress = "pod" in from ? this.rulesFor("Egress", from.pod, to) : undefined;
    const ingress = "pod" in to ? this.rulesFor("Ingress", to.pod, from) : undefined;
    const admits = (side: typeof egress, protocol: string, port: number) =>
      !side?.isolated || side.ports.some((list) => this.portMatches(list, to, protocol, port));
    return probes
      .map(({ protocol, port }) =>
        admits(egress, protocol, port) && admits(ingress, protocol, port) ? "1" : ".",
      )
      .join("");
  }
}

/** Every port where some rule's answer may change, and its neighbours: all ports, piece by piece. */
export function boundaryPorts(objects: readonly Obj[], extra: readonly number[]): number[] {
  const ports = new Set<number>([1, 65535, ...extra]);
  const add = (n: number) => {
    for (const p of [n - 1, n, n + 1]) if (p >= 1 && p <= 65535) ports.add(p);
  };
  for (const n of extra) add(n);
  JSON.stringify(objects, (key, value) => {
    if ((key === "port" || key === "endPort" || key === "containerPort") && typeof value === "number")
      add(value);
    return value;
  });
  return [...ports].sort((a, b) => a - b);
}
