/**
 * The address side of the tailnet policy: IP and CIDR selectors (IPv4 and IPv6, through the same
 * CIDR code as the reachability engine), `hosts` aliases, and `ipsets` with their `add` / `remove`
 * entries (grants syntax "Customize autogroup:internet"; docs/tailnet-policy.md §2.2).
 *
 * Why a class: an ipset may name other ipsets, hosts or `autogroup:internet`, so it is resolved
 * once per policy, with a guard against cycles, and then asked many times.
 */
import { type Cidr, cidrContains, parseCidr, parseIp } from "../reach/model/cidr";
import { fieldOf, isObject } from "./policy";

/** An ipset resolved into the blocks it adds and removes, applied in that order. */
interface ResolvedSet {
  add: Cidr[];
  remove: Cidr[];
  /** `add autogroup:internet`: every public address. */
  internet: boolean;
}

/** The tailnet's own address ranges (CGNAT for IPv4, Tailscale's ULA prefix for IPv6). */
const TAILNET_RANGES = ["100.64.0.0/10", "fd7a:115c:a1e0::/48"].map((c) => parseCidr(c)!);

/** Ranges that are never the public internet (private, loopback, link-local, CGNAT, ULA). */
const NON_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
].map((c) => parseCidr(c)!);

/** True when the text is an IP address or a CIDR block (either family). */
export function isAddressLiteral(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** True when the address lies in the tailnet's own ranges (a device, not a routed host). */
export function inTailnet(ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed !== undefined && TAILNET_RANGES.some((r) => cidrContains(r, parsed));
}

/** True when the address is a public one (what `autogroup:internet` reaches through an exit node). */
export function isPublic(ip: string): boolean {
  const parsed = parseIp(ip);
  return parsed !== undefined && !NON_PUBLIC.some((r) => cidrContains(r, parsed));
}

/** Resolves `hosts` and `ipsets` of one policy and answers whether a selector covers an address. */
export class AddressBook {
  private readonly hosts = new Map<string, string>();
  private readonly rawSets = new Map<string, string[]>();
  private readonly sets = new Map<string, ResolvedSet>();

  constructor(policy: object) {
    const hosts = fieldOf(policy, "hosts");
    if (isObject(hosts)) {
      for (const [alias, address] of Object.entries(hosts)) {
        if (typeof address === "string") this.hosts.set(alias.toLowerCase(), address);
      }
    }
    const ipsets = fieldOf(policy, "ipsets");
    if (isObject(ipsets)) {
      for (const [name, entries] of Object.entries(ipsets)) {
        if (Array.isArray(entries))
          this.rawSets.set(
            name.toLowerCase(),
            entries.filter((e): e is string => typeof e === "string"),
          );
      }
    }
  }

  /** The address or CIDR a `hosts` alias stands for, or undefined when the policy does not define it. */
  host(alias: string): string | undefined {
    return this.hosts.get(alias.toLowerCase());
  }

  /** True when a selector names addresses: an IP, a CIDR, a `hosts` alias or an `ipset:`. */
  isAddressSelector(selector: string): boolean {
    const s = selector.toLowerCase();
    return s.startsWith("ipset:") || this.hosts.has(s) || isAddressLiteral(selector);
  }

  /**
   * True when `selector` covers one of `ips`; `internet` says the addresses are public ones reached
   * through an exit node (an ipset that adds `autogroup:internet` covers them).
   */
  covers(selector: string, ips: readonly string[], internet = false): boolean {
    const s = selector.toLowerCase();
    if (s.startsWith("ipset:")) {
      const set = this.resolve(s, new Set());
      return set !== undefined && ips.some((ip) => this.inSet(set, ip, internet));
    }
    const block = parseCidr(this.hosts.get(s) ?? selector);
    if (block === undefined) return false;
    return ips.some((ip) => {
      const parsed = parseIp(ip) ?? parseCidr(ip);
      if (parsed === undefined) return false;
      // A CIDR identity (a routed subnet) is covered when the selector holds all of it.
      return "value" in parsed
        ? cidrContains(block, parsed)
        : parsed.family === block.family && parsed.first >= block.first && parsed.last <= block.last;
    });
  }

  private inSet(set: ResolvedSet, ip: string, internet: boolean): boolean {
    const parsed = parseIp(ip);
    if (parsed === undefined) return false;
    const added = (set.internet && internet) || set.add.some((c) => cidrContains(c, parsed));
    return added && !set.remove.some((c) => cidrContains(c, parsed));
  }

  /** Resolves an ipset; undefined when it is not defined (or only reaches itself). */
  private resolve(name: string, visiting: Set<string>): ResolvedSet | undefined {
    const done = this.sets.get(name);
    if (done) return done;
    const entries = this.rawSets.get(name);
    if (entries === undefined || visiting.has(name)) return undefined;
    visiting.add(name);
    const set: ResolvedSet = { add: [], remove: [], internet: false };
    for (const entry of entries) {
      const [verb, target] = /^(add|remove)\s+/i.test(entry)
        ? [entry.split(/\s+/)[0].toLowerCase(), entry.replace(/^\S+\s+/, "")]
        : ["add", entry];
      const into = verb === "add" ? set.add : set.remove;
      const t = target.toLowerCase();
      if (t === "autogroup:internet") {
        if (verb === "add") set.internet = true;
      } else if (t.startsWith("ipset:")) {
        const inner = this.resolve(t, visiting);
        if (inner) {
          into.push(...inner.add);
          if (verb === "add") {
            set.remove.push(...inner.remove);
            set.internet ||= inner.internet;
          }
        }
      } else {
        const block = parseCidr(this.hosts.get(t) ?? target);
        if (block) into.push(block);
      }
    }
    visiting.delete(name);
    this.sets.set(name, set);
    return set;
  }
}
