import type { PlannedFlow } from "../kernel/flows";
import { buildClusterFromSources } from "../reach/load/load";
import { parseIp } from "../reach/model/cidr";
import { ipKey, type PodInfo } from "../reach/model/model";
import type { Protocol } from "../reach/model/ports";
import type { QueryEndpoint } from "../reach/model/query";
import { UPSTREAM } from "../reach/model/semantics";
import type { AddressRange } from "../reach/netpol/addresses";
import { ReachabilityEngine } from "../reach/netpol/engine";
import type { IntentParty, ScopeOf } from "./intent";
import type { FlowCheck, IntentInput } from "./intent-report";
import { type ProbeAddress, probeAddresses, probePorts } from "./probes";
import { cidrScope } from "./representative";

/**
 * Who takes part in the proof, shared by the fast proof and its pairwise oracle so that both judge
 * the same connections: one pod per (namespace, labels), which policies cannot tell apart, and the
 * external addresses worth checking.
 */

export interface Participant {
  party: IntentParty;
  endpoint: QueryEndpoint;
  /** The pod key (`namespace/name`) or the address as given. */
  name: string;
  /** The representative pod (pods only). */
  pod?: PodInfo;
  /** The piece of the address space an external participant stands for (not a node's or the API server's own address). */
  range?: AddressRange;
  /**
   * Another pod of the same (namespace, labels), when the input has one: connections between two
   * pods of one class (a ProxyGroup's replicas, a database ring) are judged from the pod to it. A
   * pod's connection to itself is loopback, out of scope, so a class of one pod has none.
   */
  peer?: Participant;
}

/** A pod's (namespace, labels) identity: pods sharing it are one participant. */
export const participantKey = (pod: Pick<PodInfo, "namespace" | "labels">) =>
  `${pod.namespace}/${JSON.stringify(Object.entries(pod.labels).sort())}`;

export function participantsOf(
  engine: ReachabilityEngine,
  addresses: readonly ProbeAddress[],
): { pods: Participant[]; externals: Participant[] } {
  const classes = new Map<string, Participant>();
  const { classOf } = engine.index.classification;
  const asParticipant = (pod: PodInfo): Participant => ({
    party: { pod: pod.key, namespace: pod.namespace, labels: { ...pod.labels }, ip: pod.ips[0] },
    endpoint: { pod: pod.key },
    name: pod.key,
    pod,
  });
  for (const pod of engine.cluster.pods) {
    if (pod.hostNetwork) continue;
    const key = participantKey(pod);
    const first = classes.get(key);
    if (!first) classes.set(key, asParticipant(pod));
    // The peer must be one the policies cannot tell apart from the first (same ports, no ipBlock
    // between them): the proof judges the class, and the peer stands for it.
    else if (!first.peer && classOf.get(pod.key) === classOf.get(first.pod!.key))
      first.peer = asParticipant(pod);
  }
  const externals: Participant[] = addresses.flatMap(({ ip: text, name, range }) => {
    const ip = parseIp(text);
    const node = ip !== undefined && engine.cluster.nodeIps.has(ipKey(ip));
    const party = { ip, ...(node ? { node } : {}) };
    return ip ? [{ party, endpoint: { ip: text }, name, ...(range ? { range } : {}) }] : [];
  });
  return { pods: [...classes.values()], externals };
}

/**
 * A flow's verdicts on one representative connection, at the first port of each of its port
 * entries: which policies let it through on each (the first is `verdict`).
 */
export function flowCheck(
  engine: ReachabilityEngine,
  flow: PlannedFlow,
  src: Participant,
  dst: Participant,
): FlowCheck {
  const verdicts = (flow.ports.length ? flow.ports : [undefined]).map((p) =>
    engine.check({
      from: src.endpoint,
      to: dst.endpoint,
      port: p?.port ?? 65001,
      protocol: (p?.protocol ?? "TCP") as Protocol,
    }),
  );
  return { flow, verdict: verdicts[0], verdicts };
}

/**
 * The participants fitting an endpoint, the most generic first (the fewest labels: in a plan, the
 * namespace's unlabelled pod for `apps/*`), so a flow's representative connection is not one a
 * narrower flow also admits; stable otherwise, so both proofs choose alike.
 */
export const mostGenericFirst = (fitting: readonly Participant[]): Participant[] =>
  [...fitting].sort((a, b) => labelCount(a) - labelCount(b));

const labelCount = (p: Participant) => Object.keys(p.party.labels ?? {}).length;

/** What both proofs start from: the engine over the input, and who and which ports they judge. */
export function proofSetup(input: IntentInput) {
  const dataplane = input.dataplane ?? UPSTREAM;
  const engine = new ReachabilityEngine(buildClusterFromSources(input.sources, dataplane));
  const scopeOf: ScopeOf = (flow) => cidrScope(flow, dataplane);
  const addresses = probeAddresses(input.flows, engine.cluster, engine.index.blocks, input.externalIps);
  const { pods, externals } = participantsOf(engine, addresses);
  return {
    engine,
    managed: new Set(input.managedNamespaces),
    pods,
    externals,
    everyone: [...pods, ...externals],
    ports: probePorts(input.flows, engine.cluster),
    scopeOf,
  };
}
