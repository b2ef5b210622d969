/**
 * A fleet: several clusters on one tailnet, as plain data. Shared by the `ZeroTrustFleet`
 * component (which adds `pulumi.Input`s for credentials and kubeconfigs) and the command-line tool,
 * so the interfaces stay schema-friendly: interfaces only, no unions, no callbacks.
 */

import type { ZeroTrustSpec } from "../features/args";

/** A port of a link, as the source cluster's clients dial it (a port of the destination's exposure). */
export interface LinkPort {
  /** The port, on the source's egress Service and the destination's exposed Service alike. */
  port: number;
  /**
   * `TCP` or `UDP`.
   * @default "TCP"
   */
  protocol?: string;
}

/** @deprecated Renamed {@link LinkPort} (generated SDKs read `LinkPortArgs`); this alias goes at 1.0. */
export type LinkPortArgs = LinkPort;

/** The clients of a link: pods of one namespace of the source cluster. */
export interface LinkSource {
  /** The source cluster's name (a key of `clusters`). */
  cluster: string;
  /** The clients' namespace; the egress Service `<link>.<namespace>.svc` is created there. */
  namespace: string;
  /**
   * Labels that select the client pods inside `namespace`.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
}

/** @deprecated Renamed {@link LinkSource} (generated SDKs read `LinkSourceArgs`); this alias goes at 1.0. */
export type LinkSourceArgs = LinkSource;

/** The destination of a link: a Service the destination cluster exposes (an entry of its `expose`). */
export interface LinkDestination {
  /** The destination cluster's name (a key of `clusters`). */
  cluster: string;
  /** The exposed Service's namespace. */
  namespace: string;
  /** The exposed Service's name. */
  service: string;
}

/** @deprecated Renamed {@link LinkDestination} (generated SDKs read `LinkDestinationArgs`); this alias goes at 1.0. */
export type LinkDestinationArgs = LinkDestination;

/**
 * A cross-cluster flow: pods of one cluster reach a Service exposed by another, through the
 * source cluster's egress proxy, the tailnet and the destination's ingress proxy.
 */
export interface Link {
  /** A DNS label, unique in the fleet: the egress Service's name in the source cluster. */
  name: string;
  /** The clients. */
  from: LinkSource;
  /** The exposed Service. */
  to: LinkDestination;
  /**
   * The ports (ports the exposure serves; 443 for an Ingress exposure).
   * @default - every port of the exposure
   */
  ports?: LinkPort[];
}

/** @deprecated Renamed {@link Link} (generated SDKs read `LinkArgs`); this alias goes at 1.0. */
export type LinkArgs = Link;

/** The fleet's one tailnet policy. */
export interface FleetTailnetPolicy {
  /**
   * The rest of the tailnet policy (JSON or HuJSON); every cluster's fragment is merged into it once.
   * @default - none: `tailnetPolicy` is the clusters' fragments united
   */
  basePolicy?: string;
  /**
   * Apply the merged policy with ONE `tailscale.Acl` for the whole fleet (requires `basePolicy`).
   * @default false
   */
  manage?: boolean;
  /**
   * Create each cluster's operator OAuth client (`tailscale.OauthClient`), after the policy.
   * @default false
   */
  createOAuthClient?: boolean;
  /**
   * The tailnet's MagicDNS domain (`tail1234.ts.net`): the egress Services of links name the
   * destination as `<hostname>.<domain>`. Required when there are links.
   * @default - none
   */
  domain?: string;
  /**
   * Save the generated `tests` in the policy (they are always evaluated offline).
   * @default true
   */
  includeTests?: boolean;
}

/** @deprecated Renamed {@link FleetTailnetPolicy} (generated SDKs read `FleetTailnetPolicyArgs`); this alias goes at 1.0. */
export type FleetTailnetArgs = FleetTailnetPolicy;

/** One cluster of the fleet, as plain data: the ZeroTrustCluster fields and how to name its devices. */
export interface FleetClusterSpec extends ZeroTrustSpec {
  /**
   * The cluster's kubeconfig; opaque here, and never read by the plan (the component makes a
   * Kubernetes provider of it).
   * @default - the provider given for the cluster in the component's resource options, else the
   * program's default (allowed for one cluster of the fleet only)
   */
  kubeconfig?: unknown;
  /**
   * Prefix of the cluster's tailnet device names and default proxy tags (`<prefix>-<hostname>`,
   * `tag:k8s-<prefix>-egress-<link>`), so they are unique across the fleet. `""` turns it off.
   * @default - the cluster's name
   */
  prefix?: string;
}

/** The whole fleet as plain data. */
export interface FleetSpec {
  /** The clusters, by name (a DNS label). */
  clusters: { [name: string]: FleetClusterSpec };
  /**
   * Cross-cluster flows.
   * @default []
   */
  links?: Link[];
  /**
   * The one tailnet policy.
   * @default - computed (output `tailnetPolicy`), never applied
   */
  tailnet?: FleetTailnetPolicy;
}
