/**
 * tailnet-zerotrust: a Kubernetes cluster under zero trust, from one declaration.
 * The component is the entry point; the pure core (validation, planning) is exported for tools.
 */

export type { OperatorArgs, ZeroTrustClusterArgs } from "./component/args";
export { ZeroTrustCluster } from "./component/zeroTrustCluster";
export * from "./core";
