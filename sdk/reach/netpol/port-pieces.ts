import type { Protocol } from "../model/ports";

/**
 * Port intervals cut where rules start or stop applying: the all-ports matrix (spans.ts) and its
 * admin tiers (admin-spans.ts) both decide once per piece instead of once per port.
 */

/**
 * The ports 1-65535 of `protocol` cut into pieces where one of the span lists starts or stops
 * covering them: every list covers each piece entirely or not at all.
 */
export function portPieces(
  lists: readonly (readonly [Protocol, number, number][])[],
  protocol: Protocol,
): [number, number][] {
  const cuts = new Set([1]);
  for (const spans of lists)
    for (const [p, lo, hi] of spans)
      if (p === protocol) {
        cuts.add(lo);
        if (hi < 65535) cuts.add(hi + 1);
      }
  const points = [...cuts].sort((a, b) => a - b);
  return points.map((lo, i) => [lo, i + 1 < points.length ? points[i + 1] - 1 : 65535]);
}
