import type { PendingAdmin } from "../admin/load";
import { nodesPeersWithoutNodes, parseNode } from "../admin/nodes";
import type { K8sObject, NamespaceInfo, NodeInfo, PodInfo, PolicyInfo, SkippedObjects } from "../model/model";
import { type DataplaneSemantics, UPSTREAM } from "../model/semantics";

export type { SkippedObjects } from "../model/model";

import { parseNamespace, parsePod, parsePolicy } from "../model/parse";
import type { InfraObjects } from "./infra";
import { controllerOf, readWorkload, WORKLOAD_KINDS, type Workload } from "./workloads";

/**
 * Which kinds the loader reads, and which it names and skips. Both tables are keyed by `kind` and
 * say which API groups they cover (the part of `apiVersion` before `/`; `""` is the core group),
 * because the same kind can mean different things: Calico's `NetworkPolicy` is not Kubernetes'.
 * An object without `apiVersion` is taken by its kind alone (hand-written fixtures often omit it).
 * To model a new kind, add a reader here (and what it fills in {@link ClusterParts}), and take it
 * out of {@link UNMODELLED_KINDS}.
 */

/** What the readers fill while the loader walks the input. */
export interface ClusterParts {
  readonly namespaces: Map<string, NamespaceInfo>;
  readonly pods: Map<string, PodInfo>;
  readonly policies: Map<string, PolicyInfo>;
  readonly workloads: Workload[];
  /** `namespace/Kind/name` of the controllers of the Pods read (to not count a workload twice). */
  readonly podControllers: string[];
  readonly nodes: Map<string, NodeInfo>;
  /** Admin policies, parsed once every Node is known (their `nodes` peers need them). */
  readonly admin: PendingAdmin[];
  /** Services, Endpoints, Nodes (and on Cilium CiliumNetworkPolicies), for a dataplane's rules. */
  readonly infra: InfraObjects;
}

export interface KindReader {
  readonly groups: readonly string[];
  /** Reads one object into `parts`; throws {@link FieldError} for what the API server would refuse. */
  read(obj: K8sObject, source: string, parts: ClusterParts, where: string): void;
}

export const READ_KINDS: Readonly<Record<string, KindReader>> = {
  Namespace: {
    groups: [""],
    read: (obj, _source, parts) => {
      const ns = parseNamespace(obj);
      parts.namespaces.set(ns.name, ns);
    },
  },
  Pod: {
    groups: [""],
    read: (obj, source, parts) => {
      const pod = parsePod(obj, source);
      parts.pods.set(pod.key, pod);
      const controller = controllerOf(obj, pod.namespace);
      if (controller) parts.podControllers.push(controller);
    },
  },
  NetworkPolicy: {
    groups: ["networking.k8s.io", "extensions"],
    read: (obj, source, parts) => {
      const policy = parsePolicy(obj, source);
      parts.policies.set(policy.key, policy);
    },
  },
  Node: {
    groups: [""],
    read: (obj, _source, parts) => {
      const node = parseNode(obj);
      parts.nodes.set(node.name, node);
    },
  },
  ...Object.fromEntries(
    ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"].map((kind) => [
      kind,
      {
        groups: ["policy.networking.k8s.io"],
        read: (obj: K8sObject, source: string, parts: ClusterParts, where: string) =>
          parts.admin.push({ obj, source, where }),
      },
    ]),
  ),
  // Read leniently and used only by dataplanes that model them (Service addresses before or after DNAT).
  Service: { groups: [""], read: (obj, _source, parts) => parts.infra.addService(obj) },
  Endpoints: { groups: [""], read: (obj, _source, parts) => parts.infra.addEndpoints(obj) },
  ...Object.fromEntries(
    Object.entries(WORKLOAD_KINDS).map(([kind, { groups }]) => [
      kind,
      {
        groups,
        read: (obj: K8sObject, source: string, parts: ClusterParts) =>
          parts.workloads.push(readWorkload(obj, source)),
      },
    ]),
  ),
};

