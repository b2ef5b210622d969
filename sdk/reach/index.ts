/**
 * Reachability: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) as a pure library, with
 * no Pulumi import, shared by the component, the `tailnet-zerotrust` command and the tests.
 */

export {
  type Cidr,
  formatIp,
  type IpAddress,
  type IpBlock,
  ipBlockMatches,
  parseCidr,
  parseIp,
} from "./cidr";
export { type DataplaneSemantics, UPSTREAM } from "./dataplane/semantics";
export { ReachInputError } from "./errors";
export {
  type ClusterParts,
  type KindReader,
  READ_KINDS,
  type SkippedObjects,
  UNMODELLED_KINDS,
  unmodelledObjects,
} from "./load/kinds";
export { buildCluster, buildClusterFromSources, flattenObjects, type ObjectSource } from "./load/load";
export { WORKLOAD_KINDS } from "./load/workloads";
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
export { labelsKey, type PodClass } from "./netpol/classes";
export { ReachabilityEngine } from "./netpol/engine";
export { type ExternalPeer, externalPeers } from "./netpol/externals";
export type {
  MatrixExternal,
  MatrixFlow,
  MatrixGroup,
  MatrixOptions,
  MatrixSummary,
  ReachMatrix,
} from "./netpol/matrix";
export { type NaiveCount, naiveCheck, naiveMatrixCount } from "./netpol/naive";
export {
  type ContainerPort,
  formatPortRule,
  type PortRule,
  PROTOCOLS,
  type Protocol,
  parseProtocol,
} from "./ports";
export type { ConnectionQuery, Endpoint, SideVerdict, Verdict } from "./query";
export { formatCheck, parseCheck } from "./render/check-text";
export {
  type Labels,
  labelKeyProblem,
  labelValueProblem,
  parseSelector,
  SELECT_ALL,
  Selector,
} from "./selectors";
