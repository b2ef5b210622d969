import { FieldError } from "../model/errors";
import type { K8sObject, PodInfo } from "../model/model";
import { identity, isRecord, labelsAt, podFromSpec } from "../model/parse";

/**
 * Workloads (Deployments, StatefulSets, ...) as pods. Repositories hold workloads, not Pods, so
 * each workload becomes one representative pod from its template, named by its owner
 * (`shop/deployment/web`): every replica has the template's labels, namespace and ports, so
 * policies treat them all alike. A live export that also holds the Pods (or the owning workload)
 * is not counted twice: see {@link representativePods}.
 */

/** Where each workload kind keeps its pod template, and the API groups it is served from. */
export const WORKLOAD_KINDS: Readonly<
  Record<string, { groups: readonly string[]; template: readonly string[] }>
> = {
  Deployment: { groups: ["apps", "extensions"], template: ["spec", "template"] },
  StatefulSet: { groups: ["apps"], template: ["spec", "template"] },
  DaemonSet: { groups: ["apps", "extensions"], template: ["spec", "template"] },
  ReplicaSet: { groups: ["apps", "extensions"], template: ["spec", "template"] },
  ReplicationController: { groups: [""], template: ["spec", "template"] },
  Job: { groups: ["batch"], template: ["spec", "template"] },
  CronJob: { groups: ["batch"], template: ["spec", "jobTemplate", "spec", "template"] },
};

/** A workload read from its manifest, before deciding whether its pods are already in the input. */
export interface Workload {
  /** `namespace/Kind/name`, the form ownerReferences resolve to. */
  readonly ref: string;
  /** `namespace/Kind/name` of its controller (a Deployment for a ReplicaSet), if any. */
  readonly controller?: string;
  readonly pod: PodInfo;
}

/** `namespace/Kind/name` of an object's controller (`ownerReferences[].controller: true`). */
export function controllerOf(obj: K8sObject, namespace: string): string | undefined {
  const refs = obj.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isRecord(r) && r.controller === true);
  return ref && typeof ref.kind === "string" && typeof ref.name === "string"
    ? `${namespace}/${ref.kind}/${ref.name}`
    : undefined;
}

export function readWorkload(obj: K8sObject, source: string): Workload {
  const kind = obj.kind!;
  const { name, namespace } = identity(obj);
  const path = WORKLOAD_KINDS[kind].template;
  let template: unknown = obj;
  for (const field of path) template = isRecord(template) ? template[field] : undefined;
  const at = path.join(".");
  if (!isRecord(template)) throw new FieldError(at, "is required (the pods' template)");
  const meta = template.metadata ?? {};
  if (!isRecord(meta)) throw new FieldError(`${at}.metadata`, "must be an object");
  const labels = labelsAt(meta.labels, `${at}.metadata.labels`);
  const id = { name: `${kind.toLowerCase()}/${name}`, namespace, labels };
  const pod = podFromSpec(id, template.spec, `${at}.spec`, undefined, source);
  return {
    ref: `${namespace}/${kind}/${name}`,
    controller: controllerOf(obj, namespace),
    pod: { ...pod, workload: { kind, name } },
  };
}

/**
 * The workloads whose pods are not otherwise in the input. A workload is left out when its own
 * controller is in the input (a Deployment stands for its ReplicaSets, a CronJob for its Jobs), or
 * when Pods in the input are its pods, directly or through an owned ReplicaSet or Job (a live
 * export with `kubectl get all` holds all three).
 * @param podControllers `namespace/Kind/name` of the controllers of the Pods read.
 */
export function representativePods(
  workloads: readonly Workload[],
  podControllers: Iterable<string>,
): PodInfo[] {
  const byRef = new Map(workloads.map((w) => [w.ref, w]));
  const hasPods = new Set<string>();
  for (let ref of podControllers) {
    while (!hasPods.has(ref)) {
      hasPods.add(ref);
      const owner = byRef.get(ref)?.controller;
      if (!owner) break;
      ref = owner;
    }
  }
  return workloads
    .filter((w) => !hasPods.has(w.ref) && !(w.controller && byRef.has(w.controller)))
    .map((w) => w.pod);
}
