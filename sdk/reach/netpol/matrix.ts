import { ipKey, type PodInfo } from "../model/model";
import { externalFlowsWithTiers } from "./admin-matrix";
import { labelsKey, type PodClass } from "./classes";
import { externalFlows } from "./external-flows";
import { externalPeers, representativeText } from "./externals";
import type { MatrixFlow, MatrixOptions, ReachMatrix } from "./matrix-result";
import type { PolicyIndex } from "./policy-index";
import { SourceSets } from "./sources";

/**
 * The whole reachability matrix, computed per destination class and port as bit-set algebra:
 * allowed sources = (classes the destination's ingress rules admit) AND (classes not isolated for
 * egress OR selected by an egress policy with a rule admitting the destination). Costs about
 * classes x (rules + classes / 32) per destination port instead of pods^2 x policies.
 */

function groupIds(classes: readonly PodClass[]): string[] {
  const used = new Map<string, number>();
  return classes.map((cls) => {
    const base = cls.pods.length === 1 ? cls.pods[0].key : `${cls.namespace}/[${labelsKey(cls.labels)}]`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

export function computeMatrix(index: PolicyIndex, options: MatrixOptions = {}): ReachMatrix {
  const { classes } = index.classification;
  const ids = groupIds(classes);
  const totalPods = index.cluster.pods.length;
  const flows: MatrixFlow[] = [];
  let allowed = 0;
  let triples = 0;
  const sourceSets = new SourceSets(index);
  const ownNode = ownNodeSources(index);

  classes.forEach((dst, d) => {
    dst.ports.forEach((port) => {
      triples += dst.pods.length * (totalPods - 1);
      const sources = sourceSets.allowed(d, port.port, port.protocol);
      const flow = (s: number, pairs: number) => {
        allowed += pairs;
        flows.push({
          from: ids[s],
          to: ids[d],
          port: port.port,
          ...(port.name ? { portName: port.name } : {}),
          protocol: port.protocol,
          connections: pairs,
        });
      };
      sources.forEach((s) => {
        const src = classes[s];
        const pairs = src.pods.length * dst.pods.length - (s === d ? dst.pods.length : 0);
        if (pairs > 0) flow(s, pairs);
      });
      // Pairs the dataplane allows on one node although their classes are denied.
      for (const [s, pairs] of ownNode(d)) if (!sources.has(s)) flow(s, pairs);
    });
    options.onProgress?.(d + 1, classes.length);
  });

  const externals = externalPeers(index.blocks);
  flows.push(
    ...(index.admin
      ? externalFlowsWithTiers(index, index.admin, externals, ids)
      : externalFlows(index, externals, ids)),
  );
  const text = (port: number | string) => (typeof port === "number" ? String(port).padStart(5, "0") : port);
  flows.sort(
    (x, y) =>
      x.from.localeCompare(y.from) ||
      x.to.localeCompare(y.to) ||
      x.protocol.localeCompare(y.protocol) ||
      text(x.port).localeCompare(text(y.port)),
  );
  return {
    summary: {
      pods: totalPods,
      policies: index.cluster.policies.length,
      ...(index.admin ? { adminPolicies: index.admin.policies.length + index.admin.baselines.length } : {}),
      allowed,
      denied: triples - allowed,
    },
    groups: classes.map((cls, i) => ({
      id: ids[i],
      namespace: cls.namespace,
      labels: cls.labels,
      hostNetwork: cls.hostNetwork,
      pods: cls.pods.map((p) => p.name),
    })),
    externals: externals.map((e) => ({ id: e.id, representative: representativeText(e) })),
    flows,
  };
}

/**
 * The own-node exceptions, pair by pair but only between a pod and its own node's hostNetwork
 * pods: egress to the own node (EKS, Weave) and ingress from it (U4). Either side is then allowed
 * whatever the class says, and the other is a hostNetwork pod, which nothing isolates. Returns,
 * for a destination class, the source classes with their number of such pairs.
 */
function ownNodeSources(index: PolicyIndex): (d: number) => Map<number, number> {
  const { cluster, classification } = index;
  const egress = cluster.dataplane.egressToOwnNode === "always";
  const ingress = cluster.dataplane.ingressFromOwnNode === "always";
  const onNode = new Map<string, PodInfo[]>();
  const nodePods = new Map<string, PodInfo[]>();
  const add = (map: Map<string, PodInfo[]>, key: string, pod: PodInfo) =>
    map.set(key, [...(map.get(key) ?? []), pod]);
  for (const pod of cluster.pods) {
    if (pod.hostIp) add(onNode, ipKey(pod.hostIp), pod);
    if (pod.hostNetwork) for (const ip of pod.ips) add(nodePods, ipKey(ip), pod);
  }
  const none = new Map<number, number>();
  if ((!egress && !ingress) || onNode.size === 0 || nodePods.size === 0) return () => none;
  const classId = (pod: PodInfo) => classification.classOf.get(pod.key)!.id;
  return (d) => {
    const counts = new Map<number, number>();
    for (const dst of classification.classes[d].pods) {
      const sources = new Set<PodInfo>();
      if (egress && dst.hostNetwork)
        for (const ip of dst.ips) for (const src of onNode.get(ipKey(ip)) ?? []) sources.add(src);
      if (ingress && dst.hostIp) for (const src of nodePods.get(ipKey(dst.hostIp)) ?? []) sources.add(src);
      sources.delete(dst); // loopback is out of scope
      for (const src of sources) counts.set(classId(src), (counts.get(classId(src)) ?? 0) + 1);
    }
    return counts;
  };
}
