/**
 * The package's input types, under the names the inferred schema gives them. Other languages read
 * each with an `Args` suffix (Python `tzt.OperatorArgs`, Go `OperatorArgs`, .NET `Inputs.OperatorArgs`),
 * so none of these names ends in `Args`; the components' own args (`ZeroTrustClusterArgs`, ...)
 * are not schema types and keep theirs. The 0.1 names (`OperatorArgs`, ...) remain as deprecated
 * aliases until 1.0. tests/package/schema.test.ts holds the naming rules.
 */

export type { Operator } from "./component/args";
export type { FleetCluster } from "./component/fleetArgs";
export type { Connector, ConnectorAccess, ConnectorReach } from "./features/connectors/args";
export {
  type ApiServerProxy,
  type ApiServerProxyGroup,
  ApiServerProxyMode,
  type ControlPlaneAccess,
  type NamespaceRole,
  type Recorder,
  type RecorderS3,
  RoleKind,
} from "./features/control-plane/types";
export type { Egress, EgressClient, EgressPort } from "./features/egress/args";
export { type Expose, type ExposePort, ExposeVia } from "./features/exposure/args";
export type { Metrics, MetricsSource } from "./features/metrics/args";
export { type ProxyGroup, ProxyGroupType } from "./features/proxy-groups/args";
export type { FleetTailnetPolicy, Link, LinkDestination, LinkPort, LinkSource } from "./fleet/types";
export { CiliumPolicyCidrMatchMode, Cni, type Dataplane, type NodeLocalDns } from "./kernel/dataplane/types";
export type {
  ApiServer,
  ClusterDns,
  Flow,
  FlowEndpoint,
  FlowPort,
  ManagedNamespace,
  Tailnet,
} from "./kernel/types";
