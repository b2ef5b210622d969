import { defaultDenyPolicy } from "../kernel/policies";
import { slug } from "../kernel/rules";
import type { Plan } from "../pipeline/plan";
import { buildClusterFromSources } from "../reach/load/load";
import type { Bitset } from "../reach/model/bitset";
import { formatIp, parseCidr, parseIp } from "../reach/model/cidr";
import type { K8sObject } from "../reach/model/model";
import type { Protocol } from "../reach/model/ports";
import type { QueryEndpoint } from "../reach/model/query";
import type { ReadonlyLabels } from "../reach/model/selectors";
import { labelsKey } from "../reach/netpol/classes";
import { ReachabilityEngine } from "../reach/netpol/engine";
import { needsWholeCheck } from "../reach/netpol/services";
import { SourceSets } from "../reach/netpol/sources";
import { dataplaneObjects } from "../verify/representative";
import { sampleAddress } from "../verify/workloads";
import type { ConnectionGroup } from "./aggregate";
import { workloadLabels } from "./identity";
import type { ObservedParty, PodParty } from "./model";

/**
 * Judges observed connections against what a declaration plans: the planned policies (dataplane
 * profile included) over one pod per observed identity, asked through the engine's bit sets (one
 * set of admitted sources per destination and port), never pair by pair.
 */

/** Stands for an internet address when the log names no address (Calico's `pub`). */
export const INTERNET_SAMPLE = "203.0.113.7";

export type Judgement =
  | { readonly kind: "allowed" }
  | { readonly kind: "blocked"; readonly why: string }
  | { readonly kind: "already-blocked" }
  | { readonly kind: "ignored"; readonly reason: string };

export interface JudgedGroup {
  readonly group: ConnectionGroup;
  readonly judgement: Judgement;
}

const podKey = (p: PodParty) => `${p.namespace}/${labelsKey(p.labels)}`;

/** Why a connection needs no verdict, before any policy is asked. */
function ignoredBecause(g: ConnectionGroup, managed: ReadonlySet<string>): string | undefined {
  const { src, dst } = g;
  if (src.kind === "address" && src.entity === "host")
    return "from the pod's own node (kubelet probes): NetworkPolicy does not cut it";
  if (src.kind === "address" && dst.kind === "address") return "neither end is a pod";
  const inManaged = (p: ObservedParty) => p.kind === "pod" && managed.has(p.namespace);
  if (!inManaged(src) && !inManaged(dst)) return "outside the managed namespaces";
  return undefined;
}

