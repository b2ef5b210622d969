/**
 * The dataplane declaration: which CNI enforces the policies, so that the generator emits what that
 * CNI really enforces and the evaluator judges as it does. Schema-friendly: interfaces and string
 * enums only. Every behaviour keyed on these values is cited in `profiles.ts`.
 */

/** The CNI (or network policy engine) that enforces NetworkPolicies in the cluster. */
export enum Cni {
  /** The upstream NetworkPolicy semantics, exactly as documented; no dataplane deviation. */
  Upstream = "upstream",
  /** Cilium, also GKE Dataplane V2 and Azure CNI powered by Cilium. */
  Cilium = "cilium",
  /** Calico (iptables dataplane). */
  Calico = "calico",
  /** kube-router's policy controller, embedded in k3s. */
  KubeRouter = "kube-router",
  /** Antrea. */
  Antrea = "antrea",
  /** The Amazon VPC CNI network policy agent (EKS). */
  AwsVpcCni = "aws-vpc-cni",
  /** Azure Network Policy Manager (`--network-policy azure`). */
  AzureNpm = "azure-npm",
  /** Weave Net's weave-npc (unmaintained). */
  Weave = "weave",
}

/** Cilium's `policyCIDRMatchMode` Helm value (`--policy-cidr-match-mode`). */
export enum CiliumPolicyCidrMatchMode {
  /** Unset: CIDR rules never select in-cluster pods or nodes. */
  Default = "default",
  /** `nodes`: CIDR rules also select node addresses (Cilium 1.15 and later, beta). */
  Nodes = "nodes",
}

/** A node-local DNS cache: pods send their queries to it instead of the kube-dns pods. */
export interface NodeLocalDns {
  /**
   * The cache's link-local address: 169.254.20.10 for NodeLocal DNSCache (GKE too), 169.254.169.254
   * for GKE Cloud DNS, 169.254.10.11 for AKS LocalDNS, 169.254.25.10 on kubespray.
   * @default "169.254.20.10"
   */
  address?: string;
  /**
   * Labels of the cache's pods in the cluster DNS namespace (a Cilium local redirect policy sends
   * DNS to these pods rather than to an address).
   * @default {"k8s-app": "node-local-dns"}
   */
  podLabels?: { [key: string]: string };
}

/** @deprecated Renamed {@link NodeLocalDns} (generated SDKs read `NodeLocalDnsArgs`); this alias goes at 1.0. */
export type NodeLocalDnsArgs = NodeLocalDns;

/** The dataplane the policies run on. */
export interface Dataplane {
  /**
   * The CNI that enforces NetworkPolicies.
   * @default "upstream" (the documented semantics; no dataplane-specific rules)
   */
  cni?: Cni;
  /**
   * The CNI's version (`1.15.6`, or `1` for Azure NPM v1), where its behaviour changed: Cilium
   * enforces `endPort` from 1.16, Azure NPM from v2.
   * @default - unknown: ranges are expanded to single ports wherever a version ignores `endPort`
   */
  version?: string;
  /**
   * Cilium only: the cluster's `policyCIDRMatchMode`. With `nodes`, the API server is reached by
   * its endpoint addresses; otherwise a CiliumNetworkPolicy allows the `kube-apiserver` entity.
   * @default "default"
   */
  ciliumPolicyCidrMatchMode?: CiliumPolicyCidrMatchMode;
  /**
   * A node-local DNS cache, when the cluster runs one (NodeLocal DNSCache, GKE Cloud DNS, AKS
   * LocalDNS, a Cilium local redirect policy): DNS egress then also allows its address and pods.
   * @default - none: DNS egress reaches the cluster DNS pods only
   */
  nodeLocalDns?: NodeLocalDns;
  /**
   * The `kubernetes` Service's ClusterIP (`kubectl get svc kubernetes -n default`), for dataplanes
   * that judge egress before the Service address is translated (the EKS agent): the operator's
   * API server egress then also allows it on TCP 443.
   * @default - none: the Service address is not added to the operator's API server egress
   */
  kubernetesServiceIp?: string;
}

/** @deprecated Renamed {@link Dataplane} (generated SDKs read `DataplaneArgs`); this alias goes at 1.0. */
export type DataplaneArgs = Dataplane;
