/**
 * Sets of integers as sorted, disjoint, non-adjacent intervals, flattened `[lo, hi, lo, hi, ...]`
 * (inclusive). Port sets of the all-ports matrix and their differences between two versions are
 * computed on these, so a range of 65,535 ports costs two numbers, not 65,535.
 */
export type Intervals = readonly number[];

/** Sorts and merges overlapping or adjacent intervals of a flat list (any order). */
export function normalize(flat: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

/** `a` minus `b`; both normalized. */
export function subtract(a: Intervals, b: Intervals): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i];
    const hi = a[i + 1];
    while (j < b.length && b[j + 1] < lo) j += 2;
    let k = j;
    while (lo <= hi && k < b.length && b[k] <= hi) {
      if (b[k] > lo) out.push(lo, b[k] - 1);
      lo = Math.max(lo, b[k + 1] + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

export function sameIntervals(a: Intervals, b: Intervals): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** `1-8079,8081-65535`; a single value as itself. */
export function formatIntervals(set: Intervals): string {
  const parts: string[] = [];
  for (let i = 0; i < set.length; i += 2)
    parts.push(set[i] === set[i + 1] ? `${set[i]}` : `${set[i]}-${set[i + 1]}`);
  return parts.join(",");
}
