import type { PlannedFlow } from "../kernel/flows";
import type { NormalizedEndpoint } from "../kernel/normalize";
import { Bitset } from "../reach/model/bitset";
import type { Protocol } from "../reach/model/ports";
import type { ReachabilityEngine } from "../reach/netpol/engine";
import { resolveQuery } from "../reach/netpol/resolve";
import { needsWholeCheck } from "../reach/netpol/services";
import { SourceSets } from "../reach/netpol/sources";
import { type CidrScope, EVERY_ADDRESS, endpointMatches, portMatches, type ScopeOf } from "./intent";
import type { FlowCheck } from "./intent-report";
import { flowCheck, mostGenericFirst, type Participant } from "./participants";

/**
 * The two sides of the proof in one shape: for each destination participant and candidate port,
 * the set of sources the policies let through (from the engine's {@link SourceSets}) and the set
 * the declaration intends (the flows compiled to the same bit sets over pod classes), compared
 * word by word. Costs about participants x ports x (rules + flows + classes / 32) instead of
 * participants² x ports x flows. External addresses, a handful, are judged one by one.
 */

/** A connection on which the policies and the declaration disagree; indices into pods then externals, and ports. */
export interface Mismatch {
  from: number;
  to: number;
  port: number;
  /** Whether the declaration intends it (so the policies deny it). */
  intended: boolean;
}

type Port = { port: number; protocol: Protocol };

const isWorkload = (ep: NormalizedEndpoint) => ep.namespace !== undefined;

/** Which participants an endpoint names: their pod classes, and externals by position. */
interface Members {
  pods: Bitset;
  externals: Bitset;
}

export function compareReachability(
  engine: ReachabilityEngine,
  flows: readonly PlannedFlow[],
  managed: ReadonlySet<string>,
  pods: readonly Participant[],
  externals: readonly Participant[],
  ports: readonly Port[],
  scopeOf: ScopeOf = () => EVERY_ADDRESS,
): { mismatches: Mismatch[]; checked: number } {
  const { classOf, classes } = engine.index.classification;
  const size = classes.length;
  const sources = new SourceSets(engine.index);
  const cls = pods.map((p) => classOf.get(p.pod!.key)!.id);
  const participantOf = new Int32Array(size).fill(-1);
  cls.forEach((c, i) => {
    participantOf[c] = i;
  });
  const isManaged = (p: Participant) => p.party.namespace !== undefined && managed.has(p.party.namespace);
  const allPods = new Bitset(size);
  const managedPods = new Bitset(size);
  const unmanagedPods = new Bitset(size);
  pods.forEach((p, i) => (isManaged(p) ? managedPods : unmanagedPods).add(cls[i]));
  allPods.or(managedPods).or(unmanagedPods);
  // An address that is a pod's IP is that pod to the engine (with its policies), never to the declaration.
  const resolved = externals.map((e) => {
    const r = resolveQuery(engine.cluster, { from: e.endpoint, to: e.endpoint, port: 1, protocol: "TCP" });
    return "pod" in r.from ? r.from.pod : undefined;
  });
  const wholeCheck = externals.map((e) => needsWholeCheck(engine.cluster, e.party.ip!));

  const byNamespace = groupBy(pods, (p) => p.party.namespace!);
  const memberCache = new Map<string, Members>();
  const members = (ep: NormalizedEndpoint, scope: CidrScope): Members => {
    const key = `${JSON.stringify(ep)}|${isWorkload(ep) ? "" : `${scope.pods},${scope.nodes}`}`;
    let m = memberCache.get(key);
    if (!m) {
      const found = { pods: new Bitset(size), externals: new Bitset(externals.length) };
      const candidates = isWorkload(ep) ? (byNamespace.get(ep.namespace!) ?? []) : pods;
      for (const p of candidates)
        if (endpointMatches(ep, p.party, scope)) found.pods.add(classOf.get(p.pod!.key)!.id);
      if (!isWorkload(ep))
        externals.forEach((e, i) => endpointMatches(ep, e.party, scope) && found.externals.add(i));
      m = found;
      memberCache.set(key, m);
    }
    return m;
  };

  const flowsTo = groupBy(
    flows.filter((f) => isWorkload(f.to)),
    (f) => f.to.namespace!,
  );
  const cidrFlows = flows.filter((f) => !isWorkload(f.to));
  const mismatches: Mismatch[] = [];
  const M = pods.filter(isManaged).length;
  const P = pods.length;
  const E = externals.length;
  let pairs = externals.length * M;

  // Buffers reused across destinations and ports: the loop runs participants x ports times.
  const egressOk = new Bitset(size);
  const ingressOk = new Bitset(size);
  const ingressExternals = new Bitset(E);
  const allowed = new Bitset(size);
  const differs = new Bitset(size);
  pods.forEach((dst, d) => {
    const dstManaged = isManaged(dst);
    pairs += dstManaged ? P - 1 + E + (dst.peer ? 1 : 0) : M;
    // Each flow's members once per destination, not once per port.
    const toDst = [...(flowsTo.get(dst.party.namespace!) ?? []), ...cidrFlows]
      .filter((f) => endpointMatches(f.to, dst.party, scopeOf(f)))
      .map((f) => ({ flow: f, from: members(f.from, scopeOf(f)) }));
    const valid = (dstManaged ? allPods : managedPods).copy();
    // A pod to itself is loopback, out of scope; to another pod of its class (its peer) it is not.
    if (!dst.peer) valid.words[cls[d] >>> 5] &= ~(1 << (cls[d] & 31));
    // Which rules admit an external address does not depend on the port: decided once per destination.
    const admits = dstManaged
      ? externals.map((e, i) =>
          resolved[i] || wholeCheck[i] ? undefined : sources.addressAdmission(cls[d], "ingress", e.party.ip!),
        )
      : [];
    ports.forEach(({ port, protocol }, k) => {
      egressOk.words.set(unmanagedPods.words);
      ingressOk.words.fill(0);
      ingressExternals.words.fill(0);
      for (const { flow: f, from } of toDst) {
        if (!portMatches(f.ports, port, protocol)) continue;
        if (isWorkload(f.from)) egressOk.or(from.pods);
        if (isWorkload(f.to)) {
          ingressOk.or(from.pods);
          ingressExternals.or(from.externals);
        }
      }
      const intended = dstManaged ? egressOk.and(ingressOk) : egressOk;
      sources.allowed(cls[d], port, protocol, allowed);
      differing(allowed, intended, valid, differs).forEach((s) =>
        mismatches.push({ from: participantOf[s], to: d, port: k, intended: intended.has(s) }),
      );
      if (!dstManaged) return;
      externals.forEach((e, i) => {
        const pod = resolved[i];
        const engineSays = pod
          ? pod === dst.pod || allowed.has(classOf.get(pod.key)!.id)
          : wholeCheck[i]
            ? engine.check({ from: e.endpoint, to: dst.endpoint, port, protocol }).allowed
            : admits[i]!(port, protocol);
        const intent = ingressExternals.has(i);
        if (engineSays !== intent) mismatches.push({ from: P + i, to: d, port: k, intended: intent });
      });
    });
  });

  externals.forEach((ext, i) => {
    // A Service or own-node address is judged per pod by the dataplane: ask the engine whole.
    const whole = wholeCheck[i];
    const toExt = cidrFlows.filter((f) => isWorkload(f.from) && endpointMatches(f.to, ext.party, scopeOf(f)));
    const pod = resolved[i];
    const intended = ports.map(({ port, protocol }) => {
      const set = new Bitset(size);
      for (const f of toExt)
        if (portMatches(f.ports, port, protocol)) set.or(members(f.from, scopeOf(f)).pods);
      return set;
    });
    const allowedTo = pod
      ? ports.map(({ port, protocol }) => sources.allowed(classOf.get(pod.key)!.id, port, protocol))
      : [];
    // Per source, then per port: which of its egress rules admit the address is decided once.
    managedPods.forEach((s) => {
      const src = pods[participantOf[s]];
      const admits = pod || whole ? undefined : sources.addressAdmission(s, "egress", ext.party.ip!);
      ports.forEach(({ port, protocol }, k) => {
        const engineSays = pod
          ? pod === src.pod || allowedTo[k].has(s)
          : whole
            ? engine.check({ from: src.endpoint, to: ext.endpoint, port, protocol }).allowed
            : admits!(port, protocol);
        if (engineSays !== intended[k].has(s))
          mismatches.push({ from: participantOf[s], to: P + i, port: k, intended: intended[k].has(s) });
      });
    });
  });

  mismatches.sort((a, b) => a.from - b.from || a.to - b.to || a.port - b.port);
  return { mismatches, checked: pairs * ports.length };
}

