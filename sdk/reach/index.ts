/**
 * Reachability: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) as a pure library, with
 * no Pulumi import, shared by the component, the `tailnet-zerotrust` command and the tests.
 */

export { formatCheck, parseCheck } from "./check-text";
export {
  type Cidr,
  formatIp,
  type IpAddress,
  type IpBlock,
  ipBlockMatches,
  parseCidr,
  parseIp,
} from "./cidr";
export { labelsKey, type PodClass } from "./classes";
export { type DataplaneSemantics, UPSTREAM } from "./dataplane";
export { ReachabilityEngine } from "./engine";
export { ReachInputError } from "./errors";
export { type ExternalPeer, externalPeers } from "./externals";
export {
  type ClusterParts,
  type KindReader,
  READ_KINDS,
  type SkippedObjects,
  UNMODELLED_KINDS,
  unmodelledObjects,
} from "./kinds";
export { buildCluster, buildClusterFromSources, flattenObjects, type ObjectSource } from "./load";
export type {
  MatrixExternal,
  MatrixFlow,
  MatrixGroup,
  MatrixOptions,
  MatrixSummary,
  ReachMatrix,
} from "./matrix";
export type {
  Cluster,
  Direction,
  EntityPeer,
  IpBlockPeer,
  K8sObject,
  NamespaceInfo,
  Peer,
  PodInfo,
  PodPeer,
  PolicyInfo,
  PolicyRule,
  ServiceInfo,
} from "./model";
export { type NaiveCount, naiveCheck, naiveMatrixCount } from "./naive";
export {
  type ContainerPort,
  formatPortRule,
  type PortRule,
  PROTOCOLS,
  type Protocol,
  parseProtocol,
} from "./ports";
export type { ConnectionQuery, Endpoint, SideVerdict, Verdict } from "./query";
export {
  type Labels,
  labelKeyProblem,
  labelValueProblem,
  parseSelector,
  SELECT_ALL,
  Selector,
} from "./selectors";
export { WORKLOAD_KINDS } from "./workloads";
