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
  type Cluster,
  type ConnectionQuery,
  type ContainerPort,
  type Direction,
  type EntityPeer,
  formatIp,
  formatPolicyPort,
  type IpAddress,
  type IpBlock,
  type IpBlockPeer,
  ipBlockMatches,
  type K8sObject,
  labelKeyProblem,
  labelValueProblem,
  type NamespaceInfo,
  type Peer,
  type PodInfo,
  type PodPeer,
  type PolicyInfo,
  type PolicyPort,
  type PolicyRule,
  PROTOCOLS,
  type Protocol,
  parseCidr,
  parseIp,
  parseProtocol,
  parseSelector,
  type QueryEndpoint,
  queryEndpointText,
  ReachInputError,
  type ReadonlyLabels,
  SELECT_ALL,
  Selector,
  type ServiceInfo,
  type SideVerdict,
  type Verdict,
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
export { formatCheck, parseCheck } from "./render";
