/**
 * Reachability: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1) as a pure library, with
 * no Pulumi import, shared by the component, the `tailnet-zerotrust` command and the tests.
 *
 * Folders by concern, layered (`.dependency-cruiser.cjs`, REACH_DEPENDENCIES): model/ at the bottom
 * (the plain model, queries, CIDR, ports, selectors, errors, bit sets, the admin tiers' and
 * dataplane switches' types, the object field readers); dataplane/ (where a CNI departs from
 * upstream), admin/ (loading AdminNetworkPolicy tiers and Nodes) and render/ (the text of a check)
 * over it; netpol/ (the NetworkPolicy engine and matrix, the admin tiers evaluated in it, the
 * verdicts' explanations) and load/ (YAML, kinds, workloads) on top. This file is the public face
 * over all of them.
 */

export { type DataplaneSemantics, UPSTREAM } from "./dataplane";
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
export {
  type Cidr,
  formatIp,
  type IpAddress,
  type IpBlock,
  ipBlockMatches,
  parseCidr,
  parseIp,
} from "./model/cidr";
export { ReachInputError } from "./model/errors";
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
} from "./model/model";
export {
  type ContainerPort,
  formatPolicyPort,
  type PolicyPort,
  PROTOCOLS,
  type Protocol,
  parseProtocol,
} from "./model/ports";
export {
  type ConnectionQuery,
  type QueryEndpoint,
  queryEndpointText,
  type SideVerdict,
  type Verdict,
} from "./model/query";
export {
  labelKeyProblem,
  labelValueProblem,
  parseSelector,
  type ReadonlyLabels,
  SELECT_ALL,
  Selector,
} from "./model/selectors";
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
export { formatCheck, parseCheck } from "./render";
