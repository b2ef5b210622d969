import type {
  ClusterRoleBinding,
  Ingress,
  Namespace,
  NetworkPolicy,
  ObjectMeta,
  RoleBinding,
  Secret,
  Service,
} from "./kube";
import type { HelmReleasePlan } from "./operator";

/**
 * A Kubernetes object of a custom resource type (a `tailscale.com/v1alpha1` `ProxyGroup`,
 * `Connector`, `DNSConfig`...), created through `@pulumi/kubernetes` `apiextensions.CustomResource`.
 * `metadata.namespace` is absent for cluster-scoped kinds.
 */
export interface CustomResourceObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: { [key: string]: unknown };
}

/** The operator's OAuth client, as `tailscale.OauthClient` takes it. */
export interface OAuthClientPlan {
  scopes: string[];
  tags: string[];
  description: string;
}

/**
 * One child resource. `suffix` is the contract: the component names the child `<name>-<suffix>`,
 * so renaming a suffix replaces a live object and needs an alias. `dependsOn` lists the suffixes of
 * resources planned before this one that must exist first (and, on destroy, go after it).
 */
export type PlannedResource = PlannedOptions &
  (
    | { kind: "Namespace"; suffix: string; object: Namespace; dependsOn: string[] }
    | { kind: "NamespacePatch"; suffix: string; object: Namespace; dependsOn: string[] }
    | { kind: "Secret"; suffix: string; object: Secret; dependsOn: string[] }
    | { kind: "HelmRelease"; suffix: string; object: HelmReleasePlan; dependsOn: string[] }
    | { kind: "NetworkPolicy"; suffix: string; object: NetworkPolicy; dependsOn: string[] }
    | { kind: "Service"; suffix: string; object: Service; dependsOn: string[] }
    | { kind: "ServicePatch"; suffix: string; object: Service; dependsOn: string[] }
    | { kind: "Ingress"; suffix: string; object: Ingress; dependsOn: string[] }
    | { kind: "CustomResource"; suffix: string; object: CustomResourceObject; dependsOn: string[] }
    | { kind: "ClusterRoleBinding"; suffix: string; object: ClusterRoleBinding; dependsOn: string[] }
    | { kind: "RoleBinding"; suffix: string; object: RoleBinding; dependsOn: string[] }
    | { kind: "TailnetAcl"; suffix: string; object: { acl: string }; dependsOn: string[] }
    | { kind: "OAuthClient"; suffix: string; object: OAuthClientPlan; dependsOn: string[] }
  );

/** Options of a planned child beyond its object. */
export interface PlannedOptions {
  /**
   * Property paths (`spec.externalName`) that something else (the operator) owns once the object
   * exists: the component creates them and then ignores their changes.
   */
  ignoreChanges?: string[];
}

/**
 * The kind of any planned resource: Kubernetes objects, the Helm release, patches and custom
 * resources alike (not only what `plan -o yaml` renders). Nothing here uses it; it stays exported.
 */
export type PlannedKind = PlannedResource["kind"];
