/**
 * The pure core: validation, defaults and planning over plain data. Nothing here imports Pulumi,
 * so the command-line tool and the tests use it without loading the Pulumi SDK.
 */

export type { ConnectorAccessArgs, ConnectorArgs, ConnectorReachArgs } from "../features/connectors/args";
// The features' public pieces, exported here as before they moved into folders.
export * from "../features/exposure/args";
export type { NormalizedExposure } from "../features/exposure/normalize";
export * from "../features/exposure/objects";
export type { MetricsArgs, MetricsSourceArgs } from "../features/metrics/args";
export * from "./cidr";
export * from "./defaults";
export * from "./flows";
export * from "./kube";
export * from "./normalize";
export * from "./operator";
export * from "./plan";
export * from "./policies";
export * from "./proxies";
export * from "./resources";
export * from "./rules";
export * from "./types";
export * from "./validate";
