/**
 * Reachability: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) as a pure library, with
 * no Pulumi import, shared by the component, the `tailnet-zerotrust` command and the tests.
 *
 * Folders by concern, each with an index.ts as its public face: load/ (YAML, kinds, workloads),
 * netpol/ (the NetworkPolicy engine and matrix), admin/ (AdminNetworkPolicy tiers), dataplane/
 * (where a CNI departs from upstream), render/ (check and verdict text); the shared primitives
 * (CIDR, ports, selectors, the model, queries, errors, bit sets) stay at this folder's root.
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
export { type DataplaneSemantics, UPSTREAM } from "./dataplane";
export { ReachInputError } from "./errors";
export {
  buildCluster,
  buildClusterFromSources,
  type ClusterParts,
  flattenObjects,
  type KindReader,
  type ObjectSource,
  READ_KINDS,
  type SkippedObjects,
  UNMODELLED_KINDS,
  unmodelledObjects,
  WORKLOAD_KINDS,
} from "./load";
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
export type {
  MatrixExternal,
  MatrixFlow,
  MatrixGroup,
  MatrixOptions,
  MatrixSummary,
  ReachMatrix,
} from "./netpol";
export {
  type ExternalPeer,
  externalPeers,
  labelsKey,
  type NaiveCount,
  naiveCheck,
  naiveMatrixCount,
  type PodClass,
  ReachabilityEngine,
} from "./netpol";
export {
  type ContainerPort,
  formatPortRule,
  type PortRule,
  PROTOCOLS,
  type Protocol,
  parseProtocol,
} from "./ports";
export type { ConnectionQuery, Endpoint, SideVerdict, Verdict } from "./query";
export { formatCheck, parseCheck } from "./render";
export {
  type Labels,
  labelKeyProblem,
  labelValueProblem,
  parseSelector,
  SELECT_ALL,
  Selector,
} from "./selectors";
