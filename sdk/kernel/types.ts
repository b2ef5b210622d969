/**
 * The declaration users write, as plain data. These interfaces are shared by the Pulumi component
 * (which adds the secret credentials as `pulumi.Input`s) and by the command-line tool, so they must
 * stay schema-friendly: interfaces only, no unions, no callbacks, every field plain.
 */

import type { Dataplane } from "./dataplane/types";

export {
  CiliumPolicyCidrMatchMode,
  Cni,
  type Dataplane,
  type DataplaneArgs,
  type NodeLocalDns,
  type NodeLocalDnsArgs,
} from "./dataplane/types";

/** A port of a flow. */
export interface FlowPort {
  /** The port number (1-65535): on the destination pods, or on the external destination. */
  port: number;
  /**
   * The last port of an inclusive range starting at `port`.
   * @default - a single port
   */
  endPort?: number;
  /**
   * `TCP`, `UDP` or `SCTP`.
   * @default "TCP"
   */
  protocol?: string;
}

/** @deprecated Renamed {@link FlowPort} (generated SDKs read `FlowPortArgs`); this alias goes at 1.0. */
export type PortArgs = FlowPort;

/**
 * One side of a flow: a workload (a namespace, optionally narrowed to pods by labels), workloads
 * in every managed namespace with some labels (`namespaceLabels`), or an external network
 * (`cidr`). A workload may live in a namespace this component does not manage, such as
 * `ingress-nginx` (listed in `unmanagedNamespaces`); then only the managed side of the flow gets
 * a rule.
 */
export interface FlowEndpoint {
  /**
   * The namespace of the workload. Mutually exclusive with `namespaceLabels` and `cidr`; an
   * endpoint with none of the three is refused.
   * @default - none: `namespaceLabels` or `cidr` names the endpoint
   */
  namespace?: string;
  /**
   * Select the workload's namespaces by their labels (`namespaces.<ns>.labels`) instead of naming
   * one: the flow expands to one flow per matching namespace of `namespaces` (each gets its half
   * of the rule; the `flows` output lists every expansion). `{}` selects every namespace in
   * `namespaces` (the operator's is never selected). Mutually exclusive with `namespace` and `cidr`.
   * @default - not used: `namespace` or `cidr` names the endpoint
   */
  namespaceLabels?: { [key: string]: string };
  /**
   * Labels that select the workload's pods inside `namespace`.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
  /**
   * An external network in CIDR notation, IPv4 or IPv6 (`10.20.0.0/16`, `2001:db8::/32`).
   * Mutually exclusive with `namespace` and `namespaceLabels`.
   * @default - none: the endpoint is a workload (`namespace` or `namespaceLabels`)
   */
  cidr?: string;
  /**
   * Sub-ranges of `cidr` that are not part of this endpoint.
   * @default []
   */
  except?: string[];
  /**
   * Accept a `cidr` that overlaps `operator.clusterCidrs`. NetworkPolicy ipBlocks match pod IPs
   * too, so such a flow also reaches (or admits) every pod whose address is inside it; without this
   * acknowledgement it is refused, and the fix is usually to list the cluster's ranges in `except`.
   * @default false
   */
  acknowledgeClusterOverlap?: boolean;
}

/** @deprecated Renamed {@link FlowEndpoint} (generated SDKs read `FlowEndpointArgs`); this alias goes at 1.0. */
export type FlowEndpointArgs = FlowEndpoint;

/** A declared east-west flow: `from` may open connections to `to` on `ports`. */
export interface Flow {
  /**
   * A DNS label naming the flow; it becomes part of the NetworkPolicy names
   * (`allow-<name>-egress`, `allow-<name>-ingress`), so it must be unique.
   */
  name: string;
  /** The client side. */
  from: FlowEndpoint;
  /** The server side. */
  to: FlowEndpoint;
  /**
   * The destination ports.
   * @default - every port and protocol
   */
  ports?: FlowPort[];
}

/** @deprecated Renamed {@link Flow} (generated SDKs read `FlowArgs`); this alias goes at 1.0. */
export type FlowArgs = Flow;

