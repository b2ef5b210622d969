import { at, isUnknown, type Plain, type Unknown } from "./unknown";

/**
 * One Kubernetes object (or Helm release) as a rule sees it, whichever way it arrived: a Pulumi
 * resource's inputs, a child of a Helm v4 Chart or a yaml/v2 ConfigGroup, or a document of a
 * `kubectl get -o yaml` export.
 */
export interface Subject {
  /** The kind, without the `Patch` suffix of server-side-apply patches (`ServicePatch` is a Service). */
  readonly kind: string;
  /** The API group, "" for the core group. */
  readonly group: string;
  /** Whether the resource patches an object that exists (`kubernetes:core/v1:ServicePatch`). */
  readonly patch: boolean;
  /** The object: `metadata`, `spec`, ...; Helm releases: `chart`, `values`, `namespace`. */
  readonly object: Plain;
  /** How messages name it: `Service shop/web`, `Namespace apps`, or the Pulumi name when unknown. */
  readonly ref: string;
  /** Its Pulumi resource name, when it is one (auto-named objects are only known by it at preview). */
  readonly pulumiName?: string;
}

/** Kinds without a namespace. */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "Node",
  "IngressClass",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "ProxyGroup",
  "ProxyClass",
  "Connector",
  "DNSConfig",
]);

/** Helm releases are not Kubernetes objects: their `namespace` is a field, their values a map. */
export const HELM_KINDS = new Set(["Release", "Chart"]);

export const isNamespaced = (kind: string) => !CLUSTER_SCOPED.has(kind);

/** The name a message can show: the text, `<unknown>` at preview, or the Pulumi name it comes from. */
function nameText(v: unknown, pulumiName?: string): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (pulumiName) return `${pulumiName} (auto-named)`;
  return isUnknown(v) ? "<unknown until update>" : undefined;
}

/** `Kind namespace/name`, `Kind name` for cluster-scoped kinds. */
export function refOf(kind: string, object: Plain, pulumiName?: string): string {
  const helm = HELM_KINDS.has(kind);
  const rawName = helm
    ? (at(object, "name") ?? at(object, "metadata", "name"))
    : at(object, "metadata", "name");
  const name = nameText(rawName, pulumiName) ?? "<no name>";
  if (!isNamespaced(kind)) return `${kind} ${name}`;
  const rawNs = helm ? at(object, "namespace") : at(object, "metadata", "namespace");
  const ns = typeof rawNs === "string" && rawNs !== "" ? rawNs : isUnknown(rawNs) ? "<unknown>" : "default";
  return `${kind} ${ns}/${name}`;
}

/** A subject from a Kubernetes object (`apiVersion`, `kind`), as read from YAML or JSON. */
export function subjectOfObject(object: Plain): Subject | undefined {
  const kind = object.kind;
  if (typeof kind !== "string") return undefined;
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "v1";
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  return { kind, group, patch: false, object, ref: refOf(kind, object) };
}

/**
 * A subject from a Pulumi type token and inputs: `kubernetes:networking.k8s.io/v1:NetworkPolicy`,
 * `kubernetes:core/v1:ServicePatch`, `kubernetes:helm.sh/v3:Release`. Other providers' types are
 * not Kubernetes objects: undefined.
 */
export function subjectOfPulumi(type: string, props: Plain, pulumiName?: string): Subject | undefined {
  const m = /^kubernetes:([^/:]+)\/([^:]+):(\w+)$/.exec(type);
  if (!m) return undefined;
  const [, token, , rawKind] = m;
  const group = token === "core" ? "" : token;
  const patch = rawKind.endsWith("Patch") && rawKind !== "Patch";
  const kind = patch ? rawKind.slice(0, -"Patch".length) : rawKind;
  const object: Plain = { ...props, kind };
  return { kind, group, patch, object, ref: refOf(kind, object, pulumiName), pulumiName };
}

/** `namespace/name` of a subject when both are known, for allow-lists. */
export function subjectKey(s: Subject): string | Unknown {
  const helm = HELM_KINDS.has(s.kind);
  const name = helm ? at(s.object, "name") : at(s.object, "metadata", "name");
  const rawNs = helm ? at(s.object, "namespace") : at(s.object, "metadata", "namespace");
  if (isUnknown(name)) return name;
  if (isUnknown(rawNs)) return rawNs;
  const ns = typeof rawNs === "string" && rawNs !== "" ? rawNs : "default";
  return `${ns}/${typeof name === "string" ? name : ""}`;
}
