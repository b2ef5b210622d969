/**
 * The slice of the Kubernetes object model the planner writes: enough structure for the type
 * checker to catch a misspelt field, without a dependency on a Kubernetes client library.
 */

export type Labels = { [key: string]: string };

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: { [key: string]: string };
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
  }[];
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  protocol: string;
  port?: number;
  endPort?: number;
}

export interface NetworkPolicy {
  apiVersion: "networking.k8s.io/v1";
  kind: "NetworkPolicy";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes: ("Ingress" | "Egress")[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

export interface Namespace {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMeta;
}

export interface Secret {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta & { namespace: string };
  type: "Opaque";
  /** Key names only: the values are secret and filled in by the component. */
  stringData: { [key: string]: string };
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Absent on an ExternalName Service (there are no endpoints to map to). */
  targetPort?: number;
  protocol: string;
}

export interface Service {
  apiVersion: "v1";
  kind: "Service";
  metadata: ObjectMeta & { namespace: string };
  spec?: {
    type?: "ClusterIP" | "LoadBalancer" | "ExternalName";
    loadBalancerClass?: string;
    allocateLoadBalancerNodePorts?: boolean;
    externalName?: string;
    selector?: Labels;
    ports?: ServicePort[];
  };
}

export interface Ingress {
  apiVersion: "networking.k8s.io/v1";
  kind: "Ingress";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    ingressClassName: string;
    tls: { hosts: string[] }[];
    defaultBackend: { service: { name: string; port: { number: number } } };
  };
}

/** The label every namespace carries automatically (Kubernetes 1.22+), used to select it by name. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Selects exactly the namespace called `name`. */
export const namespaceByName = (name: string): LabelSelector => ({
  matchLabels: { [NAMESPACE_NAME_LABEL]: name },
});

/** The RBAC API group. */
export const RBAC_API = "rbac.authorization.k8s.io";

export interface RoleRef {
  apiGroup: typeof RBAC_API;
  kind: "ClusterRole" | "Role";
  name: string;
}

export interface GroupSubject {
  kind: "Group";
  apiGroup: typeof RBAC_API;
  name: string;
}

export interface ClusterRoleBinding {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRoleBinding";
  metadata: { name: string; labels: { [k: string]: string } };
  subjects: GroupSubject[];
  roleRef: RoleRef;
}

export interface RoleBinding {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "RoleBinding";
  metadata: { name: string; namespace: string; labels: { [k: string]: string } };
  subjects: GroupSubject[];
  roleRef: RoleRef;
}
