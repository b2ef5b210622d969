import type { PlannedFlow } from "../kernel/flows";
import { parseIp } from "../reach/cidr";
import { UPSTREAM } from "../reach/dataplane/semantics";
import { buildClusterFromSources } from "../reach/load/load";
import { ipKey, type PodInfo } from "../reach/model";
import { ReachabilityEngine } from "../reach/netpol/engine";
import type { Protocol } from "../reach/ports";
import type { Endpoint as ReachEndpoint } from "../reach/query";
import type { Party, ScopeOf } from "./intent";
import { cidrScope } from "./representative";
import type { FlowCheck, IntentInput } from "./verify";

/**
 * Who takes part in the proof, shared by the fast proof and its pairwise oracle so that both judge
 * the same connections: one pod per (namespace, labels), which policies cannot tell apart, and the
 * external addresses worth checking.
 */

export interface Participant {
  party: Party;
  endpoint: ReachEndpoint;
  /** The pod key (`namespace/name`) or the address as given. */
  name: string;
  /** The representative pod (pods only). */
  pod?: PodInfo;
}

/** A pod's (namespace, labels) identity: pods sharing it are one participant. */
export const participantKey = (pod: Pick<PodInfo, "namespace" | "labels">) =>
  `${pod.namespace}/${JSON.stringify(Object.entries(pod.labels).sort())}`;

export function participantsOf(
  engine: ReachabilityEngine,
  externalIps: readonly string[],
): { pods: Participant[]; externals: Participant[] } {
  const classes = new Map<string, Participant>();
  for (const pod of engine.cluster.pods) {
    if (pod.hostNetwork) continue;
    const key = participantKey(pod);
    if (classes.has(key)) continue;
    classes.set(key, {
      party: { pod: pod.key, namespace: pod.namespace, labels: { ...pod.labels }, ip: pod.ips[0] },
      endpoint: { pod: pod.key },
      name: pod.key,
      pod,
    });
  }
  const externals: Participant[] = externalIps.flatMap((text) => {
    const ip = parseIp(text);
    const node = ip !== undefined && engine.cluster.nodeIps.has(ipKey(ip));
    return ip ? [{ party: { ip, ...(node ? { node } : {}) }, endpoint: { ip: text }, name: text }] : [];
  });
  return { pods: [...classes.values()], externals };
}

/** Ports worth probing: every port a flow names (both ends of ranges) and one no flow names. */
export function candidatePorts(flows: readonly PlannedFlow[]): { port: number; protocol: Protocol }[] {
  const seen = new Map<string, { port: number; protocol: Protocol }>();
  const add = (protocol: Protocol, port: number) => seen.set(`${protocol}/${port}`, { port, protocol });
  for (const f of flows) {
    for (const p of f.ports) {
      if (p.port !== undefined) add(p.protocol as Protocol, p.port);
      if (p.endPort !== undefined) add(p.protocol as Protocol, p.endPort);
    }
  }
  for (const protocol of ["TCP", "UDP", "SCTP"] as const) add(protocol, 65001);
  return [...seen.values()];
}

/** A flow's verdict on one representative connection, on its first port: which policies let it through. */
export function flowCheck(
  engine: ReachabilityEngine,
  flow: PlannedFlow,
  src: Participant,
  dst: Participant,
): FlowCheck {
  const first = flow.ports[0];
  const port = first?.port ?? 65001;
  const protocol = (first?.protocol ?? "TCP") as Protocol;
  return { flow, verdict: engine.check({ from: src.endpoint, to: dst.endpoint, port, protocol }) };
}

/** What both proofs start from: the engine over the input, and who and which ports they judge. */
export function proofSetup(input: IntentInput) {
  const dataplane = input.dataplane ?? UPSTREAM;
  const engine = new ReachabilityEngine(buildClusterFromSources(input.sources, dataplane));
  const scopeOf: ScopeOf = (flow) => cidrScope(flow, dataplane);
  const { pods, externals } = participantsOf(engine, input.externalIps);
  return {
    engine,
    managed: new Set(input.managedNamespaces),
    pods,
    externals,
    everyone: [...pods, ...externals],
    ports: candidatePorts(input.flows),
    scopeOf,
  };
}
