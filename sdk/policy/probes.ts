import {
  buildCluster,
  type Cluster,
  type ConnectionQuery,
  type K8sObject,
  type Protocol,
  ReachabilityEngine,
  ReachInputError,
  type Verdict,
} from "../reach";
import type { DesiredState } from "./rule";
import type { Subject } from "./subject";
import { at, isUnknown, unknownsIn } from "./unknown";

/**
 * The stack's (or export's) Namespaces and policies as the reachability engine sees them, with
 * probe pods added: a pod with no labels in each namespace judged, one in a namespace of its own
 * ("a stranger"), and the cluster DNS pods. A rule then asks the engine what those probes reach,
 * so an allow-all policy or an admin tier counts for what it does, not for existing.
 */

export const PROBE_POD = "tzt-probe";
export const STRANGER_NAMESPACE = "tzt-probe-elsewhere";
export const DNS_PROBE_POD = "tzt-probe-dns";
/** Documentation addresses (RFC 5737, RFC 3849): outside any cluster, as the internet is. */
export const WORLD_IPS = ["203.0.113.7", "2001:db8::7"];

const POLICY_KINDS = new Set(["NetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy"]);

/** How probes are dressed: the DNS pods' place, and extra probes (the operator's pod). */
export interface ProbeOptions {
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
  /** More probe pods: namespace, name, labels. */
  extraPods?: { namespace: string; name: string; labels: Record<string, string> }[];
}

/** The engine over the desired state, and what it could not take in. */
export interface ProbeModel {
  readonly engine: ReachabilityEngine;
  readonly cluster: Cluster;
  /** Namespaces with a probe pod: the Namespaces of the state, and those its NetworkPolicies are in. */
  readonly judged: readonly string[];
  /** Namespace subjects by the name they have in the model (auto-named ones get a stand-in). */
  readonly namespaces: ReadonlyMap<string, Subject>;
  /** Why a namespace cannot be judged before the update: its policies hold unknowns. */
  readonly uncertain: ReadonlyMap<string, string>;
  /** Why nothing can be judged before the update (a policy whose namespace is unknown, an unknown admin tier). */
  readonly uncertainEverywhere?: string;
  /** A probe pod per workload of the state (its pod template's labels), by workload. */
  readonly workloads: readonly {
    readonly subject: Subject;
    readonly namespace: string;
    readonly pod: string;
  }[];
  /** Workloads without a probe: their labels or namespace are unknown until the update. */
  readonly workloadsUnknown: readonly { readonly subject: Subject; readonly reason: string }[];
  /** Policies the engine refused (the API server would too), with the reason. */
  readonly refused: readonly { subject: Subject; reason: string }[];
  /** A port no policy names, per protocol: only a rule without port restrictions admits it. */
  readonly freshPort: number;
}

