/** Loading: YAML and JSON documents, the kinds the engine reads, workloads to pods. */
export {
  type ClusterParts,
  type KindReader,
  READ_KINDS,
  type SkippedObjects,
  UNMODELLED_KINDS,
  unmodelledObjects,
} from "./kinds";
export { buildCluster, buildClusterFromSources, flattenObjects, type ObjectSource } from "./load";
export { WORKLOAD_KINDS } from "./workloads";
