/**
 * An offline evaluator of a tailnet policy's `grants` and legacy `acls`: may this identity open a
 * connection to that device on this port? It exists so that the component can prove, at
 * `pulumi preview`, what Tailscale would only check at `pulumi up` (docs/tailnet-policy.md §8), and
 * so that the end-to-end matrix can compose "the tailnet admits the source to the proxy" with "the
 * cluster lets the proxy reach the pod".
 *
 * Semantics (docs/tailnet-policy.md §3):
 * - a device is user-owned or tagged, never both; user, group, `autogroup:member` and role
 *   selectors never match tagged devices;
 * - every grant and every acl is an allow rule; the answer is their union, and there are no denies;
 * - a policy with neither an `acls` nor a `grants` key is Tailscale's default allow-all
 *   (`{"grants": []}` or `{"acls": []}` denies everything);
 * - grants with `via` route through subnet routers / exit nodes and never open device-to-device
 *   paths; `app`-only grants open no port, but their application capabilities (what a destination
 *   such as the Kubernetes API proxy learns about the caller) are answered by `capability()`;
 *   `srcPosture` is assumed satisfied (the evaluator has no device posture, and assuming more
 *   access keeps "deny" checks strict).
 * Address selectors (IPv4/IPv6 addresses and CIDRs, `hosts` aliases, `ipset:`s with their `add` /
 * `remove` entries) match only identities whose `ips` are given. A grant with `via` applies only to
 * routed hosts reached through a router carrying one of its tags (the query's `through`). A
 * `svc:name` selector matches the Tailscale Service of that
 * name, which a `tag:` selector also matches through the Service's own tags (assuming more access
 * keeps "deny" checks strict); `autogroup:internet` matches a host on the public internet, reached
 * through an exit node.
 */

import { AddressBook } from "./addresses";
import { fieldOf, isObject, keyOf, TailnetPolicyError } from "./policy";
import {
  parseAclDestination,
  parseGrantIp,
  protocolNumber,
  ruleAdmits,
  type TailnetPortRange,
} from "./ports";

/** A user's own (untagged) device, or the user as a source. */
export interface TailnetUser {
  kind: "user";
  /** The login, e.g. `alice@example.com`. */
  login: string;
  /** Groups the user is in besides those the policy's `groups` list them in (e.g. IdP-synced `group:sre@example.com`). */
  groups?: string[];
  /** Tailnet roles: `owner`, `admin`, `network-admin`, `it-admin`, `billing-admin`, `auditor`. */
  roles?: string[];
  /** True for a user from another tailnet who accepted a share (matches `autogroup:shared`, not `autogroup:member`). */
  shared?: boolean;
  /** False for a login not known to be a member of the tailnet (matches no `autogroup:member`). @default true */
  member?: boolean;
  /** The device's tailnet addresses, only needed against address selectors. */
  ips?: string[];
}

/** A tagged device (such as an operator proxy): its identity is all of its tags. */
export interface TailnetTaggedDevice {
  kind: "tagged";
  tags: string[];
  ips?: string[];
}

/** A Tailscale Service (`svc:name`, a VIP advertised by ProxyGroup pods): a destination only. */
export interface TailnetService {
  kind: "service";
  /** `svc:<name>`. */
  name: string;
  /** The Service's own tags (the operator's `tailscale.com/tags`, or its default proxy tags). */
  tags?: string[];
}

/**
 * A host outside the tailnet reached through a subnet router, an app connector or an exit node
 * (`internet`): a destination only, selected by its address (or by `autogroup:internet`).
 */
export interface TailnetRoutedHost {
  kind: "host";
  ips: string[];
  internet?: boolean;
  /** False when the route to it is not known to be approved (then `*` does not cover it). @default true */
  approved?: boolean;
}

/** Who opens a connection, or which device receives it. */
export type TailnetIdentity = TailnetUser | TailnetTaggedDevice | TailnetService | TailnetRoutedHost;

/** One question: may `src` connect to `dst` on `port` over `proto` (`tcp`, `udp`, `icmp`, a number)? */
export interface AccessQuery {
  src: TailnetIdentity;
  dst: TailnetIdentity;
  port: number;
  proto: string | number;
  /** The tags of the subnet router / exit node the connection goes through, for grants with `via`. */
  through?: string[];
}

