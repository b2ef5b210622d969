import type * as pulumi from "@pulumi/pulumi";
import type { FeatureArgs } from "../features/args";
import type {
  ClusterDns,
  Dataplane,
  Flow,
  ManagedNamespace,
  OperatorSettings,
  Tailnet,
} from "../kernel/types";

/** The Tailscale operator: its settings and its OAuth client credentials. */
export interface Operator extends OperatorSettings {
  /**
   * The OAuth client id (scopes `devices:core`, `auth_keys`, `services`; tags equal to
   * `operatorTags`). Kept secret: it goes only into the `operator-oauth` Secret.
   * @default - required when `install` is true, unless `tailnet.createOAuthClient` is set
   */
  oauthClientId?: pulumi.Input<string>;
  /**
   * The OAuth client secret. Kept secret: it goes only into the `operator-oauth` Secret, never
   * into Helm values, outputs or logs.
   * @default - required when `install` is true, unless `tailnet.createOAuthClient` is set
   */
  oauthClientSecret?: pulumi.Input<string>;
}

/** @deprecated Renamed {@link Operator} (generated SDKs read `OperatorArgs`); this alias goes at 1.0. */
export type OperatorArgs = Operator;

/** The arguments of a ZeroTrustCluster. The features' fields (`expose`, ...) come from `FeatureArgs`. */
export interface ZeroTrustClusterArgs extends FeatureArgs {
  /**
   * The Tailscale operator: installed with Helm (or already there), its namespace under
   * default-deny with exactly the egress it needs.
   * @default - install the pinned chart into "tailscale" (credentials required, unless
   * `tailnet.createOAuthClient` is set)
   */
  operator?: Operator;
  /**
   * Namespaces put under default-deny (ingress and egress), by name: created, or adopted with
   * `{ create: false }`. Each may reach cluster DNS unless `allowDns` is false.
   * @default {}
   */
  namespaces?: { [name: string]: ManagedNamespace };
  /**
   * Namespaces the cluster has that this declaration does not manage (`ingress-nginx`,
   * `cert-manager`, a team's own): flows, exposures and egresses may name them, and they get no
   * default-deny. Any other namespace a flow, exposure or egress names must be declared in
   * `namespaces`, so that a typo (`dbs` for `db`) is refused instead of planning a rule that
   * selects nothing. The built-in namespaces (`default`, `kube-system`, `kube-public`,
   * `kube-node-lease`), the operator's and cluster DNS's are always known.
   * @default []
   */
  unmanagedNamespaces?: string[];
  /**
   * Declared flows: each becomes an egress rule on the source side and an ingress rule on the
   * destination side (where those namespaces are managed).
   * @default []
   */
  allow?: Flow[];
  /**
   * Where cluster DNS runs.
   * @default - kube-system pods labelled k8s-app=kube-dns
   */
  clusterDns?: ClusterDns;
  /**
   * The tailnet side: the policy fragment for the exposed Services, optionally applied.
   * @default - the policy is only computed (output `tailnetPolicy`), never applied
   */
  tailnet?: Tailnet;
  /**
   * The CNI that enforces the policies (and its node-local DNS, the `kubernetes` Service address),
   * so that the generated policies work on it and the proof judges as it does.
   * @default - the upstream NetworkPolicy semantics
   */
  dataplane?: Dataplane;
}
