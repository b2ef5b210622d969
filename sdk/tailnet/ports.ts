/**
 * Port and protocol specifications of the tailnet policy: the grant `ip` field (`*`, `443`,
 * `80-443`, `tcp:443`, `icmp:*`, `47:*`) and the legacy ACL `host:ports` destination with its
 * optional `proto`. Semantics from Tailscale's grants syntax page and the SaaS captures recorded in
 * docs/tailnet-policy.md §2.3-§2.4:
 * - `*` and a bare port (range) cover TCP, UDP and ICMP (v4 and v6), never SCTP;
 * - a bare number is always a port: `"47"` is port 47, protocol 47 is `"47:*"` / `"gre:*"`;
 * - only TCP, UDP and SCTP have ports; other protocols are written `proto:*`;
 * - a legacy ACL without `proto` covers TCP and UDP, plus ICMP towards the same device.
 */
import { TailnetPolicyError } from "./policy";

/** Protocol names Tailscale accepts, with their IP protocol numbers. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  ipv4: 4,
  "ip-in-ip": 4,
  tcp: 6,
  egp: 8,
  igp: 9,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  "ipv6-icmp": 58,
  sctp: 132,
};

const TCP = 6;
const UDP = 17;
const SCTP = 132;
/** What `*`, a bare port and a legacy ACL without `proto` cover (captured `[6,17,1,58]`). */
const DEFAULT_PROTOCOLS: readonly number[] = [TCP, UDP, 1, 58];
/** `*:port`: that port on any protocol (Tailscale accepts it in a grant's `ip`, e.g. `"*:8096"`). */
const ANY_PROTOCOL: readonly number[] = Array.from({ length: 255 }, (_, i) => i + 1);

/** A set of protocols and, for those that have ports, an inclusive port range. */
export interface TailnetPortRange {
  protocols: readonly number[];
  first: number;
  last: number;
}

/** True when a protocol has ports (TCP, UDP, SCTP); for the others a rule's port range is irrelevant. */
export function hasPorts(protocol: number): boolean {
  return protocol === TCP || protocol === UDP || protocol === SCTP;
}

/** The IP protocol number of a name (`tcp`), or of a numeric string / number 1-255; undefined if unknown. */
export function protocolNumber(proto: string | number): number | undefined {
  const text = String(proto).toLowerCase();
  if (Object.hasOwn(PROTOCOL_NUMBERS, text)) return PROTOCOL_NUMBERS[text];
  if (!/^[0-9]{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 255 ? n : undefined;
}

/** True when the rule admits `protocol` (a number) on `port`. */
export function ruleAdmits(rule: TailnetPortRange, protocol: number, port: number): boolean {
  if (!rule.protocols.includes(protocol)) return false;
  return !hasPorts(protocol) || (port >= rule.first && port <= rule.last);
}

/** Parses `*`, `22` or `1000-2000` into an inclusive range; throws with Tailscale's wording. */
function parseRange(text: string, where: string): { first: number; last: number } {
  if (text === "*") return { first: 0, last: 65535 };
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  if (!m) throw new TailnetPolicyError(where, `port range ${JSON.stringify(text)}: invalid first integer`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first === 0) {
    throw new TailnetPolicyError(
      where,
      `port range ${JSON.stringify(text)}: first port must be >0, or use '*' for wildcard`,
    );
  }
  if (last > 65535 || last < first) {
    throw new TailnetPolicyError(where, `port range ${JSON.stringify(text)} is not within 1-65535`);
  }
  return { first, last };
}

/**
 * Parses one entry of a grant's `ip` list.
 * @param where the location for errors, e.g. `grants[0].ip[1]`.
 * @throws TailnetPolicyError for the entries Tailscale refuses (bare `icmp`, port 0, unknown protocol).
 */
export function parseGrantIp(spec: string, where: string): TailnetPortRange {
  if (typeof spec !== "string") throw new TailnetPolicyError(where, "expected a string");
  const colon = spec.indexOf(":");
  if (colon < 0) return { protocols: DEFAULT_PROTOCOLS, ...parseRange(spec, where) };
  const protoText = spec.slice(0, colon);
  if (protoText === "*") return { protocols: ANY_PROTOCOL, ...parseRange(spec.slice(colon + 1), where) };
  const protocol = protocolNumber(protoText);
  if (protocol === undefined)
    throw new TailnetPolicyError(where, `unknown protocol ${JSON.stringify(protoText)}`);
  const ports = spec.slice(colon + 1);
  if (!hasPorts(protocol) && ports !== "*") {
    throw new TailnetPolicyError(where, `protocol ${protoText} has no ports; write "${protoText}:*"`);
  }
  // ICMP written by name covers both address families, like the default set does.
  const protocols = protocol === 1 ? [1, 58] : [protocol];
  return { protocols, ...parseRange(ports, where) };
}

/**
 * Splits a legacy ACL destination `host:ports` at its last colon (`tag:k8s:80`,
 * `autogroup:self:*`, `[fd7a::1]:22`) and parses the ports (`*`, `22`, `80,443`, `1000-2000`).
 * @param proto the rule's `proto`, if any: without it the rule covers TCP, UDP and ICMP.
 */
export function parseAclDestination(
  dst: string,
  proto: string | undefined,
  where: string,
): { host: string; rules: TailnetPortRange[] } {
  if (typeof dst !== "string") throw new TailnetPolicyError(where, 'expected a string "host:ports"');
  const colon = dst.lastIndexOf(":");
  if (colon < 0)
    throw new TailnetPolicyError(where, `${JSON.stringify(dst)} has no ports; write "host:ports"`);
  let host = dst.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  let protocols = DEFAULT_PROTOCOLS;
  if (proto !== undefined && proto !== "") {
    const n = protocolNumber(proto);
    if (n === undefined) throw new TailnetPolicyError(where, `unknown proto ${JSON.stringify(proto)}`);
    protocols = n === 1 ? [1, 58] : [n];
  }
  const rules = dst
    .slice(colon + 1)
    .split(",")
    .map((part) => ({ protocols, ...parseRange(part, where) }));
  return { host, rules };
}