/** A stand-in name for a Namespace whose name is unknown at preview. */
const standIn = (s: Subject) =>
  `auto-${(s.pulumiName ?? "namespace").toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 60);

/** Drops Unknowns (callers have recorded them), so the engine reads plain data. */
function plain(v: unknown): unknown {
  if (isUnknown(v)) return undefined;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** The name the model gives each Namespace subject. */
function namespaceNames(state: DesiredState): Map<Subject, string> {
  const names = new Map<Subject, string>();
  for (const s of state.subjects) {
    if (s.kind !== "Namespace" || s.patch) continue;
    const name = at(s.object, "metadata", "name");
    names.set(s, typeof name === "string" && name !== "" ? name : standIn(s));
  }
  return names;
}

const models = new WeakMap<DesiredState, Map<string, ProbeModel>>();

/** The model of a state, built once per state and options (the three stack rules share it). */
export function buildProbeModel(state: DesiredState, options: ProbeOptions): ProbeModel {
  const key = JSON.stringify(options);
  const cached = models.get(state)?.get(key);
  if (cached) return cached;
  const model = buildModel(state, options);
  if (!models.has(state)) models.set(state, new Map());
  models.get(state)!.set(key, model);
  return model;
}

function buildModel(state: DesiredState, options: ProbeOptions): ProbeModel {
  const names = namespaceNames(state);
  const uncertain = new Map<string, string>();
  let uncertainEverywhere: string | undefined;
  const objects: K8sObject[] = [];
  const policies: { subject: Subject; object: K8sObject }[] = [];
  for (const [s, name] of names) {
    const labels = at(s.object, "metadata", "labels");
    if (isUnknown(labels) || unknownsIn(labels).length > 0)
      uncertain.set(name, `the labels of ${s.ref} are unknown until the update`);
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: plainLabels(labels) } });
  }
  for (const s of state.subjects) {
    if (!POLICY_KINDS.has(s.kind) || s.patch) continue;
    const o = plain(s.object) as K8sObject;
    if (s.kind !== "NetworkPolicy") {
      if (unknownsIn(s.object).length > 0)
        uncertainEverywhere = `${s.ref} has values unknown until the update`;
      policies.push({ subject: s, object: o });
      continue;
    }
    const ns = placeNamespace(s, state, names);
    if (ns === undefined) {
      uncertainEverywhere = `the namespace of ${s.ref} is unknown until the update and no Namespace in the stack provides it`;
      continue;
    }
    const missing = unknownsIn(s.object.spec)[0];
    if (missing) uncertain.set(ns, `${s.ref}: ${missing.path} is unknown until the update`);
    const name = at(s.object, "metadata", "name");
    const metadata = { ...o.metadata, namespace: ns, name: typeof name === "string" ? name : standIn(s) };
    policies.push({ subject: s, object: { ...o, kind: "NetworkPolicy", metadata } });
  }
  const refused: { subject: Subject; reason: string }[] = [];
  const readable = (object: K8sObject[]) => {
    try {
      buildCluster(object);
      return undefined;
    } catch (err) {
      if (!(err instanceof ReachInputError)) throw err;
      return err.message;
    }
  };
  // One build for the usual case; policy by policy only to name the ones the engine refuses.
  const accepted =
    readable(policies.map((p) => p.object)) === undefined
      ? policies
      : policies.filter(({ subject, object }) => {
          const reason = readable([object]);
          if (reason !== undefined) refused.push({ subject, reason });
          return reason === undefined;
        });
  const freshPort = pickFreshPort(accepted.map((p) => p.object));
  const judged = new Set([...names.values()]);
  for (const p of accepted) if (p.object.kind === "NetworkPolicy") judged.add(p.object.metadata!.namespace!);
  const { workloads, workloadsUnknown, pods } = workloadProbes(state, names);
  objects.push(...accepted.map((p) => p.object), ...probePods([...judged], options), ...pods);
  const cluster = buildCluster(objects, "stack");
  const byName = new Map([...names].map(([s, n]) => [n, s]));
  return {
    engine: new ReachabilityEngine(cluster),
    cluster,
    judged: [...judged].sort(),
    workloads,
    workloadsUnknown,
    namespaces: byName,
    uncertain,
    uncertainEverywhere,
    refused,
    freshPort,
  };
}

function plainLabels(labels: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels && typeof labels === "object" && !isUnknown(labels))
    for (const [k, v] of Object.entries(labels)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Where each kind keeps its pod template's labels. */
const TEMPLATE_LABELS: Record<string, string[]> = {
  Pod: ["metadata", "labels"],
  Deployment: ["spec", "template", "metadata", "labels"],
  StatefulSet: ["spec", "template", "metadata", "labels"],
  DaemonSet: ["spec", "template", "metadata", "labels"],
  ReplicaSet: ["spec", "template", "metadata", "labels"],
  ReplicationController: ["spec", "template", "metadata", "labels"],
  Job: ["spec", "template", "metadata", "labels"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "metadata", "labels"],
};

/** A probe pod with each workload's labels, so rules can judge the pods the state will run. */
function workloadProbes(state: DesiredState, names: Map<Subject, string>) {
  const workloads: { subject: Subject; namespace: string; pod: string }[] = [];
  const workloadsUnknown: { subject: Subject; reason: string }[] = [];
  const pods: K8sObject[] = [];
  for (const s of state.subjects) {
    const path = TEMPLATE_LABELS[s.kind];
    if (!path || s.patch) continue;
    const labels = at(s.object, ...path);
    const namespace = placeNamespace(s, state, names);
    const unknown = isUnknown(labels) ? labels : unknownsIn(labels)[0];
    if (unknown || namespace === undefined) {
      const what = unknown ? unknown.path : "metadata.namespace";
      workloadsUnknown.push({ subject: s, reason: `${s.ref}: ${what} is unknown until the update` });
      continue;
    }
    const pod = `tzt-probe-workload-${workloads.length}`;
    workloads.push({ subject: s, namespace, pod: `${namespace}/${pod}` });
    // A host-network pod keeps the node's network: no NetworkPolicy selects it, as the engine knows.
    const hostNetwork = at(s.object, ...path.slice(0, -2), "spec", "hostNetwork") === true;
    pods.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: pod, namespace, labels: plainLabels(labels) },
      spec: { hostNetwork, containers: [{ name: "probe" }] },
    });
  }
  return { workloads, workloadsUnknown, pods };
}

/** A NetworkPolicy's namespace: its text, the Namespace it depends on, or "default" when unset. */
function placeNamespace(s: Subject, state: DesiredState, names: Map<Subject, string>): string | undefined {
  const ns = at(s.object, "metadata", "namespace");
  if (typeof ns === "string" && ns !== "") return ns;
  const linked = state.namespaceOf.get(s);
  if (linked) return names.get(linked);
  return isUnknown(ns) ? undefined : "default";
}

function probePods(namespaces: string[], options: ProbeOptions): K8sObject[] {
  const pod = (namespace: string, name: string, labels: Record<string, string>, ports: unknown[] = []) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: "probe", ports }] },
  });
  const dnsPorts = [
    { name: "dns", containerPort: 53, protocol: "UDP" },
    { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
  ];
  return [
    ...[...new Set([...namespaces, STRANGER_NAMESPACE])].map((ns) => pod(ns, PROBE_POD, {})),
    pod(options.dnsNamespace, DNS_PROBE_POD, options.dnsPodLabels, dnsPorts),
    ...(options.extraPods ?? []).map((p) => pod(p.namespace, p.name, p.labels)),
  ];
}

/** The first candidate port that no policy names (numbers and ranges), so only port-less rules admit it. */
function pickFreshPort(policies: K8sObject[]): number {
  const named: [number, number][] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.port === "number")
        named.push([o.port, typeof o.endPort === "number" ? o.endPort : o.port]);
      Object.values(o).forEach(visit);
    }
  };
  visit(policies.map((p) => p.spec));
  const candidates = [7357, 17357, 27357, 37357, 47357, 57357, 1, 65535];
  return candidates.find((c) => !named.some(([a, b]) => c >= a && c <= b)) ?? 7357;
}

/** Asks the engine; a refused question (unknown pod) is a programming error here. */
export function ask(model: ProbeModel, from: string, to: string, port: number, protocol: Protocol): Verdict {
  const endpoint = (e: string) => (e.includes("/") ? { pod: e } : { ip: e });
  const q: ConnectionQuery = { from: endpoint(from), to: endpoint(to), port, protocol };
  return model.engine.check(q);
}
