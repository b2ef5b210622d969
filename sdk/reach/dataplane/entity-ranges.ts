import type { IpAddress } from "../model/cidr";
import { type Cluster, type EntityPeer, ipKey, type Peer, type PodInfo } from "../model/model";
import { peerAdmitsAddress } from "./match";

/**
 * Cilium entities (`toEntities`) in the all-ports, all-addresses matrix. The matrix judges address
 * ranges, not addresses, so an entity must give every address of a range the same answer: the
 * partition cuts the addresses entities tell apart (node addresses, the API server's) into ranges
 * of their own ({@link entityPoints}), and a range is then judged by one address of it, as
 * `peerAdmitsAddress` judges a single connection. `host` (the pod's own node) depends on the
 * source pod, so a range that is a node address carries that node, and the pods are split by it.
 */

/** The entities the cluster's policies name, besides `host` (judged per pod). */
export function entitiesInUse(cluster: Cluster): EntityPeer["entity"][] {
  const used = new Set<EntityPeer["entity"]>();
  for (const p of cluster.policies)
    for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])])
      for (const peer of rule.peers ?? []) if (peer.kind === "entity") used.add(peer.entity);
  return [...used].sort();
}

const fromKey = (key: string): IpAddress => {
  const [family, value] = key.split("/");
  return { family: Number(family) as IpAddress["family"], value: BigInt(value) };
};

/**
 * The addresses the partition must cut out for the entities in use: every node address (world,
 * cluster, host, remote-node tell them apart) and the API server's (kube-apiserver).
 */
export function entityPoints(cluster: Cluster): IpAddress[] {
  if (entitiesInUse(cluster).length === 0) return [];
  return [...new Set([...cluster.nodeIps, ...cluster.apiServerIps])].map(fromKey);
}

/** How a range answers the entities: `entities` it is in, and `node`, the node it is, for `host`. */
export interface EntityCase {
  readonly entities: ReadonlySet<EntityPeer["entity"]>;
  readonly node?: string;
}

/** The entity case of the range starting at `first` (`single`: the range is that one address). */
export function entityCase(
  cluster: Cluster,
  used: readonly EntityPeer["entity"][],
  first: IpAddress,
  single: boolean,
): EntityCase {
  const entities = new Set(
    used.filter(
      (entity) =>
        entity !== "host" &&
        peerAdmitsAddress({ kind: "entity", entity, key: `entity:${entity}` }, first, cluster),
    ),
  );
  const node =
    single && used.includes("host") && cluster.nodeIps.has(ipKey(first)) ? ipKey(first) : undefined;
  return { entities, ...(node ? { node } : {}) };
}

/** Whether an entity peer admits the range of `c` for a pod on `podNode` (its `hostIp` as an ipKey). */
export function entityAdmitsCase(peer: Peer, c: EntityCase, podNode: string | undefined): boolean {
  if (peer.kind !== "entity") return false;
  if (peer.entity === "host") return c.node !== undefined && c.node === podNode;
  return c.entities.has(peer.entity);
}

/** A pod's node, as the key `entityCase` gives a node range. */
export const podNodeKey = (pod: PodInfo) => (pod.hostIp ? ipKey(pod.hostIp) : undefined);
