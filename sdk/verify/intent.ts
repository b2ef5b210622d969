import type { PlannedFlow } from "../kernel/flows";
import type { NormalizedEndpoint, Port } from "../kernel/normalize";
import { type IpAddress, type IpBlock, ipBlockMatches, makeIpBlock, parseCidr } from "../reach/model/cidr";
import type { Protocol } from "../reach/model/ports";

/**
 * The declared intent as a predicate: which connections the flows say may happen. The verifier
 * compares it with what the NetworkPolicy engine computes, connection by connection.
 */

/** One side of a connection, as the intent sees it. */
export interface IntentParty {
  /** Set for a pod (`namespace/name`). */
  pod?: string;
  namespace?: string;
  labels?: { [key: string]: string };
  ip?: IpAddress;
  /** A node's address (the API server on a node, say), which some dataplanes' ipBlocks never match. */
  node?: boolean;
}

/** Which addresses a flow's CIDR reaches: pods, nodes (all of them upstream; see `cidrScope` in sdk/dataplane). */
export interface CidrScope {
  pods: boolean;
  nodes: boolean;
}

export type ScopeOf = (flow: PlannedFlow) => CidrScope;

export const EVERY_ADDRESS: CidrScope = { pods: true, nodes: true };

const labelsMatch = (ep: NormalizedEndpoint, labels: IntentParty["labels"]) =>
  Object.entries(ep.podLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
  !Object.entries(ep.exceptPodLabels ?? {}).some(([k, v]) => labels?.[k] === v);

/** Parsed once per endpoint: the proof asks about the same few networks for every participant. */
const blocks = new WeakMap<NormalizedEndpoint, IpBlock | null>();

function blockOf(ep: NormalizedEndpoint & { cidr: string }): IpBlock | null {
  let block = blocks.get(ep);
  if (block === undefined) {
    const cidr = parseCidr(ep.cidr);
    const except = (ep.except ?? []).map((e) => parseCidr(e)).filter((c) => c !== undefined);
    block = cidr ? makeIpBlock(cidr, except) : null;
    blocks.set(ep, block);
  }
  return block;
}

/**
 * Whether a party is the endpoint: a pod of the workload, or an address in the network (pods and
 * nodes included as ipBlock includes them, or as the dataplane's `scope` says).
 */
export function endpointMatches(
  ep: NormalizedEndpoint,
  party: IntentParty,
  scope: CidrScope = EVERY_ADDRESS,
): boolean {
  if (ep.cidr !== undefined) {
    if ((party.pod !== undefined && !scope.pods) || (party.node && !scope.nodes)) return false;
    const block = blockOf(ep as NormalizedEndpoint & { cidr: string });
    return block !== null && party.ip !== undefined && ipBlockMatches(block, party.ip);
  }
  return party.pod !== undefined && party.namespace === ep.namespace && labelsMatch(ep, party.labels);
}

export function portMatches(ports: Port[], port: number, protocol: Protocol): boolean {
  if (ports.length === 0) return true;
  return ports.some(
    (p) =>
      p.protocol === protocol && (p.port === undefined || (port >= p.port && port <= (p.endPort ?? p.port))),
  );
}

const isWorkload = (ep: NormalizedEndpoint) => ep.namespace !== undefined;

/** What the declaration says about one connection, side by side. */
export interface Intent {
  intended: boolean;
  /** The flow that opens the source's egress (when the source is managed). */
  egress?: PlannedFlow;
  /** The flow that opens the destination's ingress (when the destination is managed). */
  ingress?: PlannedFlow;
}

/**
 * Whether the flows allow a connection. Each managed side must be opened by a flow that names
 * that side as a workload: the source's egress by a flow from it, the destination's ingress by a
 * flow to it. A flow to a CIDR therefore never opens a managed pod's ingress, even when the pod's
 * IP is inside that CIDR; a side in an unmanaged namespace is not restricted by the declaration.
 */
export function intentFor(
  flows: readonly PlannedFlow[],
  managed: ReadonlySet<string>,
  from: IntentParty,
  to: IntentParty,
  port: number,
  protocol: Protocol,
  scopeOf: ScopeOf = () => EVERY_ADDRESS,
): Intent {
  const applies = (f: PlannedFlow) => {
    const scope = scopeOf(f);
    return (
      endpointMatches(f.from, from, scope) &&
      endpointMatches(f.to, to, scope) &&
      portMatches(f.ports, port, protocol)
    );
  };
  const fromManaged = from.namespace !== undefined && managed.has(from.namespace);
  const toManaged = to.namespace !== undefined && managed.has(to.namespace);
  const egress = fromManaged ? flows.find((f) => isWorkload(f.from) && applies(f)) : undefined;
  const ingress = toManaged ? flows.find((f) => isWorkload(f.to) && applies(f)) : undefined;
  return {
    intended: (!fromManaged || egress !== undefined) && (!toManaged || ingress !== undefined),
    ...(egress ? { egress } : {}),
    ...(ingress ? { ingress } : {}),
  };
}
