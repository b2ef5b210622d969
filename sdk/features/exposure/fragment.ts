/**
 * Generates the tailnet policy fragment for the Services a cluster exposes: who owns the proxy
 * tags, who may reach each Service, which proxies may use Funnel, and the `tests` that make
 * Tailscale re-prove all of it on every save. Facts: docs/tailnet-policy.md §5-§7 and §10,
 * docs/tailscale-operator.md §5.
 *
 * Decisions, each for a reason:
 * - A grant names the exposure's most specific tags: the tags no other exposure and no default
 *   proxy tag shares (when it has any). Grants add up and a proxy is reachable through any of its
 *   tags, so granting `group:sre` the shared `tag:k8s` on port 80 would open every proxy's port 80.
 * - One `ip` entry per Service port with its protocol (`tcp:80`, `udp:53`), never a bare port: a
 *   bare port also opens UDP and ICMP (§10.7). Ingress exposures arrive as 443/TCP.
 * - `tests` accept each source on each of its ports, and deny what a source provably lacks: other
 *   exposures whose access list could not include it, a port its exposure does not serve, and the
 *   operator's own tag on every exposure ("admins and the operator get nothing", §7). A deny is only
 *   emitted when nothing in the fragment could admit it whatever the base's groups say, so a failing
 *   deny always means a base rule opens the path. Sources that are autogroups or `user:*@domain`
 *   get no tests: a test needs one concrete identity (§4, §11.2).
 * - Funnel is refused on an exposure without a tag of its own: the `funnel` nodeAttr targets tags,
 *   and on a shared tag it would give every proxy carrying it the capability (§6).
 * - An exposure served by a ProxyGroup is the Tailscale Service `svc:<hostname>`: its grant and
 *   tests name that, not the proxy tags. Its `autoApprovers.services` entry (the ProxyGroup's tags
 *   may advertise it) is the proxy-groups feature's part.
 * - Everything is sorted, so the same declaration always gives the same text.
 */

import type { ValidationIssue } from "../../kernel/issues";
import {
  canonicalJson,
  type TailnetGrant,
  type TailnetPolicy,
  TailnetPolicyError,
  type TailnetPolicyTest,
} from "../../tailnet/policy";
import { perServiceTag, sourceProblem, tagProblem } from "../../tailnet/selectors";

/** One exposed Service, as the component resolved it. */
export interface TailnetExposureInput {
  hostname: string;
  namespace: string;
  service: string;
  /** The proxy device's tags (already defaulted by the caller). */
  tags: string[];
  /** Tailnet sources allowed. */
  access: string[];
  /** The ports tailnet clients connect to (Service ports; for an Ingress, 443/TCP). */
  ports: { port: number; protocol: "TCP" | "UDP" }[];
  via: "annotation" | "loadBalancer" | "ingress";
  funnel: boolean;
  /** The Tailscale Service (`svc:<hostname>`) a ProxyGroup serves it as: what grants and tests name. */
  tailscaleService?: string;
}

/** Everything the fragment is generated from. */
export interface TailnetPolicyInput {
  /** The operator's own tags (`operatorConfig.defaultTags`, e.g. `tag:k8s-operator`). */
  operatorTags: string[];
  /** The default proxy tags (`proxyConfig.defaultTags`, e.g. `tag:k8s`). */
  proxyTags: string[];
  exposures: TailnetExposureInput[];
}

/** Ports Funnel can listen on (Funnel docs: "Funnel can only listen on ports 443, 8443, and 10000"). */
export const FUNNEL_PORTS: readonly number[] = [443, 8443, 10000];

/** Ports tried, in order, for the "a port the Service does not serve is denied" test. */
const UNSERVED_PORT_CANDIDATES = [443, 80, 22];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort(byText);

/**
 * Every invalid tag, source, port or Funnel setting, at its argument path (`expose[1].tags`,
 * `operator.operatorTags[0]`: the exposures are the declaration's `expose`, in order).
 */
