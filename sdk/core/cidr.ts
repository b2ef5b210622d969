import { isIPv4, isIPv6 } from "node:net";

/** A parsed CIDR: the address as a big integer, so IPv4 and IPv6 share one containment test. */
export interface ParsedCidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

/** Parses an IPv4 or IPv6 address into a big integer, or undefined when it is not one. */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(text)) {
    const value = text.split(".").reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { family: 4, value };
  }
  if (!isIPv6(text)) return undefined;
  let groups: string[];
  let tail: bigint[] = [];
  let source = text;
  const dotted = source.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseIp(dotted[2]);
    if (!v4) return undefined;
    tail = [v4.value >> 16n, v4.value & 0xffffn];
    source = `${dotted[1]}0`; // placeholder group, replaced by the two from the dotted quad
  }
  const [head, rest] = source.split("::");
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest !== undefined && rest !== "" ? rest.split(":") : [];
  if (tail.length) restGroups.length ? restGroups.pop() : headGroups.pop();
  const fixed = headGroups.length + restGroups.length + tail.length;
  if (rest !== undefined) groups = [...headGroups, ...Array(8 - fixed).fill("0"), ...restGroups];
  else groups = headGroups;
  const all = [...groups.map((g) => BigInt(Number.parseInt(g, 16))), ...tail];
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) + g, 0n) };
}

/** Formats a big integer back as an address (IPv6 in its plain, uncompressed-zero-run form). */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  const groups = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** Why `text` is not a usable CIDR (quoting it and suggesting the fix), or the parsed CIDR. */
export function parseCidr(text: string): { cidr: ParsedCidr } | { error: string } {
  const [address, prefixText, extra] = String(text).split("/");
  const ip = parseIp(address ?? "");
  if (!ip || extra !== undefined) {
    return { error: `"${text}" is not a CIDR: write an address and a prefix length, e.g. "10.0.0.0/16"` };
  }
  const max = bitsOf(ip.family);
  if (prefixText === undefined) {
    return { error: `"${text}" has no prefix length: for a single address write "${address}/${max}"` };
  }
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) {
    return { error: `"${text}" has an invalid prefix length: use 0 to ${max}` };
  }
  const mask = ((1n << BigInt(max)) - 1n) ^ ((1n << BigInt(max - prefix)) - 1n);
  if ((ip.value & mask) !== ip.value) {
    const network = `${formatIp(ip.family, ip.value & mask)}/${prefix}`;
    return {
      error: `"${text}" has host bits set: did you mean "${network}" (the network) or "${address}/${max}" (the host)?`,
    };
  }
  return { cidr: { family: ip.family, base: ip.value, prefix } };
}

/** Whether `inner` lies inside `outer` (same family, at least as long a prefix). */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt(bitsOf(outer.family) - outer.prefix);
  return inner.base >> shift === outer.base >> shift;
}
