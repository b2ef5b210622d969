import type { Protocol } from "../reach/model/ports";
import { type QueryEndpoint, queryEndpointText } from "../reach/model/query";
import { type AddressRange, describeAddresses } from "../reach/netpol/addresses";

/**
 * The proofs ask the engine about one address and one port per piece of the address space and of
 * the ports (probes.ts); a report must speak of what a probe stands for, never of the probe itself
 * (`198.51.100.0/24` on `TCP/1000-2000`, not `198.51.100.7:1000`).
 */

/** The one connection the engine was asked about. */
export interface ProbedConnection {
  from: QueryEndpoint;
  to: QueryEndpoint;
  port: number;
  protocol: Protocol;
}

/** What the probe stands for: each side's name (a pod, or address ranges) and the port piece (`TCP/1000-2000`). */
export interface StandsFor {
  from: string;
  to: string;
  ports: string;
}

/**
 * The engine's sentence about a probe (`Allowed x/a -> 198.51.100.7:1000/TCP: ...; the external
 * peer 198.51.100.7 has no policy side.`) retold about what the probe stands for
 * (`Allowed x/a -> 198.51.100.0/24 on TCP/1000-2000: ...; the external peer 198.51.100.0/24 ...`).
 * A sentence of another shape is returned as it is.
 */
export function retold(reason: string, probe: ProbedConnection, as: StandsFor): string {
  const from = queryEndpointText(probe.from);
  const to = queryEndpointText(probe.to);
  const head = ` ${from} -> ${to}:${probe.port}/${probe.protocol}: `;
  const at = reason.indexOf(head);
  if (at < 0) return reason;
  let body = reason.slice(at + head.length);
  for (const [side, text, name] of [
    [probe.from, from, as.from],
    [probe.to, to, as.to],
  ] as const)
    if ("ip" in side) body = body.split(`the external peer ${text} `).join(`the external peer ${name} `);
  return `${reason.slice(0, at)} ${as.from} -> ${as.to} on ${as.ports}: ${body}`;
}

/** A report line one of whose sides may be a piece of the address space. */
export interface PeerLine {
  from: string;
  to: string;
  /** The address piece of the side that is one (at most one side is). */
  range?: AddressRange;
  /** Everything else that must agree for two lines to be one: kind, ports, the reason told of `@`. */
  rest: string;
}

/**
 * Folds lines that differ only in their address piece into one line per set of pieces, named as a
 * reviewer would write it (`0.0.0.0/0 except 10.0.0.0/8`, not four fragments of it), in the order
 * of their first line. Returns, per folded line, its first member's position and the pieces' name.
 */
export function foldPeers(lines: readonly PeerLine[]): { first: number; members: number[]; name?: string }[] {
  const groups = new Map<string, { first: number; members: number[]; ranges: AddressRange[] }>();
  const out: { first: number; members: number[]; ranges: AddressRange[] }[] = [];
  lines.forEach((line, i) => {
    if (!line.range) {
      out.push({ first: i, members: [i], ranges: [] });
      return;
    }
    const side = line.from === "@" ? "from" : "to";
    const key = `${side}\u0000${line.from}\u0000${line.to}\u0000${line.range.family}\u0000${line.rest}`;
    const group = groups.get(key);
    if (group) {
      group.members.push(i);
      group.ranges.push(line.range);
      return;
    }
    const created = { first: i, members: [i], ranges: [line.range] };
    groups.set(key, created);
    out.push(created);
  });
  return out.map((g) =>
    g.ranges.length ? { first: g.first, members: g.members, name: describeAddresses(g.ranges) } : g,
  );
}