/** Members of `valid` on which `a` and `b` disagree, written into `out`. */
function differing(a: Bitset, b: Bitset, valid: Bitset, out = new Bitset(a.size)): Bitset {
  for (let i = 0; i < out.words.length; i++) out.words[i] = (a.words[i] ^ b.words[i]) & valid.words[i];
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

/**
 * Each flow's verdicts on one representative connection (the most generic participant that fits
 * its source, the most generic other one that fits its destination: mostGenericFirst), found by
 * namespace instead of by scanning every participant per flow.
 */
export function flowChecks(
  engine: ReachabilityEngine,
  flows: readonly PlannedFlow[],
  everyone: readonly Participant[],
  scopeOf: ScopeOf = () => EVERY_ADDRESS,
): FlowCheck[] {
  const byNamespace = groupBy(
    everyone.filter((p) => p.party.namespace !== undefined),
    (p) => p.party.namespace!,
  );
  const fittingBy = new Map<string, Participant[]>();
  const fitting = (ep: NormalizedEndpoint, scope: CidrScope) => {
    const key = `${JSON.stringify(ep)}|${scope.pods},${scope.nodes}`;
    let found = fittingBy.get(key);
    if (!found) {
      const candidates = isWorkload(ep) ? (byNamespace.get(ep.namespace!) ?? []) : everyone;
      found = mostGenericFirst(candidates.filter((p) => endpointMatches(ep, p.party, scope)));
      fittingBy.set(key, found);
    }
    return found;
  };
  return flows.map((flow) => {
    const scope = scopeOf(flow);
    const src = fitting(flow.from, scope)[0];
    const dst =
      fitting(flow.to, scope).find((p) => p !== src) ??
      (src && endpointMatches(flow.to, src.party, scope) ? src.peer : undefined);
    return src && dst ? flowCheck(engine, flow, src, dst) : { flow };
  });
}
