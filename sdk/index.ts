/**
 * tailnet-zerotrust: a Kubernetes cluster under zero trust, from one declaration.
 * The components are the entry points; the pure core (validation, planning) is exported for tools.
 */

export type { OperatorArgs, ZeroTrustClusterArgs } from "./component/args";
export type { FleetClusterArgs, FleetTailnetStackArgs, ZeroTrustFleetArgs } from "./component/fleetArgs";
export { FleetTailnet } from "./component/fleetTailnet";
export { ZeroTrustCluster } from "./component/zeroTrustCluster";
export { ZeroTrustFleet } from "./component/zeroTrustFleet";
export * from "./core";
export {
  type ClusterExport,
  type FleetPlan,
  type FleetProof,
  type FleetSpec,
  FleetValidationError,
  fleetFromExports,
  type LinkArgs,
  type LinkPath,
  LinkViolationError,
  linkLines,
  planFleet,
  proveFleet,
} from "./fleet";
export * from "./inputs";
