import { ADMIN_KINDS, buildAdminTiers } from "../admin/load";
import { dataplanePolicies } from "../dataplane/policies";
import { FieldError, ReachInputError } from "../model/errors";
import type { Cluster, K8sObject } from "../model/model";
import { NAME_LABEL } from "../model/parse";
import { type DataplaneSemantics, UPSTREAM } from "../model/semantics";
import { InfraObjects } from "./infra";
import { type ClusterParts, readerOf } from "./kinds";
import { checkObjectMeta } from "./object-meta";
import { lastDefinitions } from "./redefinitions";
import { representativePods } from "./workloads";

/**
 * Turns raw objects (Namespaces, Pods, workloads, NetworkPolicies: see `kinds.ts`) into a
 * validated {@link Cluster}. Errors name the file and the object, because the user has to find
 * them in a large export.
 */

/** Objects read from one file. */
export interface ObjectSource {
  readonly source: string;
  readonly objects: readonly K8sObject[];
}

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
export function buildCluster(objects: K8sObject[], source = "input", dataplane = UPSTREAM): Cluster {
  return buildClusterFromSources([{ source, objects }], dataplane);
}

/**
 * Builds a cluster from objects of several files; an object defined again (same kind, namespace
 * and name) is read from its last definition (`redefinitions.ts`; the CLI names both files).
 * Each object goes to the reader its kind has in {@link READ_KINDS}; other kinds are left out (see
 * {@link unmodelledObjects} for the ones that change reachability).
 */
export function buildClusterFromSources(
  sources: readonly ObjectSource[],
  dataplane: DataplaneSemantics = UPSTREAM,
): Cluster {
  const parts: ClusterParts = {
    namespaces: new Map(),
    pods: new Map(),
    policies: new Map(),
    workloads: [],
    podControllers: [],
    nodes: new Map(),
    admin: [],
    infra: new InfraObjects(),
  };
  // A later definition of the same object replaces an earlier one, as `kubectl apply -R` does.
  const flat = lastDefinitions(
    sources.map(({ source, objects }) => ({ source, objects: flattenObjects(objects) })),
  );
  for (const { source, objects } of flat.sources) {
    for (const obj of objects) {
      const reader = readerOf(obj, dataplane);
      if (!reader) continue;
      const where = describe(source, obj);
      try {
        checkObjectMeta(obj);
        reader.read(obj, source, parts, where);
      } catch (err) {
        if (err instanceof FieldError) throw new ReachInputError(`${where}: ${err.message}`);
        throw err;
      }
    }
  }
  for (const pod of representativePods(parts.workloads, parts.podControllers)) parts.pods.set(pod.key, pod);
  const { namespaces, pods, infra } = parts;
  const policies = [...parts.policies.values(), ...infra.ciliumPolicies];
  // Namespaces only referenced by pods or policies exist with just their automatic name label.
  for (const { namespace } of [...pods.values(), ...policies]) {
    if (!namespaces.has(namespace))
      namespaces.set(namespace, { name: namespace, labels: { [NAME_LABEL]: namespace } });
  }
  const tiers = buildAdminTiers(parts.admin, parts.nodes, pods);
  const podList = [...pods.values()];
  return {
    namespaces,
    pods: podList,
    podsByKey: pods,
    policies: dataplanePolicies(policies, dataplane),
    ...(tiers ? { admin: tiers } : {}),
    ...(parts.nodes.size > 0 ? { nodes: parts.nodes } : {}),
    dataplane,
    ...infra.finish(podList, parts.nodes.values()),
  };
}

function describe(source: string, obj: K8sObject): string {
  const name = obj.metadata?.name ?? "<no name>";
  const clusterScoped = obj.kind === "Namespace" || ADMIN_KINDS.has(obj.kind ?? "");
  const ns = clusterScoped ? "" : `${obj.metadata?.namespace ?? "default"}/`;
  return `${source}: ${obj.kind} ${ns}${name}`;
}
