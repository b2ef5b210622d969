import type { ReadonlyLabels } from "../reach/model/selectors";

/**
 * Workload identity from labels, as an SRE reads a flow log: the namespace may only be in the
 * labels, some labels change with every rollout (`pod-template-hash`) or are added by the CNI
 * (`io.cilium.k8s.policy.*`), and a workload is named by its stable labels (`app`, ...).
 */

/** The label Kubernetes (and Cilium's identity) carries a pod's namespace in. */
export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
/** Cilium's prefix for the namespace's labels inside a pod identity. */
const NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";

/** Labels that differ between pods of one workload or between its revisions: never part of a name. */
const VOLATILE = new Set([
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "statefulset.kubernetes.io/pod-name",
  "apps.kubernetes.io/pod-index",
  "controller-uid",
  "batch.kubernetes.io/controller-uid",
]);

/** Labels the CNI or the runtime adds to an identity: not the pod's own, so no policy selects them. */
const isAddedByCni = (key: string) =>
  key === POD_NAMESPACE_LABEL || key.startsWith("io.cilium.") || key.startsWith("io.kubernetes.");

/**
 * Keys that name a workload, in order of preference; the first group with a key present wins,
 * with every key of that group the pod carries (`app.kubernetes.io/instance` tells two releases
 * of one chart apart).
 */
const WORKLOAD_KEYS: readonly (readonly string[])[] = [
  ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"],
  ["app"],
  ["k8s-app"],
  ["name"],
  ["component"],
];

/** The pod's own labels: without volatile ones, CNI-added ones and the namespace's. */
export function ownLabels(labels: ReadonlyLabels): ReadonlyLabels {
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(labels)) if (!VOLATILE.has(key) && !isAddedByCni(key)) out[key] = labels[key];
  return out;
}

/**
 * The labels that name the workload (for reports and suggested flows). Without any well-known
 * key, every own label but the volatile ones; `{}` (the whole namespace) when none is left.
 */
export function workloadLabels(labels: ReadonlyLabels): ReadonlyLabels {
  for (const group of WORKLOAD_KEYS) {
    if (labels[group[0]] === undefined) continue;
    const out: { [key: string]: string } = {};
    for (const key of group) if (labels[key] !== undefined) out[key] = labels[key];
    return out;
  }
  return ownLabels(labels);
}

/** What a list of `key=value` labels (Cilium's, with a `k8s:` source prefix, or Calico's) says. */
export interface LabelList {
  /** Own labels (see {@link ownLabels}). */
  labels: ReadonlyLabels;
  /** From `k8s:io.kubernetes.pod.namespace=`, when present. */
  namespace?: string;
  /** From `k8s:io.cilium.k8s.namespace.labels.<key>=`, when present. */
  namespaceLabels?: ReadonlyLabels;
  /** Cilium's reserved identities (`host`, `world`, `remote-node`, `kube-apiserver`, `health`...). */
  reserved: string[];
}

/**
 * Reads labels written as `source:key=value` (Cilium: `k8s:app=web`, `reserved:host`) or
 * `key=value` (Calico). Labels of other sources than `k8s` (`container:`, `cidr:`) say nothing
 * a NetworkPolicy selects and are left out.
 */
export function readLabelList(list: readonly string[]): LabelList {
  const labels: { [key: string]: string } = {};
  const reserved: string[] = [];
  let namespace: string | undefined;
  let namespaceLabels: { [key: string]: string } | undefined;
  for (const raw of list) {
    let text = raw.trim();
    const colon = text.indexOf(":");
    const eq = text.indexOf("=");
    if (colon >= 0 && (eq < 0 || colon < eq)) {
      const source = text.slice(0, colon);
      if (source === "reserved") {
        reserved.push(text.slice(colon + 1).split("=")[0]);
        continue;
      }
      if (source !== "k8s" && source !== "any") continue;
      text = text.slice(colon + 1);
    }
    const at = text.indexOf("=");
    const key = at < 0 ? text : text.slice(0, at);
    const value = at < 0 ? "" : text.slice(at + 1);
    if (key === "") continue;
    if (key === POD_NAMESPACE_LABEL) namespace = value;
    else if (key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      namespaceLabels ??= {};
      namespaceLabels[key.slice(NAMESPACE_LABELS_PREFIX.length)] = value;
    } else if (!VOLATILE.has(key) && !isAddedByCni(key)) labels[key] = value;
  }
  return { labels, namespace, namespaceLabels, reserved };
}