/** A namespace under default-deny. */
export interface ManagedNamespace {
  /**
   * Create the namespace (true), or adopt one that already exists (false). An adopted namespace is
   * never deleted by this component; its `labels` are applied with a server-side-apply patch.
   * @default true
   */
  create?: boolean;
  /**
   * Labels for the namespace.
   * @default {}
   */
  labels?: { [key: string]: string };
  /**
   * Allow every pod of the namespace to reach cluster DNS (kube-system pods `k8s-app: kube-dns`,
   * UDP and TCP 53). Without it, default-deny egress breaks name resolution.
   * @default true
   */
  allowDns?: boolean;
  /**
   * Enforce default-deny (true), or only observe (false): every allow policy of the namespace is
   * created but not its default-deny, so nothing is blocked yet while `tailnet-zerotrust observe`
   * compares the real traffic with the declaration. Set it back to true (or remove it) to enforce.
   * @default true
   */
  enforce?: boolean;
}

/** @deprecated Renamed {@link ManagedNamespace} (generated SDKs read `ManagedNamespaceArgs`); this alias goes at 1.0. */
export type NamespaceArgs = ManagedNamespace;

/** Where the Kubernetes API server really listens, as seen by NetworkPolicies after kube-proxy. */
export interface ApiServer {
  /**
   * The API server endpoint addresses (`kubectl get endpoints kubernetes -n default`), as CIDRs.
   * @default - any address (0.0.0.0/0 and ::/0) on the API server ports, with a warning
   */
  cidrs?: string[];
  /**
   * The API server endpoint ports (6443 on k3s and kubeadm, 443 on most managed clusters).
   * @default [443, 6443]
   */
  ports?: number[];
}

/** @deprecated Renamed {@link ApiServer} (generated SDKs read `ApiServerArgs`); this alias goes at 1.0. */
export type ApiServerArgs = ApiServer;

/** The Tailscale operator settings that are plain data (credentials are added by the component). */
export interface OperatorSettings {
  /**
   * Install the operator with Helm. `false` means the operator is already there: only policies
   * and exposures are managed.
   * @default true
   */
  install?: boolean;
  /**
   * The operator's namespace; its proxies run there too.
   * @default "tailscale"
   */
  namespace?: string;
  /**
   * The exact `tailscale-operator` chart version to install. The default is the pinned chart whose
   * labels, ports and annotations the generated policies were read against (docs/operator-runtime.md).
   * @default "1.102.3"
   */
  chartVersion?: string;
  /**
   * The operator's own tailnet device name.
   * @default "tailscale-operator"
   */
  hostname?: string;
  /**
   * Tags of the operator's device; must equal the OAuth client's tags.
   * @default ["tag:k8s-operator"]
   */
  operatorTags?: string[];
  /**
   * Default tags of proxy devices (per-Service `tags` replace them).
   * @default ["tag:k8s"]
   */
  proxyTags?: string[];
  /**
   * Where the API server listens, for the operator's and proxies' egress.
   * @default - any address (0.0.0.0/0 and ::/0) on ports 443 and 6443, with a warning
   */
  apiServer?: ApiServer;
  /**
   * The cluster's pod and Service CIDRs. They are cut out of the operator's internet egress, so
   * that the proxies cannot reach in-cluster workloads through it.
   * @default []
   */
  clusterCidrs?: string[];
  /**
   * Put the operator namespace under default-deny, with exactly the egress the operator and its
   * proxies need: API server, DNS, TCP 443, UDP 3478 and UDP to any port.
   * @default true
   */
  isolate?: boolean;
  /**
   * Extra Helm values, deep-merged over the ones this component computes (an escape hatch).
   * Credentials do not belong here: they stay in the `operator-oauth` Secret.
   * @default {}
   */
  helmValues?: { [key: string]: any };
}

