import { type Cidr, cidrCovers, parseCidr } from "../reach/model/cidr";
import { describeFlow, type PlannedFlow } from "./flows";
import type { Issues } from "./issues";
import type { NormalizedEndpoint, Port } from "./normalize";
import type { CoreSpec, FlowEndpoint } from "./types";

/**
 * CIDR flows that reach into the cluster (issue 23). An ipBlock matches pod IPs as well as outside
 * hosts (R24: upstream, Calico), so `crm -> 10.0.0.0/8` with pods in 10.42.0.0/16 lets crm reach
 * every pod of every namespace without default-deny, and `10.0.0.0/8 -> db` lets every such pod in;
 * together they compose into `crm -> db`, which no flow names. With `operator.clusterCidrs` such a
 * flow is refused unless its `except` cuts the cluster's ranges out or `acknowledgeClusterOverlap`
 * accepts it; without them, a private range gets a warning (never a refusal: the article's own
 * database network is one). Composite paths are reported whenever they can happen.
 */

/** Private and shared address space, where pods live when the cluster's ranges are not given. */
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"].map(
  (c) => parseCidr(c)!,
);

type Range = { family: 4 | 6; first: bigint; last: bigint };

/** The addresses of `cidr` minus `except` that also lie in `other`, as ranges (empty: none). */
function overlap(cidr: Cidr, except: readonly Cidr[], other: Cidr): Range[] {
  if (cidr.family !== other.family) return [];
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max does not take
  let first = cidr.first > other.first ? cidr.first : other.first;
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take
  const last = cidr.last < other.last ? cidr.last : other.last;
  if (first > last) return [];
  const holes = except.filter((e) => e.family === cidr.family).sort((a, b) => (a.first < b.first ? -1 : 1));
  const out: Range[] = [];
  for (const h of holes) {
    if (h.last < first || h.first > last) continue;
    if (h.first > first) out.push({ family: cidr.family, first, last: h.first - 1n });
    if (h.last + 1n > first) first = h.last + 1n;
  }
  if (first <= last) out.push({ family: cidr.family, first, last });
  return out;
}

function parsed(ep: { cidr?: string; except?: string[] }): { cidr: Cidr; except: Cidr[] } | undefined {
  const cidr = ep.cidr === undefined ? undefined : parseCidr(ep.cidr);
  if (!cidr) return undefined;
  return { cidr, except: (ep.except ?? []).map((e) => parseCidr(e)).filter((c) => c !== undefined) };
}

const overlapsAny = (ep: { cidr?: string; except?: string[] }, ranges: readonly Cidr[]) => {
  const p = parsed(ep);
  return p ? ranges.filter((r) => overlap(p.cidr, p.except, r).length > 0) : [];
};

/** Refuses an `allow` endpoint whose CIDR reaches into `operator.clusterCidrs`, unless acknowledged. */
export function checkClusterOverlap(issues: Issues, spec: CoreSpec): void {
  const cluster = (spec.operator?.clusterCidrs ?? []).map((c) => parseCidr(c)).filter((c) => c !== undefined);
  if (cluster.length === 0) return;
  (spec.allow ?? []).forEach((flow, i) => {
    for (const side of ["from", "to"] as const) {
      const ep: FlowEndpoint | undefined = flow?.[side];
      if (!ep || ep.cidr === undefined || ep.acknowledgeClusterOverlap) continue;
      const inside = overlapsAny(ep, cluster);
      if (inside.length === 0) continue;
      const ranges = inside.map((c) => c.text).join(", ");
      const reach = side === "to" ? "let its source reach pods" : "let pods reach its destination";
      const within = inside.some((c) => cidrCovers(c, parseCidr(ep.cidr!)!));
      const fix = within
        ? `set ${side}.acknowledgeClusterOverlap: true if no pod holds these addresses (a host on the nodes' network, say)`
        : `add ${inside.map((c) => `"${c.text}"`).join(", ")} to except, or set ${side}.acknowledgeClusterOverlap: true if pods in that range are meant`;
      issues.add(
        `allow[${i}].${side}.cidr`,
        `"${ep.cidr}" overlaps the cluster's own addresses (operator.clusterCidrs: ${ranges}): NetworkPolicy ipBlocks match pod IPs too, so this flow would also ${reach} that no flow names; ${fix}`,
      );
    }
  });
}

const isCidr = (ep: NormalizedEndpoint) => ep.cidr !== undefined;
const portsMeet = (a: readonly Port[], b: readonly Port[]) =>
  a.length === 0 ||
  b.length === 0 ||
  a.some((p) =>
    b.some(
      (q) =>
        p.protocol === q.protocol &&
        (p.port === undefined ||
          q.port === undefined ||
          (p.port <= (q.endPort ?? q.port) && q.port <= (p.endPort ?? p.port))),
    ),
  );
const workload = (ep: NormalizedEndpoint) =>
  `${ep.namespace}/${
    Object.entries(ep.podLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",") || "*"
  }`;

/**
 * Warnings for CIDR flows that may reach pods: a declared flow into a private range when the
 * cluster's ranges are not given, and every pair of CIDR flows that composes into a pod-to-pod path
 * (`a -> CIDR` and `CIDR' -> b` with pod addresses in both: a reaches b directly).
 */
export function cidrOverlapWarnings(
  flows: readonly PlannedFlow[],
  clusterCidrs: readonly string[],
): string[] {
  const cluster = clusterCidrs.map((c) => parseCidr(c)).filter((c) => c !== undefined);
  const podRanges = cluster.length > 0 ? cluster : PRIVATE;
  const out: string[] = [];
  if (cluster.length === 0)
    for (const f of flows) {
      if (f.kind !== "declared") continue;
      for (const ep of [f.from, f.to])
        if (isCidr(ep) && overlapsAny(ep, PRIVATE).length > 0)
          out.push(
            `${describeFlow(f)}: ${ep.cidr} is a private range and operator.clusterCidrs is not set, so the proof cannot tell it from the cluster's pods: ipBlocks match pod IPs too (upstream and Calico), so pods whose IPs fall in it are reached like outside hosts; set operator.clusterCidrs, or except the pod ranges`,
          );
    }
  const outward = flows.filter((f) => !isCidr(f.from) && isCidr(f.to) && overlapsAny(f.to, podRanges).length);
  const inward = flows.filter(
    (f) => isCidr(f.from) && !isCidr(f.to) && overlapsAny(f.from, podRanges).length,
  );
  for (const a of outward)
    for (const b of inward) {
      if (!portsMeet(a.ports, b.ports)) continue;
      const known = cluster.length > 0 ? "" : " if their pods' addresses fall in these ranges";
      out.push(
        `composite path through CIDR flows: ${workload(a.from)} reaches ${workload(b.to)} directly${known}, by "${a.name}" (to ${a.to.cidr}) and "${b.name}" (from ${b.from.cidr}), though no flow names it; except the pod ranges from these CIDRs, or declare the path`,
      );
    }
  return out;
}