/** A rule that admitted a query, e.g. `grants[1]` and its text. */
export interface MatchedRule {
  section: "grants" | "acls";
  index: number;
  /** `grants[1] {"src":["group:sre"],"dst":["tag:k8s-grafana"],"ip":["tcp:80"]}`. */
  description: string;
}

/** The answer to an {@link AccessQuery}, with the reason. */
export interface AccessDecision {
  allowed: boolean;
  /** Every rule that admits the query (they add up; none has priority). */
  matched: MatchedRule[];
  /** True when the policy has neither `acls` nor `grants`, so everything is allowed. */
  defaultAllowAll: boolean;
  /** A sentence saying why. */
  explanation: string;
}

interface CompiledRule extends MatchedRule {
  src: string[];
  /** A routed grant's router tags: it only applies through one of them. */
  via?: string[];
  /** For grants: the dst selectors, sharing `ports`. For acls: one entry per `host:ports`. */
  dst: { host: string; ports: TailnetPortRange[] }[];
}

/** A grant's application capabilities: what `src` may do at `dst` beyond opening connections. */
interface CompiledAppRule extends MatchedRule {
  src: string[];
  dst: string[];
  app: { [capability: string]: unknown[] };
}

/** The values of one application capability a source holds at a destination, and the grants that give them. */
export interface CapabilityDecision {
  /** Every matching grant's entries for the capability, in policy order (Tailscale hands them all to the destination). */
  values: unknown[];
  matched: MatchedRule[];
}

export const ROLE_AUTOGROUPS = ["owner", "admin", "network-admin", "it-admin", "billing-admin", "auditor"];

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new TailnetPolicyError(where, "expected a list of strings");
  }
  return value as string[];
}

