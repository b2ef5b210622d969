import { type Cidr, cidrCovers, formatIp, parseCidr, parseIp } from "../reach/model/cidr";

/**
 * CIDR validation with messages for people. Parsing and containment are the reachability
 * engine's, so the validator and the evaluator can never disagree about what a CIDR means.
 */

/** Why `text` is not a usable CIDR (quoting it and suggesting the fix), or the parsed CIDR. */
export function checkCidr(text: string): { cidr: Cidr } | { error: string } {
  const [address, prefixText, extra] = String(text).split("/");
  const ip = parseIp(address ?? "");
  if (!ip || extra !== undefined) {
    return { error: `"${text}" is not a CIDR: write an address and a prefix length, e.g. "10.0.0.0/16"` };
  }
  const max = ip.family === 4 ? 32 : 128;
  if (ip.family === 4 && /(^|\.)0\d/.test(address)) {
    // Some parsers read a leading zero as octal; Kubernetes' strict validation refuses it.
    return {
      error: `"${text}" has an octet with a leading zero: write "${formatIp(ip)}${prefixText !== undefined ? `/${prefixText}` : ""}"`,
    };
  }
  if (prefixText === undefined) {
    return { error: `"${text}" has no prefix length: for a single address write "${address}/${max}"` };
  }
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) {
    return { error: `"${text}" has an invalid prefix length: use 0 to ${max}` };
  }
  const hostMask = (1n << BigInt(max - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) {
    const network = `${formatIp({ family: ip.family, value: ip.value & ~hostMask })}/${prefix}`;
    return {
      error: `"${text}" has host bits set: did you mean "${network}" (the network) or "${address}/${max}" (the host)?`,
    };
  }
  const first = ip.value;
  return {
    cidr: { family: ip.family, first, last: first | hostMask, prefix, text: `${formatIp(ip)}/${prefix}` },
  };
}

/** Whether `inner` lies strictly inside `outer` (same family, a longer prefix). */
export const cidrStrictlyInside = (outer: Cidr, inner: Cidr) =>
  cidrCovers(outer, inner) && inner.prefix > outer.prefix;

/** A sample address inside the CIDR and outside its excepts (the first one that fits). */
export function sampleAddress(cidrText: string, except: readonly string[] = []): string | undefined {
  const cidr = parseCidr(cidrText);
  if (!cidr) return undefined;
  const holes = except.map((e) => parseCidr(e)).filter((c) => c !== undefined);
  const size = cidr.last - cidr.first;
  const candidates = [1n, size / 2n + 1n, size - 1n, 0n, ...holes.map((h) => h.last + 1n - cidr.first)];
  for (const offset of candidates) {
    const value = cidr.first + (offset > size ? size : offset < 0n ? 0n : offset);
    if (!holes.some((h) => value >= h.first && value <= h.last))
      return formatIp({ family: cidr.family, value });
  }
  return undefined;
}
