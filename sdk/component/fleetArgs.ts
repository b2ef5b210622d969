import type * as pulumi from "@pulumi/pulumi";
import type { FleetTailnetPolicy, Link } from "../fleet/types";
import type { ZeroTrustClusterArgs } from "./args";

/** One cluster of a fleet: its ZeroTrustCluster args, where it runs, and how its devices are named. */
export interface FleetCluster extends ZeroTrustClusterArgs {
  /**
   * The cluster's kubeconfig (kept secret): the fleet makes the cluster's Kubernetes provider of it.
   * @default - the provider passed as `providers: { <cluster>: provider }` in the resource options,
   * else the program's default (allowed for one cluster of the fleet only)
   */
  kubeconfig?: pulumi.Input<string>;
  /**
   * Prefix of the cluster's tailnet device names and default proxy tags (`<prefix>-<hostname>`,
   * `tag:k8s-<prefix>-egress-<link>`), so they are unique across the fleet. `""` turns it off.
   * @default - the cluster's name
   */
  prefix?: string;
}

/** @deprecated Renamed {@link FleetCluster} (generated SDKs read `FleetClusterArgs`); this alias goes at 1.0. */
export type FleetClusterArgs = FleetCluster;

/** The arguments of a ZeroTrustFleet: clusters on one tailnet, the links between them, one policy. */
export interface ZeroTrustFleetArgs {
  /**
   * The clusters by name (a DNS label): each becomes a ZeroTrustCluster child on its own provider,
   * with `tailnet.manage` off (the fleet applies the one policy).
   */
  clusters: { [name: string]: FleetCluster };
  /**
   * Cross-cluster flows: each adds the source cluster's egress proxy tag to the destination
   * exposure's `access`, an egress Service for its clients in the source cluster, and the grant.
   * @default []
   */
  links?: Link[];
  /**
   * The one tailnet policy: every cluster's fragment merged into `basePolicy` once.
   * @default - computed (output `tailnetPolicy`), never applied
   */
  tailnet?: FleetTailnetPolicy;
}

/** The arguments of a FleetTailnet: the tailnet side of a fleet split across stacks. */
export interface FleetTailnetStackArgs {
  /**
   * Each cluster's `fleetExport` output by cluster name, e.g. from
   * `new pulumi.StackReference("org/edge/prod").getOutput("fleetExport")`.
   */
  exports: { [cluster: string]: pulumi.Input<string> };
  /**
   * The one tailnet policy (`domain` and `createOAuthClient` are the cluster stacks' business here).
   * @default - computed (output `tailnetPolicy`), never applied
   */
  tailnet?: FleetTailnetPolicy;
}
