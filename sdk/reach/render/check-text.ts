import { parseIp } from "../model/cidr";
import { ReachInputError } from "../model/errors";
import { parseProtocol } from "../model/ports";
import type { ConnectionQuery, QueryEndpoint } from "../model/query";

/**
 * The text form of a connection, `SRC -> DST:PORT/PROTO`, used by `--check`, `--checks-file` and
 * anywhere a person writes a connection by hand. SRC and DST are `namespace/pod`,
 * `namespace/kind/name` (a workload read from its template) or an IP address;
 * an IPv6 destination goes in brackets so its colons do not read as the port separator.
 */

// `namespace/pod`, or `namespace/kind/name` for the pod a workload stands for (`shop/deployment/web`).
const POD = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/([a-z]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function parseEndpoint(text: string, role: string, check: string): QueryEndpoint {
  const bracketed = /^\[(.*)\]$/.exec(text);
  if (bracketed) {
    const ip = parseIp(bracketed[1]);
    if (ip?.family !== 6)
      throw new ReachInputError(`${role} "${text}" in "${check}": brackets must hold an IPv6 address`);
    return { ip: bracketed[1] };
  }
  if (parseIp(text)) return { ip: text };
  if (POD.test(text)) return { pod: text };
  throw new ReachInputError(
    `${role} "${text}" in "${check}" is neither namespace/pod, namespace/kind/name nor an IP address`,
  );
}

/** Parses `SRC -> DST:PORT[/PROTO]`; PROTO defaults to TCP, PORT may be a number or a port name. */
export function parseCheck(check: string): ConnectionQuery {
  const sides = check.split("->");
  if (sides.length !== 2) {
    throw new ReachInputError(
      `malformed check "${check}": expected "SRC -> DST:PORT/PROTO", e.g. "shop/web -> shop/db:5432/TCP"`,
    );
  }
  const from = parseEndpoint(sides[0].trim(), "source", check);
  const target = /^(.+):([A-Za-z0-9-]+)(?:\/([A-Za-z]+))?$/.exec(sides[1].trim());
  if (!target)
    throw new ReachInputError(
      `malformed check "${check}": the destination needs ":PORT", e.g. "shop/db:5432/TCP"`,
    );
  const [, dstText, portText, protoText] = target;
  if (!dstText.startsWith("[") && dstText.includes(":")) {
    throw new ReachInputError(
      `malformed check "${check}": write an IPv6 destination in brackets, e.g. "[2001:db8::1]:443"`,
    );
  }
  const to = parseEndpoint(dstText, "destination", check);
  const protocol = protoText === undefined ? "TCP" : parseProtocol(protoText);
  if (!protocol)
    throw new ReachInputError(`malformed check "${check}": protocol "${protoText}" is not TCP, UDP or SCTP`);
  let port: number | string = portText;
  if (/^\d+$/.test(portText)) {
    port = Number(portText);
    if (port < 1 || port > 65535)
      throw new ReachInputError(`malformed check "${check}": port ${portText} is not 1-65535`);
  }
  return { from, to, port, protocol };
}

/** The canonical text of a query, the inverse of {@link parseCheck}. */
export function formatCheck(q: ConnectionQuery): string {
  const side = (e: QueryEndpoint, bracket: boolean) =>
    "pod" in e ? e.pod : bracket && e.ip.includes(":") ? `[${e.ip}]` : e.ip;
  return `${side(q.from, false)} -> ${side(q.to, true)}:${q.port}/${q.protocol}`;
}
