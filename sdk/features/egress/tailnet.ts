import type { NormalizedSpec } from "../../kernel/normalize";
import { parseCidr, parseIp } from "../../reach/model/cidr";
import type { TailnetIdentity } from "../../tailnet/evaluator";
import { fieldOf, isObject, type TailnetPolicy, type TailnetPolicyTest } from "../../tailnet/policy";
import type { NormalizedEgress } from "./normalize";

/** Ports tried, in order, for the "a port the target does not serve is denied" test. */
const UNSERVED_PORT_CANDIDATES = [22, 443, 80];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The grant's source: the proxy's tags that are its own (not the operator's or the default proxy tags). */
export function sourceTags(e: NormalizedEgress, spec: NormalizedSpec): string[] {
  const shared = new Set(
    [...spec.operator.proxyTags, ...spec.operator.operatorTags].map((t) => t.toLowerCase()),
  );
  return [...new Set(e.tags.filter((t) => !shared.has(t.toLowerCase())))].sort(byText);
}

/** The grant's `ip` entries: one per port with its protocol, never a bare port (that opens UDP and ICMP too). */
const grantPorts = (e: NormalizedEgress) =>
  [...new Set(e.ports.map((p) => `${p.protocol.toLowerCase()}:${p.port}`))].sort(byText);

/** The host a policy test names for the target, when Tailscale and the evaluator read it alike (IPv4, a tag, an alias). */
function testHost(e: NormalizedEgress): string | undefined {
  if (e.grantDst.startsWith("tag:")) return e.grantDst;
  const cidr = parseCidr(e.grantDst);
  if (!cidr) return e.grantDst;
  const ip = e.tailnetIp !== undefined ? parseIp(e.tailnetIp) : undefined;
  if (cidr.family !== 4) return undefined;
  if (cidr.prefix === 32) return e.grantDst.split("/")[0];
  return ip && ip.family === 4 && ip.value >= cidr.first && ip.value <= cidr.last ? e.tailnetIp : undefined;
}

/**
 * The egress part of the fragment: the operator owns each proxy tag, each proxy's own tags may
 * reach the target on the declared ports, and tests accept those ports and deny one it lacks.
 */
export function egressFragment(own: NormalizedEgress[], spec: NormalizedSpec): TailnetPolicy {
  const owners = [...new Set(spec.operator.operatorTags)].sort(byText);
  const tagOwners: Record<string, string[]> = {};
  for (const tag of [...new Set(own.flatMap((e) => e.tags))].sort(byText)) tagOwners[tag] = owners;
  const policy: TailnetPolicy = { tagOwners };
  const grants = own.map((e) => ({ src: sourceTags(e, spec), dst: [e.grantDst], ip: grantPorts(e) }));
  if (grants.length) policy.grants = grants;
  const tests: TailnetPolicyTest[] = [];
  for (const e of own) {
    const host = testHost(e);
    const src = sourceTags(e, spec)[0];
    if (host === undefined || src === undefined) continue;
    for (const proto of [...new Set(e.ports.map((p) => p.protocol))].sort()) {
      const served = e.ports.filter((p) => p.protocol === proto).map((p) => p.port);
      const test: TailnetPolicyTest = {
        src,
        proto: proto.toLowerCase(),
        accept: served.sort((a, b) => a - b).map((port) => `${host}:${port}`),
      };
      const unserved = UNSERVED_PORT_CANDIDATES.find((n) => !served.includes(n));
      if (unserved !== undefined) test.deny = [`${host}:${unserved}`];
      tests.push(test);
    }
  }
  if (tests.length) policy.tests = tests;
  return policy;
}

/** The target as the grants evaluator sees it: its tag, and its address where one is known. */
export function targetIdentity(e: NormalizedEgress, policy: TailnetPolicy): TailnetIdentity {
  const hosts = fieldOf(policy, "hosts");
  const alias = isObject(hosts) ? hosts[e.grantDst] : undefined;
  const cidr = parseCidr(typeof alias === "string" ? alias : e.grantDst);
  const address =
    e.tailnetIp ?? (cidr ? (typeof alias === "string" ? alias : e.grantDst).split("/")[0] : undefined);
  return {
    kind: "tagged",
    tags: e.grantDst.startsWith("tag:") ? [e.grantDst] : [],
    ...(address !== undefined ? { ips: [address] } : {}),
  };
}