/** The objects the engine needs: namespaces, one pod per identity, the plan's policies, nodes, API server. */
function observedCluster(
  plan: Plan,
  pods: Map<string, PodParty>,
  groups: readonly ConnectionGroup[],
  keys: Map<string, string>,
) {
  const namespaces = new Map<string, ReadonlyLabels>();
  for (const p of pods.values()) namespaces.set(p.namespace, { ...p.namespaceLabels });
  for (const ns of plan.managedNamespaces) if (!namespaces.has(ns)) namespaces.set(ns, {});
  for (const r of plan.resources) {
    if (r.kind !== "Namespace" && r.kind !== "NamespacePatch") continue;
    const name = r.object.metadata.name;
    namespaces.set(name, { ...namespaces.get(name), ...r.object.metadata.labels });
  }
  const objects: K8sObject[] = [...namespaces].map(([name, labels]) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels },
  }));
  const taken = new Set<string>();
  const nodes = new Set<string>();
  const apiServer = new Set<string>();
  for (const g of groups) {
    for (const p of [g.src, g.dst]) {
      if (p.kind !== "address" || !p.ip) continue;
      taken.add(p.ip);
      if (p.entity === "node" || p.entity === "host") nodes.add(p.ip);
      if (p.entity === "kube-apiserver") apiServer.add(p.ip);
    }
  }
  const range =
    plan.spec.operator.clusterCidrs.map((c) => parseCidr(c)).find((c) => c?.family === 4) ??
    parseCidr("10.244.0.0/16")!;
  let next = range.first + 10n;
  const allocate = () => {
    let ip = formatIp({ family: 4, value: next++ });
    while (taken.has(ip)) ip = formatIp({ family: 4, value: next++ });
    return ip;
  };
  const used = new Set<string>();
  for (const [key, p] of pods) {
    // Named after the workload, so that the engine's explanations read like the report.
    const base = slug(Object.values(workloadLabels(p.labels)).join("-") || "pod", 50);
    let name = base;
    for (let i = 2; used.has(`${p.namespace}/${name}`); i++) name = `${base}-${i}`;
    used.add(`${p.namespace}/${name}`);
    objects.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: p.namespace, labels: { ...p.labels } },
      status: { podIP: allocate() },
    });
    keys.set(key, `${p.namespace}/${name}`);
  }
  for (const r of plan.resources)
    if (r.kind === "NetworkPolicy" || r.kind === "CustomResource")
      objects.push(r.object as unknown as K8sObject);
  // An observing namespace (enforce: false) is judged as it will be once enforced.
  for (const ns of plan.observing) objects.push(defaultDenyPolicy(ns) as unknown as K8sObject);
  [...nodes].forEach((address, i) =>
    objects.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `observed-node-${i + 1}` },
      status: { addresses: [{ type: "InternalIP", address }] },
    }),
  );
  const planned = plan.spec.operator.apiServerCidrs
    .map((c) => sampleAddress(c))
    .filter((ip) => ip !== undefined);
  objects.push(...dataplaneObjects(plan.spec, [...new Set([...planned, ...apiServer])]));
  return buildClusterFromSources([{ source: "observed", objects }], plan.spec.dataplane.semantics);
}
/** Judges every group: allowed or blocked by the plan, blocked today, or ignored and why. */
export function judge(plan: Plan, groups: readonly ConnectionGroup[]): JudgedGroup[] {
  const managed = new Set(plan.managedNamespaces);
  const pods = new Map<string, PodParty>();
  for (const g of groups)
    for (const p of [g.src, g.dst]) if (p.kind === "pod" && !pods.has(podKey(p))) pods.set(podKey(p), p);
  const keys = new Map<string, string>(); // identity -> the engine's pod key
  const engine = new ReachabilityEngine(observedCluster(plan, pods, groups, keys));
  const sources = new SourceSets(engine.index);
  const classOf = (p: PodParty) => engine.index.classification.classOf.get(keys.get(podKey(p))!)!.id;
  const admitted = new Map<string, Bitset>();
  const endpoint = (p: ObservedParty): QueryEndpoint =>
    p.kind === "pod" ? { pod: keys.get(podKey(p))! } : { ip: p.ip ?? INTERNET_SAMPLE };

  const allowed = (g: ConnectionGroup): boolean => {
    const protocol = g.protocol as Protocol;
    const { src, dst } = g;
    if (src.kind === "pod" && dst.kind === "pod") {
      const d = classOf(dst);
      const key = `${d}/${g.port}/${protocol}`;
      let set = admitted.get(key);
      if (!set) {
        set = sources.allowed(d, g.port, protocol);
        admitted.set(key, set);
      }
      return set.has(classOf(src));
    }
    const [pod, address, direction] =
      src.kind === "pod" ? [src, dst, "egress" as const] : [dst as PodParty, src, "ingress" as const];
    const ip = parseIp(address.kind === "address" ? (address.ip ?? INTERNET_SAMPLE) : INTERNET_SAMPLE);
    if (!ip) return false;
    if (needsWholeCheck(engine.cluster, ip))
      return engine.check({ from: endpoint(src), to: endpoint(dst), port: g.port, protocol }).allowed;
    return sources.admitsAddress(classOf(pod), direction, ip, g.port, protocol);
  };

  return groups.map((group) => {
    const reason = ignoredBecause(group, managed);
    if (reason) return { group, judgement: { kind: "ignored", reason } };
    if (group.blocked) return { group, judgement: { kind: "already-blocked" } };
    if (allowed(group)) return { group, judgement: { kind: "allowed" } };
    const verdict = engine.check({
      from: endpoint(group.src),
      to: endpoint(group.dst),
      port: group.port,
      protocol: group.protocol as Protocol,
    });
    return { group, judgement: { kind: "blocked", why: verdict.reason } };
  });
}
