/**
 * TypeScript written against 0.1 keeps compiling: every args name the package root exported in 0.1
 * is still exported, as the very type it was renamed to. Checked by `npm run typecheck` (this file
 * is in tests/tsconfig.json); nothing here runs. Delete a 0.1 name at 1.0, not before.
 */

import type {
  ApiServer,
  ApiServerArgs,
  ClusterDns,
  ClusterDnsArgs,
  Connector,
  ConnectorAccess,
  ConnectorAccessArgs,
  ConnectorArgs,
  ConnectorReach,
  ConnectorReachArgs,
  Dataplane,
  DataplaneArgs,
  Egress,
  EgressArgs,
  EgressClient,
  EgressClientArgs,
  EgressPort,
  EgressPortArgs,
  Expose,
  ExposeArgs,
  ExposePort,
  ExposePortArgs,
  FleetCluster,
  FleetClusterArgs,
  FleetTailnetStackArgs,
  Flow,
  FlowArgs,
  FlowEndpoint,
  FlowEndpointArgs,
  FlowPort,
  Link,
  LinkArgs,
  ManagedNamespace,
  Metrics,
  MetricsArgs,
  MetricsSource,
  MetricsSourceArgs,
  NamespaceArgs,
  NodeLocalDns,
  NodeLocalDnsArgs,
  Operator,
  OperatorArgs,
  PortArgs,
  ProxyGroup,
  ProxyGroupArgs,
  Tailnet,
  TailnetArgs,
  ZeroTrustClusterArgs,
  ZeroTrustFleetArgs,
} from "../../sdk";

/** `true` only when A and B are the same type (each assignable to the other, no `any`). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** One entry per 0.1 name: the old name and its new one are the same type. */
export const SAME_AS_0_1: { [old: string]: true } = {
  ApiServerArgs: true satisfies Same<ApiServerArgs, ApiServer>,
  ClusterDnsArgs: true satisfies Same<ClusterDnsArgs, ClusterDns>,
  ConnectorAccessArgs: true satisfies Same<ConnectorAccessArgs, ConnectorAccess>,
  ConnectorArgs: true satisfies Same<ConnectorArgs, Connector>,
  ConnectorReachArgs: true satisfies Same<ConnectorReachArgs, ConnectorReach>,
  DataplaneArgs: true satisfies Same<DataplaneArgs, Dataplane>,
  EgressArgs: true satisfies Same<EgressArgs, Egress>,
  EgressClientArgs: true satisfies Same<EgressClientArgs, EgressClient>,
  EgressPortArgs: true satisfies Same<EgressPortArgs, EgressPort>,
  ExposeArgs: true satisfies Same<ExposeArgs, Expose>,
  ExposePortArgs: true satisfies Same<ExposePortArgs, ExposePort>,
  FleetClusterArgs: true satisfies Same<FleetClusterArgs, FleetCluster>,
  FlowArgs: true satisfies Same<FlowArgs, Flow>,
  FlowEndpointArgs: true satisfies Same<FlowEndpointArgs, FlowEndpoint>,
  LinkArgs: true satisfies Same<LinkArgs, Link>,
  MetricsArgs: true satisfies Same<MetricsArgs, Metrics>,
  MetricsSourceArgs: true satisfies Same<MetricsSourceArgs, MetricsSource>,
  NamespaceArgs: true satisfies Same<NamespaceArgs, ManagedNamespace>,
  NodeLocalDnsArgs: true satisfies Same<NodeLocalDnsArgs, NodeLocalDns>,
  OperatorArgs: true satisfies Same<OperatorArgs, Operator>,
  PortArgs: true satisfies Same<PortArgs, FlowPort>,
  ProxyGroupArgs: true satisfies Same<ProxyGroupArgs, ProxyGroup>,
  TailnetArgs: true satisfies Same<TailnetArgs, Tailnet>,
};

/** A 0.1 program's args, spelled with the 0.1 names. */
export const PROGRAM_0_1: ZeroTrustClusterArgs = {
  operator: { oauthClientId: "id", oauthClientSecret: "secret" } satisfies OperatorArgs,
  namespaces: { apps: {} satisfies NamespaceArgs },
  allow: [
    {
      name: "web-to-db",
      from: { namespace: "apps" } satisfies FlowEndpointArgs,
      to: { cidr: "10.20.0.0/16" },
      ports: [{ port: 5432 } satisfies PortArgs],
    } satisfies FlowArgs,
  ],
};

export type Fleet0_1 = [ZeroTrustFleetArgs, FleetTailnetStackArgs];
