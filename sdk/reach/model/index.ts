/**
 * The model, the bottom of sdk/reach: the engine's plain view of a cluster (pods, namespaces,
 * NetworkPolicies, the admin tiers, Nodes, Services), queries and verdicts, addresses and CIDRs,
 * ports, selectors, bit sets and intervals, the dataplane switches, and the readers of an object's
 * fields. Everything here is used by the folders above it; sdk/reach/index.ts re-exports the
 * package's share.
 */

export {
  adminRuleRef,
  adminRulesOf,
  adminRuleText,
  adminSelectsPod,
  tieredSide,
} from "./admin";
export { Bitset } from "./bitset";
export {
  type Cidr,
  cidrContains,
  cidrCovers,
  formatIp,
  type IpAddress,
  type IpBlock,
  type IpFamily,
  ipBlockMatches,
  makeIpBlock,
  parseCidr,
  parseIp,
} from "./cidr";
export { FieldError, ReachInputError } from "./errors";
export { formatIntervals, normalize, sameIntervals, subtract } from "./intervals";
export {
  type AdminAction,
  type AdminKind,
  type AdminPolicyInfo,
  type AdminRule,
  type AdminRuleRef,
  type AdminTier,
  type AdminTiers,
  type Cluster,
  type Direction,
  type EntityPeer,
  type IpBlockPeer,
  ipKey,
  type K8sObject,
  type NamespaceInfo,
  type NodeInfo,
  type Peer,
  type PodInfo,
  type PodPeer,
  type PolicyInfo,
  type PolicyRule,
  policySelectsPod,
  rulesOf,
  type ServiceInfo,
  type ServicePortInfo,
  type SkippedObjects,
} from "./model";
export {
  identity,
  labelsAt,
  listAt,
  NAME_LABEL,
  parseNamespace,
  parsePod,
  parsePolicy,
  podFromSpec,
} from "./parse";
export {
  type ContainerPort,
  formatPolicyPort,
  isPortNumber,
  type PolicyPort,
  PROTOCOLS,
  type Protocol,
  parseProtocol,
  portsMatch,
} from "./ports";
export type { ConnectionQuery, QueryEndpoint, SideVerdict, Verdict } from "./query";
export { queryEndpointText } from "./query";
export { isRecord } from "./records";
export {
  labelKeyProblem,
  labelValueProblem,
  parseSelector,
  type ReadonlyLabels,
  SELECT_ALL,
  Selector,
} from "./selectors";
export { type DataplaneSemantics, ipBlockMatchesNode, UPSTREAM } from "./semantics";
