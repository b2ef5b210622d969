/** The NetworkPolicy engine: the grouped bit-set matrix, single checks, and the naive reference. */
export { type AddressRange, addressPartition, describeAddresses } from "./addresses";
export { labelsKey, type PodClass } from "./classes";
export { ReachabilityEngine } from "./engine";
export { loopbackVerdict, verdictOf } from "./explain";
export { type ExternalPeer, externalPeers } from "./externals";
export type {
  MatrixExternal,
  MatrixFlow,
  MatrixGroup,
  MatrixOptions,
  MatrixSummary,
  ReachMatrix,
} from "./matrix-result";
export { type NaiveCount, naiveCheck, naiveMatrixCount } from "./naive";
export { computeSpans, type SpanMatrix } from "./spans";