function validate(input: TailnetPolicyInput): void {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string | undefined) => {
    if (message !== undefined) issues.push({ path, message });
  };
  input.operatorTags.forEach((t, i) => add(`operator.operatorTags[${i}]`, tagProblem(t)));
  input.proxyTags.forEach((t, i) => add(`operator.proxyTags[${i}]`, tagProblem(t)));
  if (input.operatorTags.length === 0)
    add("operator.operatorTags", "at least one operator tag is needed to own the proxy tags");
  input.exposures.forEach((e, i) => {
    const at = `expose[${i}]`;
    if (e.tags.length === 0) add(`${at}.tags`, "a proxy needs at least one tag");
    e.tags.forEach((t, j) => {
      add(`${at}.tags[${j}]`, tagProblem(t));
      if (input.operatorTags.includes(t)) {
        add(
          `${at}.tags[${j}]`,
          `${JSON.stringify(t)} is an operator tag; a proxy tag must be owned by it, not be it`,
        );
      }
    });
    e.access.forEach((s, j) => add(`${at}.access[${j}]`, sourceProblem(s)));
    e.ports.forEach((p, j) => {
      if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
        add(`${at}.ports[${j}]`, `port ${p.port} is not an integer in 1-65535`);
      }
      if (p.protocol !== "TCP" && p.protocol !== "UDP") {
        add(`${at}.ports[${j}]`, `protocol ${JSON.stringify(p.protocol)} is not "TCP" or "UDP"`);
      }
      if (e.funnel && !FUNNEL_PORTS.includes(p.port)) {
        add(`${at}.funnel`, `Funnel can only listen on ports ${FUNNEL_PORTS.join(", ")}, not ${p.port}`);
      }
    });
    if (e.access.length > 0 && e.ports.length === 0)
      add(`${at}.ports`, "access is set but no port is exposed");
    if (e.funnel && e.via !== "ingress") {
      add(
        `${at}.funnel`,
        `Funnel works only for an Ingress (via "ingress"), not via ${JSON.stringify(e.via)}`,
      );
    }
  });
  // The funnel nodeAttr goes to a tag: on a shared tag it would open Funnel on every proxy carrying it.
  input.exposures.forEach((e, i) => {
    if (e.funnel && e.tags.length > 0 && ownTags(e, input).length === 0) {
      add(
        `expose[${i}].tags`,
        `Funnel needs a tag only this proxy carries, but ${e.tags.map((t) => JSON.stringify(t)).join(", ")} ${e.tags.length > 1 ? "are" : "is"} shared; add one, e.g. ${JSON.stringify(perServiceTag(e.hostname))}`,
      );
    }
  });
  if (issues.length > 0) throw new TailnetPolicyError(issues);
}

/** How many exposures carry each tag, counted once per input rather than once per exposure. */
const tagUse = new WeakMap<TailnetPolicyInput, Map<string, number>>();

/** The exposure's tags that no other exposure and no default proxy tag shares. */
function ownTags(exposure: TailnetExposureInput, input: TailnetPolicyInput): string[] {
  let uses = tagUse.get(input);
  if (!uses) {
    uses = new Map();
    for (const e of input.exposures) for (const t of new Set(e.tags)) uses.set(t, (uses.get(t) ?? 0) + 1);
    tagUse.set(input, uses);
  }
  const counted = uses;
  return exposure.tags.filter((t) => !input.proxyTags.includes(t) && counted.get(t) === 1);
}

/** The tags a grant to this exposure names: its own tags, or all of them when it has none of its own. */
function grantTags(exposure: TailnetExposureInput, input: TailnetPolicyInput): string[] {
  const own = ownTags(exposure, input);
  return sortedUnique(own.length > 0 ? own : exposure.tags);
}

/** Sources a test can be written for: one concrete user, a group or a tag. */
function testable(source: string): boolean {
  return source.startsWith("group:") || source.startsWith("tag:") || /^[^:]+@[^:]+$/.test(source);
}

/** True when `selector` might select some identity that `source` stands for, whatever the base's groups. */
function couldCover(selector: string, source: string): boolean {
  if (selector === source) return true;
  if (source.startsWith("tag:")) return selector === "autogroup:tagged";
  // A user or a group member: any user-side selector might include them.
  return !selector.startsWith("tag:") && selector !== "autogroup:tagged";
}

interface Destination {
  tag: string;
  proto: "tcp" | "udp";
  port: number;
}

