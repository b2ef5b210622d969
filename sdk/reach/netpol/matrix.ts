import { ipKey, type PodInfo } from "../model/model";
import { type ContainerPort, formatPolicyPort, type Protocol, portsMatch } from "../model/ports";
import type { ReadonlyLabels } from "../model/selectors";
import { externalFlowsWithTiers } from "./admin-matrix";
import { labelsKey, type PodClass } from "./classes";
import { type ExternalPeer, externalPeers, representativeText } from "./externals";
import { type PolicyIndex, ruleAdmitsPeer } from "./policy-index";
import { SourceSets } from "./sources";

/**
 * The whole reachability matrix, computed per destination class and port as bit-set algebra:
 * allowed sources = (classes the destination's ingress rules admit) AND (classes not isolated for
 * egress OR selected by an egress policy with a rule admitting the destination). Costs about
 * classes x (rules + classes / 32) per destination port instead of pods^2 x policies.
 */

export interface MatrixOptions {
  /** Called after each destination class, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

/** Pods policies cannot tell apart: one namespace, identical labels (and ports, hostNetwork, ipBlock matches). */
export interface MatrixGroup {
  /** `namespace/pod` for a single pod, else `namespace/[labels]`. */
  readonly id: string;
  readonly namespace: string;
  readonly labels: ReadonlyLabels;
  readonly hostNetwork: boolean;
  readonly pods: readonly string[];
}

export interface MatrixExternal {
  readonly id: string;
  /** The address the verdicts were computed for. */
  readonly representative: string;
}

/** An allowed flow between groups (or an external peer). */
export interface MatrixFlow {
  readonly from: string;
  readonly to: string;
  /** A container port number; towards an external peer also `"*"` or a range `"8000-8080"`. */
  readonly port: number | string;
  readonly portName?: string;
  /** `"any"`: every protocol and port (towards an external peer from a non-isolated source). */
  readonly protocol: Protocol | "any";
  /** Allowed (source pod, destination pod) pairs behind this flow; for external peers the pods on the pod side. */
  readonly connections: number;
}

export interface MatrixSummary {
  readonly pods: number;
  readonly policies: number;
  /** AdminNetworkPolicies and the BaselineAdminNetworkPolicy, when the input has any. */
  readonly adminPolicies?: number;
  /** Allowed (source pod, destination pod, destination container port) triples, source != destination. */
  readonly allowed: number;
  readonly denied: number;
}

export interface ReachMatrix {
  readonly summary: MatrixSummary;
  readonly groups: readonly MatrixGroup[];
  readonly externals: readonly MatrixExternal[];
  readonly flows: readonly MatrixFlow[];
}

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

/** Flows between pod groups and external peers: egress towards them, ingress from them on container ports. */
function externalFlows(
  index: PolicyIndex,
  externals: readonly ExternalPeer[],
  ids: readonly string[],
): MatrixFlow[] {
  const flows: MatrixFlow[] = [];
  for (const ext of externals) {
    const peer = { ip: ext.representative };
    for (const cls of index.classification.classes) {
      const pods = cls.pods.length;
      const egressPolicies = index.isolating.egress[cls.id];
      const admitting = egressPolicies
        .flatMap((p) => p.egress!)
        .filter((r) => ruleAdmitsPeer(r, peer, -1, index.cluster));
      if (egressPolicies.length === 0 || admitting.some((r) => !r.rule.ports)) {
        flows.push({ from: ids[cls.id], to: ext.id, port: "*", protocol: "any", connections: pods });
      } else {
        const seen = new Set<string>();
        for (const rule of admitting.flatMap((r) => r.rule.ports!)) {
          const text = formatPolicyPort(rule);
          if (typeof rule.port === "string" || seen.has(text)) continue; // R30: named ports never match external peers
          seen.add(text);
          const port =
            rule.port === undefined ? "*" : rule.endPort ? `${rule.port}-${rule.endPort}` : rule.port;
          flows.push({ from: ids[cls.id], to: ext.id, port, protocol: rule.protocol, connections: pods });
        }
      }
      const ingressPolicies = index.isolating.ingress[cls.id];
      const ingress = ingressPolicies
        .flatMap((p) => p.ingress!)
        .filter((r) => ruleAdmitsPeer(r, peer, -1, index.cluster));
      const ok = (port: ContainerPort) =>
        ingressPolicies.length === 0 ||
        ingress.some((r) => portsMatch(r.rule.ports, port.port, port.protocol, cls.ports));
      flows.push(...externalIngressFlows(cls, ext.id, ids[cls.id], ok));
    }
  }
  return flows;
}

/** Flows from an external peer to the container ports of a class that `allowed` admits. */
export function externalIngressFlows(
  cls: PodClass,
  from: string,
  to: string,
  allowed: (port: ContainerPort) => boolean,
): MatrixFlow[] {
  return cls.ports.filter(allowed).map((port) => ({
    from,
    to,
    port: port.port,
    ...(port.name ? { portName: port.name } : {}),
    protocol: port.protocol,
    connections: cls.pods.length,
  }));
}