/** Where cluster DNS runs, for the DNS egress every managed namespace gets. */
export interface ClusterDns {
  /**
   * The namespace of the DNS pods.
   * @default "kube-system"
   */
  namespace?: string;
  /**
   * Labels of the DNS pods.
   * @default {"k8s-app": "kube-dns"} (CoreDNS keeps this label on kubeadm, k3s, EKS, GKE and AKS)
   */
  podLabels?: { [key: string]: string };
}

/** @deprecated Renamed {@link ClusterDns} (generated SDKs read `ClusterDnsArgs`); this alias goes at 1.0. */
export type ClusterDnsArgs = ClusterDns;

/** The operator as the core sees it: the settings, and credentials it only checks for presence. */
export interface OperatorSpec extends OperatorSettings {
  /**
   * The OAuth client id, checked only for presence here (the component's `Operator` keeps it secret).
   * @default - required when `install` is true, unless `tailnet.createOAuthClient` is set
   */
  oauthClientId?: unknown;
  /**
   * The OAuth client secret, checked only for presence here (never quoted, never planned).
   * @default - required when `install` is true, unless `tailnet.createOAuthClient` is set
   */
  oauthClientSecret?: unknown;
}

/**
 * The kernel's part of the declaration as plain data; credentials are opaque here. The whole
 * declaration, `ZeroTrustSpec` (`features/args.ts`), adds the features' fields (`FeatureArgs`).
 */
export interface CoreSpec {
  /**
   * The Tailscale operator (see `ZeroTrustClusterArgs.operator`).
   * @default - install the pinned chart into "tailscale" (credentials required, unless
   * `tailnet.createOAuthClient` is set)
   */
  operator?: OperatorSpec;
  /**
   * Cluster DNS.
   * @default - kube-system pods labelled k8s-app=kube-dns
   */
  clusterDns?: ClusterDns;
  /**
   * Namespaces under default-deny, by name.
   * @default {}
   */
  namespaces?: { [name: string]: ManagedNamespace };
  /**
   * Namespaces the cluster has that this declaration does not manage (see `ZeroTrustClusterArgs`).
   * @default []
   */
  unmanagedNamespaces?: string[];
  /**
   * Declared flows.
   * @default []
   */
  allow?: Flow[];
  /**
   * The tailnet policy.
   * @default - the policy is only computed (output `tailnetPolicy`), never applied
   */
  tailnet?: Tailnet;
  /**
   * The dataplane that enforces the policies.
   * @default - the upstream NetworkPolicy semantics
   */
  dataplane?: Dataplane;
}

/** The tailnet side of the declaration. */
export interface Tailnet {
  /**
   * Apply the merged tailnet policy with `@pulumi/tailscale` `Acl`. The Acl owns the WHOLE policy
   * file, and a policy with grants denies everything it does not grant, so `basePolicy` is required.
   * @default false
   */
  manage?: boolean;
  /**
   * The rest of the tailnet policy (JSON or HuJSON): groups, other grants. The generated fragment
   * is merged into it, never rewriting its own entries.
   * @default - none: `tailnetPolicy` is the fragment alone
   */
  basePolicy?: string;
  /**
   * Create the operator's OAuth client with `@pulumi/tailscale` `OauthClient` and feed it to the
   * operator, instead of `operator.oauthClientId`/`oauthClientSecret`.
   * @default false
   */
  createOAuthClient?: boolean;
  /**
   * Services (`<namespace>/<service>`) allowed to use Funnel (public internet exposure).
   * @default []
   */
  allowFunnel?: string[];
  /**
   * Save the generated `tests` in the policy, so Tailscale re-proves the access rules on every
   * save. They are always evaluated offline at preview either way. Set false if Tailscale refuses
   * tests that name proxy tags no device carries yet (a first `manage` apply on a fresh tailnet).
   * @default true
   */
  includeTests?: boolean;
  /**
   * The tailnet's MagicDNS domain (`tail1234.ts.net`), for the full URLs in the `hostnames` output.
   * @default - short names (`http://k8s-grafana`)
   */
  domain?: string;
}

/** @deprecated Renamed {@link Tailnet} (generated SDKs read `TailnetArgs`); this alias goes at 1.0. */
export type TailnetArgs = Tailnet;
