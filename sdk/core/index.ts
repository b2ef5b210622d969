/**
 * The pure core: validation, defaults and planning over plain data. Nothing here imports Pulumi,
 * so the command-line tool and the tests use it without loading the Pulumi SDK.
 */

export type { FeatureArgs, ZeroTrustSpec } from "../features/args";
export type {
  Connector,
  ConnectorAccess,
  ConnectorAccessArgs,
  ConnectorArgs,
  ConnectorReach,
  ConnectorReachArgs,
} from "../features/connectors/args";
export type {
  Egress,
  EgressArgs,
  EgressClient,
  EgressClientArgs,
  EgressPort,
  EgressPortArgs,
} from "../features/egress/args";
// The features' public pieces, exported here as before they moved into folders.
export * from "../features/exposure/args";
export { defaultHostname, type NormalizedExposure } from "../features/exposure/normalize";
export * from "../features/exposure/objects";
export type { Metrics, MetricsArgs, MetricsSource, MetricsSourceArgs } from "../features/metrics/args";
export { type ProxyGroup, type ProxyGroupArgs, ProxyGroupType } from "../features/proxy-groups/args";
export * from "../kernel/cidr";
export * from "../kernel/defaults";
export * from "../kernel/flows";
export * from "../kernel/kube";
export * from "../kernel/normalize";
export * from "../kernel/operator";
export * from "../kernel/policies";
export * from "../kernel/proxies";
export * from "../kernel/resources";
export * from "../kernel/rules";
export * from "../kernel/types";
export * from "../pipeline/normalize";
export * from "../pipeline/plan";
export * from "../pipeline/validate";