/** Builds the fragment. @throws TailnetPolicyError with every invalid tag, source, port or Funnel setting. */
export function generateTailnetPolicy(input: TailnetPolicyInput): TailnetPolicy {
  validate(input);
  const operatorOwners = sortedUnique(input.operatorTags);
  const tagOwners: Record<string, string[]> = {};
  for (const tag of operatorOwners) tagOwners[tag] = [];
  for (const tag of sortedUnique([...input.proxyTags, ...input.exposures.flatMap((e) => e.tags)])) {
    tagOwners[tag] = operatorOwners;
  }

  const exposures = input.exposures.map((e) => ({
    access: sortedUnique(e.access),
    dst: e.tailscaleService !== undefined ? [e.tailscaleService] : grantTags(e, input),
    ports: [...new Map(e.ports.map((p) => [`${p.protocol}:${p.port}`, p])).values()]
      .map((p) => ({ proto: p.protocol === "UDP" ? ("udp" as const) : ("tcp" as const), port: p.port }))
      .sort((a, b) => byText(a.proto, b.proto) || a.port - b.port),
    funnel: e.funnel,
  }));

  const grants = new Map<string, TailnetGrant>();
  for (const e of exposures) {
    if (e.access.length === 0) continue;
    const grant = { src: e.access, dst: e.dst, ip: e.ports.map((p) => `${p.proto}:${p.port}`) };
    grants.set(canonicalJson(grant), grant);
  }

  // Which (source, destination) pairs the fragment admits for sure, and which it might admit;
  // exposures are indexed by tag and port, so each question looks at the few that serve it.
  const serving = new Map<string, (typeof exposures)[number][]>();
  const served = (tag: string, proto: string, port: number) => `${tag} ${proto}:${port}`;
  for (const e of exposures) {
    for (const key of new Set(e.dst.flatMap((tag) => e.ports.map((p) => served(tag, p.proto, p.port))))) {
      serving.get(key)?.push(e) ?? serving.set(key, [e]);
    }
  }
  const admits = (d: Destination, cover: (sel: string) => boolean) =>
    (serving.get(served(d.tag, d.proto, d.port)) ?? []).some((e) => e.access.some(cover));
  const allDestinations: Destination[] = exposures.flatMap((e) =>
    e.ports.map((p) => ({ tag: e.dst[0], ...p })),
  );
  const tests = new Map<string, { accept: Set<string>; deny: Set<string> }>();
  const note = (src: string, d: Destination, kind: "accept" | "deny") => {
    const key = `${src}\u0000${d.proto}`;
    if (!tests.has(key)) tests.set(key, { accept: new Set(), deny: new Set() });
    tests.get(key)![kind].add(`${d.tag}:${d.port}`);
  };
  const sources = sortedUnique(exposures.flatMap((e) => e.access)).filter(testable);
  const bySource = new Map<string, (typeof exposures)[number][]>();
  for (const e of exposures) for (const a of e.access) bySource.get(a)?.push(e) ?? bySource.set(a, [e]);
  for (const source of sources) {
    const candidates = [...allDestinations];
    for (const e of bySource.get(source) ?? []) {
      const unserved = UNSERVED_PORT_CANDIDATES.find(
        (n) => !e.ports.some((p) => p.proto === "tcp" && p.port === n),
      );
      if (unserved !== undefined) candidates.push({ tag: e.dst[0], proto: "tcp", port: unserved });
    }
    for (const d of candidates) {
      if (admits(d, (sel) => sel === source)) note(source, d, "accept");
      else if (!admits(d, (sel) => couldCover(sel, source))) note(source, d, "deny");
    }
  }
  const operator = operatorOwners[0];
  if (!sources.includes(operator)) {
    for (const d of allDestinations)
      if (!admits(d, (sel) => couldCover(sel, operator))) note(operator, d, "deny");
  }

  const policy: TailnetPolicy = { tagOwners };
  // No empty `grants` key: alone it would read as "deny everything", merged it would add nothing.
  if (grants.size > 0)
    policy.grants = [...grants.entries()].sort(([a], [b]) => byText(a, b)).map(([, g]) => g);
  const funnelTags = sortedUnique(exposures.filter((e) => e.funnel).flatMap((e) => e.dst));
  if (funnelTags.length > 0) policy.nodeAttrs = [{ target: funnelTags, attr: ["funnel"] }];
  const testList: TailnetPolicyTest[] = [...tests.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([key, t]) => {
      const [src, proto] = key.split("\u0000");
      const entry: TailnetPolicyTest = { src, proto };
      if (t.accept.size > 0) entry.accept = sortedUnique(t.accept);
      if (t.deny.size > 0) entry.deny = sortedUnique(t.deny);
      return entry;
    });
  if (testList.length > 0) policy.tests = testList;
  return policy;
}