export interface UnmodelledKind {
  readonly groups: readonly string[];
  /** What an answer computed without these objects leaves out. */
  readonly leavesOut: string;
}

const CNI_POLICY = (cni: string) =>
  `${cni}'s own policies; pods they select may be isolated or opened beyond what NetworkPolicies say, so allowed and denied connections may both be wrong for them`;

/** Kinds that change reachability but are not modelled: each is named on stderr, with what it leaves out. */
export const UNMODELLED_KINDS: Readonly<Record<string, UnmodelledKind>> = {
  CiliumNetworkPolicy: { groups: ["cilium.io"], leavesOut: CNI_POLICY("Cilium") },
  CiliumClusterwideNetworkPolicy: { groups: ["cilium.io"], leavesOut: CNI_POLICY("Cilium") },
  NetworkPolicy: { groups: ["projectcalico.org", "crd.projectcalico.org"], leavesOut: CNI_POLICY("Calico") },
  GlobalNetworkPolicy: {
    groups: ["projectcalico.org", "crd.projectcalico.org"],
    leavesOut: CNI_POLICY("Calico"),
  },
  ClusterNetworkPolicy: { groups: ["crd.antrea.io"], leavesOut: CNI_POLICY("Antrea") },
};

/** The API group of an object (`""` for the core group), `undefined` without `apiVersion`. */
function groupOf(obj: K8sObject): string | undefined {
  if (typeof obj.apiVersion !== "string") return undefined;
  const slash = obj.apiVersion.indexOf("/");
  return slash < 0 ? "" : obj.apiVersion.slice(0, slash);
}

function lookup<T extends { groups: readonly string[] }>(table: Readonly<Record<string, T>>, obj: K8sObject) {
  const entry = typeof obj.kind === "string" && Object.hasOwn(table, obj.kind) ? table[obj.kind] : undefined;
  const group = groupOf(obj);
  return entry && (group === undefined || entry.groups.includes(group)) ? entry : undefined;
}

/** On Cilium, its policies with `toEntities` are read (the API server rule); elsewhere they stay unmodelled. */
const CILIUM_KINDS: Readonly<Record<string, KindReader>> = {
  CiliumNetworkPolicy: {
    groups: ["cilium.io"],
    read: (obj, source, parts) => parts.infra.addCiliumPolicy(obj, source),
  },
};

/** The reader for an object's kind, `undefined` for kinds the engine does not read (on this dataplane). */
export function readerOf(obj: K8sObject, dataplane: DataplaneSemantics = UPSTREAM): KindReader | undefined {
  return lookup(READ_KINDS, obj) ?? (dataplane.ciliumPolicies ? lookup(CILIUM_KINDS, obj) : undefined);
}

const NO_KIND =
  "documents that are not Kubernetes objects; if they were meant as policies or workloads, what they would allow, deny or run is missing";

/** The objects of the input that change reachability but are not modelled, grouped by kind. */
export function unmodelledObjects(
  sources: readonly { source: string; objects: readonly K8sObject[] }[],
  dataplane: DataplaneSemantics = UPSTREAM,
): SkippedObjects[] {
  const found = new Map<string, SkippedObjects>();
  for (const { source, objects } of sources) {
    objects.forEach((obj, i) => {
      const noKind = typeof obj.kind !== "string" || obj.kind === "";
      const entry = noKind ? undefined : lookup(UNMODELLED_KINDS, obj);
      if (!noKind && (!entry || readerOf(obj, dataplane))) return;
      const what = noKind ? "document without kind" : `${obj.kind} (${groupOf(obj) ?? "no apiVersion"})`;
      const name = obj.metadata?.name;
      const label =
        typeof name === "string"
          ? `${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ""}${name}`
          : `object #${i + 1}`;
      const group = found.get(what) ?? {
        what,
        objects: [],
        leavesOut: noKind ? NO_KIND : entry!.leavesOut,
        ...(noKind ? {} : { policies: true }),
      };
      group.objects.push(`${source}: ${label}`);
      found.set(what, group);
    });
  }
  return [...found.values(), ...nodesPeersWithoutNodes(sources)];
}