function list(policy: object, section: string): unknown[] | undefined {
  const value = fieldOf(policy, section);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new TailnetPolicyError(section, "expected a list");
  return value;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Evaluates queries against one policy; the policy is checked and compiled once, in the constructor. */
export class TailnetPolicyEvaluator {
  private readonly rules: CompiledRule[] = [];
  private readonly appRules: CompiledAppRule[] = [];
  private readonly groups: Record<string, string[]> = {};
  /** The policy's `hosts` and `ipsets`. */
  readonly addresses: AddressBook;
  /** True when the policy has neither `acls` nor `grants` (Tailscale's default allow-all). */
  readonly defaultAllowAll: boolean;

  /** @throws TailnetPolicyError for rules Tailscale would refuse (bad ports, `action` other than accept). */
  constructor(policy: object) {
    if (!isObject(policy)) throw new TailnetPolicyError("", "the policy must be a JSON object");
    const groups = fieldOf(policy, "groups");
    if (isObject(groups)) {
      for (const [name, members] of Object.entries(groups)) {
        this.groups[name.toLowerCase()] = strings(members, `groups[${JSON.stringify(name)}]`);
      }
    }
    this.addresses = new AddressBook(policy);
    const grants = list(policy, "grants");
    const acls = list(policy, "acls");
    this.defaultAllowAll = grants === undefined && acls === undefined;
    grants?.forEach((g, i) => this.compileGrant(g, i));
    acls?.forEach((a, i) => this.compileAcl(a, i));
  }

  private compileGrant(grant: unknown, index: number): void {
    const where = `grants[${index}]`;
    if (!isObject(grant)) throw new TailnetPolicyError(where, "expected an object");
    const ip = strings(fieldOf(grant, "ip"), `${where}.ip`);
    if (ip.length === 0 && fieldOf(grant, "app") === undefined) {
      throw new TailnetPolicyError(where, "ip and app can not both be empty");
    }
    const ports = ip.map((spec, j) => parseGrantIp(spec, `${where}.ip[${j}]`));
    const via = strings(fieldOf(grant, "via"), `${where}.via`);
    if (via.length > 0) {
      const dst = strings(fieldOf(grant, "dst"), `${where}.dst`).map((host) => ({ host, ports }));
      const src = strings(fieldOf(grant, "src"), `${where}.src`);
      if (ports.length > 0)
        this.rules.push({
          section: "grants",
          index,
          description: `${where} ${JSON.stringify(grant)}`,
          src,
          dst,
          via,
        });
      return;
    }
    const dstSelectors = strings(fieldOf(grant, "dst"), `${where}.dst`);
    const src = strings(fieldOf(grant, "src"), `${where}.src`);
    const description = `${where} ${JSON.stringify(grant)}`;
    const app = fieldOf(grant, "app");
    if (isObject(app)) {
      const caps: CompiledAppRule["app"] = {};
      for (const [name, values] of Object.entries(app)) {
        if (!Array.isArray(values))
          throw new TailnetPolicyError(`${where}.app[${JSON.stringify(name)}]`, "expected a list");
        caps[name.toLowerCase()] = values;
      }
      this.appRules.push({ section: "grants", index, description, src, dst: dstSelectors, app: caps });
    }
    if (ports.length === 0) return;
    const dst = dstSelectors.map((host) => ({ host, ports }));
    this.rules.push({ section: "grants", index, description, src, dst });
  }

  private compileAcl(acl: unknown, index: number): void {
    const where = `acls[${index}]`;
    if (!isObject(acl)) throw new TailnetPolicyError(where, "expected an object");
    const action = fieldOf(acl, "action");
    if (action !== "accept") {
      throw new TailnetPolicyError(
        where,
        `action=${JSON.stringify(action)} is not supported; only "accept" is`,
      );
    }
    const srcKey = keyOf(acl, "src") ?? keyOf(acl, "users");
    const dstKey = keyOf(acl, "dst") ?? keyOf(acl, "ports");
    const src = strings(srcKey && acl[srcKey], `${where}.src`);
    const proto = fieldOf(acl, "proto");
    const protoText = typeof proto === "number" ? String(proto) : (proto as string | undefined);
    const dst = strings(dstKey && acl[dstKey], `${where}.dst`).map((d, j) => {
      const { host, rules } = parseAclDestination(d, protoText, `${where}.dst[${j}]`);
      return { host, ports: rules };
    });
    this.rules.push({ section: "acls", index, description: `${where} ${JSON.stringify(acl)}`, src, dst });
  }

  /** True when `selector` selects the device `who` (for `autogroup:self`, relative to `source`). */
  matches(selector: string, who: TailnetIdentity, source?: TailnetIdentity): boolean {
    const s = selector.toLowerCase();
    if (s === "autogroup:danger-all") return true;
    // "*" is every tailnet device and every approved subnet route (a route not known approved is out).
    if (s === "*") return who.kind !== "host" || who.approved !== false;
    if (s === "autogroup:tagged") return who.kind === "tagged";
    if (s.startsWith("tag:"))
      return (who.kind === "tagged" || who.kind === "service") && (who.tags ?? []).some((t) => same(t, s));
    if (s.startsWith("svc:")) return who.kind === "service" && same(who.name, s);
    if (s === "autogroup:internet") return who.kind === "host" && who.internet === true;
    if (who.kind === "service") return false;
    if (this.addresses.isAddressSelector(selector))
      return this.addresses.covers(selector, who.ips ?? [], who.kind === "host" && who.internet === true);
    if (who.kind !== "user") return false;
    if (s === "autogroup:member" || s === "autogroup:members") return !who.shared && who.member !== false;
    if (s === "autogroup:shared") return who.shared === true;
    if (s === "autogroup:self") return source?.kind === "user" && same(source.login, who.login);
    if (s.startsWith("autogroup:")) {
      const role = s.slice("autogroup:".length);
      return ROLE_AUTOGROUPS.includes(role) && (who.roles ?? []).some((r) => same(r, role));
    }
    if (s.startsWith("group:")) {
      return (
        (who.groups ?? []).some((g) => same(g, s)) || (this.groups[s] ?? []).some((m) => same(m, who.login))
      );
    }
    if (s.startsWith("user:*@")) return who.login.toLowerCase().endsWith(s.slice("user:*".length));
    return s.includes("@") && same(s, who.login);
  }

  /** The members a policy `groups` entry lists, or undefined when the policy does not define the group. */
  groupMembers(group: string): string[] | undefined {
    return this.groups[group.toLowerCase()];
  }

  /**
   * The values of an application capability (`tailscale.com/cap/kubernetes`) that `src` holds at
   * `dst`: what the destination receives about the caller. Capabilities need no port and add up
   * across grants, like network access; the default allow-all grants none.
   */
  capability(src: TailnetIdentity, dst: TailnetIdentity, name: string): CapabilityDecision {
    const matched = this.appRules.filter(
      (rule) =>
        Object.hasOwn(rule.app, name.toLowerCase()) &&
        rule.src.some((sel) => this.matches(sel, src)) &&
        rule.dst.some((sel) => this.matches(sel, dst, src)),
    );
    return {
      values: matched.flatMap((rule) => rule.app[name.toLowerCase()]),
      matched: matched.map(({ section, index, description }) => ({ section, index, description })),
    };
  }

  /** Per tag (lower case): the rules whose every destination is a tag, that tag among them. */
  private byTag?: Map<string, CompiledRule[]>;
  /** The rules with some destination other than a tag: asked about every query. */
  private readonly anyDestination: CompiledRule[] = [];
  private readonly position = new Map<CompiledRule, number>();

  /**
   * The rules that could admit a query to `dst`, in policy order. A tagged device can only be
   * reached through a tag it carries or a non-tag selector, so a policy's tests (one query per
   * service) cost the rules of that service, not every rule of the policy.
   */
  private rulesFor(dst: TailnetIdentity): readonly CompiledRule[] {
    if (dst.kind !== "tagged") return this.rules;
    if (!this.byTag) {
      const byTag = new Map<string, CompiledRule[]>();
      this.rules.forEach((rule, i) => {
        this.position.set(rule, i);
        const hosts = rule.dst.map((d) => d.host.toLowerCase());
        if (!hosts.every((h) => h.startsWith("tag:"))) this.anyDestination.push(rule);
        else for (const h of new Set(hosts)) byTag.get(h)?.push(rule) ?? byTag.set(h, [rule]);
      });
      this.byTag = byTag;
    }
    const found = new Set(this.anyDestination);
    for (const tag of dst.tags) for (const r of this.byTag.get(tag.toLowerCase()) ?? []) found.add(r);
    return [...found].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  /** A routed grant applies only to a routed host reached through one of its router tags. */
  private routedOk(rule: CompiledRule, query: AccessQuery): boolean {
    if (rule.via === undefined) return true;
    return query.dst.kind === "host" && rule.via.some((v) => (query.through ?? []).some((t) => same(t, v)));
  }

  /** True when the policy has a grant with `via` (its tests may depend on the route taken). */
  get hasRoutedGrants(): boolean {
    return this.rules.some((r) => r.via !== undefined);
  }

  /** Every router tag a grant's `via` names. */
  get routerTags(): string[] {
    return [...new Set(this.rules.flatMap((r) => r.via ?? []))];
  }

  /** Decides one query and explains the decision. */
  check(query: AccessQuery): AccessDecision {
    const what = `${describeIdentity(query.src)} -> ${describeIdentity(query.dst)} ${String(query.proto).toLowerCase()}:${query.port}`;
    if (this.defaultAllowAll) {
      return {
        allowed: true,
        matched: [],
        defaultAllowAll: true,
        explanation: `${what}: allowed, because the policy has neither "acls" nor "grants", so Tailscale's default allow-all applies`,
      };
    }
    const protocol = protocolNumber(query.proto);
    if (protocol === undefined)
      // A query's own field, not the policy's: runPolicyTests checks a test's proto before asking.
      throw new TailnetPolicyError("proto", `unknown protocol ${JSON.stringify(query.proto)}`);
    const matched: MatchedRule[] = this.rulesFor(query.dst)
      .filter(
        (rule) =>
          this.routedOk(rule, query) &&
          rule.src.some((sel) => this.matches(sel, query.src)) &&
          rule.dst.some(
            (d) =>
              this.matches(d.host, query.dst, query.src) &&
              d.ports.some((p) => ruleAdmits(p, protocol, query.port)),
          ),
      )
      .map(({ section, index, description }) => ({ section, index, description }));
    const explanation =
      matched.length > 0
        ? `${what}: allowed by ${matched.map((m) => m.description).join("; ")}`
        : `${what}: denied, no grant or acl admits it`;
    return { allowed: matched.length > 0, matched, defaultAllowAll: false, explanation };
  }
}

/** `alice@example.com`, `tagged device [tag:a, tag:b]`, `svc:grafana`, `host 10.20.0.1`. */
export function describeIdentity(identity: TailnetIdentity): string {
  if (identity.kind === "user") return identity.login;
  if (identity.kind === "service") return identity.name;
  if (identity.kind === "host")
    return `${identity.internet ? "internet " : ""}host ${identity.ips.join(", ")}`;
  return `tagged device [${identity.tags.join(", ")}]`;
}

/** One-off form of {@link TailnetPolicyEvaluator.check}. */
export function evaluateAccess(policy: object, query: AccessQuery): AccessDecision {
  return new TailnetPolicyEvaluator(policy).check(query);
}
