/**
 * The control-plane half of the declaration: who reaches the Kubernetes API through the operator's
 * API server proxy, as which Kubernetes groups, and what those groups may do. Plain,
 * schema-friendly interfaces (no unions, no callbacks), like the rest of the args.
 *
 * Facts (v1.102.2): chart `apiServerProxyConfig.mode` "true"|"noauth" runs the proxy in the
 * operator pod, `allowImpersonation: "true"` gives a `kube-apiserver` ProxyGroup the impersonation
 * ClusterRole (values.yaml 136-146, templates/apiserverproxy-rbac.yaml); the grant's
 * `tailscale.com/cap/kubernetes` capability is `{impersonate: {groups}, recorder, enforceRecorder}`
 * (kube/kubetypes/grants.go 14-59).
 */

/** How the proxy treats a caller. */
export enum ApiServerProxyMode {
  /** Requests are impersonated as the caller's tailnet identity and the grant's groups (Kubernetes RBAC applies). */
  Auth = "auth",
  /** The tailnet only carries the traffic; the caller brings its own Kubernetes credentials. */
  NoAuth = "noauth",
}

/** What a namespaced binding refers to. */
export enum RoleKind {
  /** A ClusterRole (`view`, `edit`, `admin` or your own), bound inside one namespace. */
  ClusterRole = "ClusterRole",
  /** A Role that already exists in that namespace. */
  Role = "Role",
}

/** A role bound to the entry's groups inside one namespace (a RoleBinding). */
export interface NamespaceRole {
  /** A namespace declared in `namespaces` (created or adopted). */
  namespace: string;
  /** The role's name, e.g. `edit`. */
  role: string;
  /**
   * Whether `role` names a ClusterRole or a Role of that namespace.
   * @default RoleKind.ClusterRole
   */
  roleKind?: RoleKind;
}

/** @deprecated Renamed {@link NamespaceRole} (generated SDKs read `NamespaceRoleArgs`); this alias goes at 1.0. */
export type NamespaceRoleArgs = NamespaceRole;

/** Tailnet sources, the Kubernetes groups they act as at the proxy, and the roles those groups get. */
export interface ControlPlaneAccess {
  /** Tailnet sources: `alice@example.com`, `group:sre`, `tag:ci`, `autogroup:member`. */
  sources: string[];
  /**
   * Kubernetes groups the sources are impersonated as (the grant's `impersonate.groups`). Each
   * needs a role here. `system:` groups are refused (`system:masters` bypasses RBAC altogether).
   * @default [] - only allowed in `noauth` mode, where nothing is impersonated
   */
  groups?: string[];
  /**
   * ClusterRoles bound to every group of this entry cluster-wide (ClusterRoleBindings).
   * `cluster-admin` is accepted only when written out, and the plan warns about it.
   * @default []
   */
  clusterRoles?: string[];
  /**
   * Roles bound to every group of this entry inside one namespace (RoleBindings).
   * @default []
   */
  namespaceRoles?: NamespaceRole[];
  /**
   * Accept that a group of this entry is also used by an entry with other roles. RBAC binds roles
   * to groups, so every source of either entry gets the roles of both; without this on every such
   * entry the declaration is refused, with it the plan warns, naming each source that gains roles.
   * @default false
   */
  acknowledgeSharedGroups?: boolean;
}

/** @deprecated Renamed {@link ControlPlaneAccess} (generated SDKs read `ControlPlaneAccessArgs`); this alias goes at 1.0. */
export type ControlPlaneAccessArgs = ControlPlaneAccess;

/** Serve the API proxy from a ProxyGroup of type `kube-apiserver` instead of the operator pod. */
export interface ApiServerProxyGroup {
  /**
   * Proxy replicas (high availability).
   * @default 2, the operator's own default
   */
  replicas?: number;
  /**
   * Tags of the proxy devices, and of the Tailscale Service `svc:<hostname>` they advertise.
   * @default ["tag:k8s-<hostname>"] (the `k8s-` prefix not doubled), a tag of its own
   */
  tags?: string[];
  /**
   * A ProxyClass for the proxy pods.
   * @default - the operator's default proxy class
   */
  proxyClass?: string;
}

/** @deprecated Renamed {@link ApiServerProxyGroup} (generated SDKs read `ApiServerProxyGroupArgs`); this alias goes at 1.0. */
export type ApiServerProxyGroupArgs = ApiServerProxyGroup;

/** S3-compatible storage for session recordings. */
export interface RecorderS3 {
  /** The endpoint, e.g. `s3.us-east-1.amazonaws.com`; reached over TCP 443 with the operator's internet egress. */
  endpoint: string;
  /** The bucket. */
  bucket: string;
  /** A Secret in the operator namespace with the S3 credentials (keys per the Recorder CRD). */
  credentialsSecret: string;
}

/** @deprecated Renamed {@link RecorderS3} (generated SDKs read `RecorderS3Args`); this alias goes at 1.0. */
export type RecorderS3Args = RecorderS3;

/** A `Recorder` (tsrecorder) that the proxy sends `kubectl exec` sessions to. */
export interface Recorder {
  /**
   * Refuse sessions when no recorder can be reached (`enforceRecorder`), instead of letting them run unrecorded.
   * @default false
   */
  enforce?: boolean;
  /**
   * The recorder device's tag, one only: the `tailscale.com/cap/kubernetes` capability names the
   * recorder by one tag. The operator must be able to assign it (it owns it in the fragment).
   * @default ["tag:k8s-recorder"]
   */
  tags?: string[];
  /**
   * Serve the recorder's web UI on its MagicDNS name.
   * @default true without `s3` (recordings on a local volume are only reachable through the UI), else false
   */
  enableUI?: boolean;
  /**
   * Where recordings are kept.
   * @default - an ephemeral local volume (lost with the pod)
   */
  s3?: RecorderS3;
  /**
   * Also record every Kubernetes API request as an event (`enableEvents`, beta).
   * @default false
   */
  recordEvents?: boolean;
}

/** @deprecated Renamed {@link Recorder} (generated SDKs read `RecorderArgs`); this alias goes at 1.0. */
export type RecorderArgs = Recorder;

/** The operator's API server proxy: kubectl by tailnet identity, least privilege, reviewable. */
export interface ApiServerProxy {
  /**
   * `auth` impersonates callers (RBAC applies to them); `noauth` only carries the traffic.
   * @default ApiServerProxyMode.Auth
   */
  mode?: ApiServerProxyMode;
  /**
   * The proxy's tailnet name (what `tailscale configure kubeconfig` takes). With a ProxyGroup it
   * names the Tailscale Service `svc:<hostname>`; without one the proxy is the operator device, so
   * it must equal `operator.hostname`.
   * @default "k8s-api" with a ProxyGroup, else the operator's hostname
   */
  hostname?: string;
  /**
   * Serve the proxy from a `kube-apiserver` ProxyGroup.
   * @default - the operator pod serves it (in-process)
   */
  proxyGroup?: ApiServerProxyGroup;
  /**
   * Who may use the proxy and as which groups; each entry becomes a grant and the groups' bindings.
   * @default []
   */
  access?: ControlPlaneAccess[];
  /**
   * Record sessions with a Recorder named by the capability.
   * @default - no recording
   */
  recorder?: Recorder;
}

/** @deprecated Renamed {@link ApiServerProxy} (generated SDKs read `ApiServerProxyArgs`); this alias goes at 1.0. */
export type ApiServerProxyArgs = ApiServerProxy;
