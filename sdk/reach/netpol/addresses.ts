import {
  type Cidr,
  formatIp,
  type IpAddress,
  type IpBlock,
  type IpFamily,
  ipBlockMatches,
  parseCidr,
} from "../model/cidr";

/**
 * One partition of the whole address space (IPv4 and IPv6) into ranges that no ipBlock of the
 * versions compared can split: cut at the first and past the last address of every CIDR they name
 * (`cidr` and `except`), with `0.0.0.0/0` and `::/0` covering the rest. Every address of a range
 * gets the same verdict from every policy of every version, so comparing versions range by range
 * compares them over every address, including the ones no version names (the rest of the internet).
 */

export interface AddressRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

const ALL: readonly Cidr[] = [parseCidr("0.0.0.0/0")!, parseCidr("::/0")!];

/**
 * The partition for a set of ipBlocks (of all versions), sorted by family then address. `points`
 * (node addresses) become ranges of their own, for dataplanes whose ipBlocks treat them apart.
 */
export function addressPartition(
  blocks: Iterable<IpBlock>,
  points: Iterable<IpAddress> = [],
): AddressRange[] {
  const cuts: Record<IpFamily, Set<bigint>> = { 4: new Set(), 6: new Set() };
  const add = (c: Cidr) => {
    cuts[c.family].add(c.first);
    cuts[c.family].add(c.last + 1n);
  };
  ALL.forEach(add);
  for (const b of blocks) for (const c of [b.cidr, ...b.except]) add(c);
  for (const p of points) {
    cuts[p.family].add(p.value);
    cuts[p.family].add(p.value + 1n);
  }
  const ranges: AddressRange[] = [];
  for (const { family, last } of ALL) {
    const points = [...cuts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i++)
      ranges.push({ family, first: points[i], last: points[i + 1] - 1n });
    if (points[points.length - 1] <= last) ranges.push({ family, first: points[points.length - 1], last });
  }
  return ranges;
}

/** Which of `blocks` (by position) contain a range: all of it or none, by construction of the partition. */
export function blocksMatching(range: AddressRange, blocks: readonly IpBlock[]): number[] {
  const probe: IpAddress = { family: range.family, value: range.first };
  const out: number[] = [];
  blocks.forEach((b, i) => {
    if (ipBlockMatches(b, probe)) out.push(i);
  });
  return out;
}

const bits = (family: IpFamily) => (family === 4 ? 32 : 128);

/** The fewest CIDRs covering exactly [first, last]. */
export function rangeToCidrs(family: IpFamily, first: bigint, last: bigint): string[] {
  const out: string[] = [];
  let cursor = first;
  while (cursor <= last) {
    let size = 0;
    while (
      size < bits(family) &&
      (cursor & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      cursor + (1n << BigInt(size + 1)) - 1n <= last
    )
      size++;
    out.push(`${formatIp({ family, value: cursor })}/${bits(family) - size}`);
    cursor += 1n << BigInt(size);
  }
  return out;
}

/** Merges ranges of one family that touch. */
function merged(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r.first <= prev.last + 1n)
      // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max does not take
      out[out.length - 1] = { ...prev, last: r.last > prev.last ? r.last : prev.last };
    else out.push(r);
  }
  return out;
}

/**
 * A reviewer's text for a set of addresses of one family: CIDRs when two or fewer cover it,
 * `0.0.0.0/0 except 10.0.0.0/8` when a CIDR with a few holes does, address ranges otherwise.
 */
export function describeAddresses(ranges: readonly AddressRange[]): string {
  const parts = merged(ranges);
  if (parts.length === 0) return "";
  const family = parts[0].family;
  const cidrs = parts.flatMap((r) => rangeToCidrs(family, r.first, r.last));
  if (cidrs.length <= 2) return cidrs.join(", ");
  const lo = parts[0].first;
  const hi = parts[parts.length - 1].last;
  let prefix = 0;
  while (
    prefix < bits(family) &&
    lo >> BigInt(bits(family) - prefix - 1) === hi >> BigInt(bits(family) - prefix - 1)
  )
    prefix++;
  const cover = parseCidr(`${formatIp({ family, value: lo })}/${prefix}`)!;
  const holes: string[] = [];
  let cursor = cover.first;
  for (const r of parts) {
    if (r.first > cursor) holes.push(...rangeToCidrs(family, cursor, r.first - 1n));
    cursor = r.last + 1n;
  }
  if (cursor <= cover.last) holes.push(...rangeToCidrs(family, cursor, cover.last));
  if (holes.length <= 4) return `${cover.text} except ${holes.join(", ")}`;
  return parts
    .map((r) => `${formatIp({ family, value: r.first })}-${formatIp({ family, value: r.last })}`)
    .join(", ");
}

export function rangeContains(range: AddressRange, ip: IpAddress): boolean {
  return range.family === ip.family && ip.value >= range.first && ip.value <= range.last;
}
