import { type Cidr, cidrCovers, formatIp, type IpAddress, type IpBlock } from "../model/cidr";

/**
 * The external peers of the matrix: every CIDR named by an ipBlock (its `cidr` or an `except`).
 * Policies treat all addresses of one of these blocks alike except where a narrower named block
 * cuts in, so each is evaluated at a representative address: its first address outside every
 * narrower named block. A block entirely covered by narrower ones is represented by them.
 */

export interface ExternalPeer {
  /** The CIDR text, e.g. `10.0.0.0/8`; also the peer's id in the matrix. */
  readonly id: string;
  readonly cidr: Cidr;
  readonly representative: IpAddress;
}

export function externalPeers(blocks: readonly IpBlock[]): ExternalPeer[] {
  const named = new Map<string, Cidr>();
  for (const b of blocks) for (const c of [b.cidr, ...b.except]) named.set(c.text, c);
  const all = [...named.values()].sort(
    (a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.prefix - b.prefix),
  );
  const peers: ExternalPeer[] = [];
  for (const cidr of all) {
    const inner = all.filter((c) => c.prefix > cidr.prefix && cidrCovers(cidr, c));
    let cursor = cidr.first;
    for (const c of inner) if (c.first <= cursor && cursor <= c.last) cursor = c.last + 1n;
    if (cursor <= cidr.last)
      peers.push({ id: cidr.text, cidr, representative: { family: cidr.family, value: cursor } });
  }
  return peers;
}

export function representativeText(peer: ExternalPeer): string {
  return formatIp(peer.representative);
}
