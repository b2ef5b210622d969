/**
 * Who a policy test's `src` and destination stand for, as two bounds: the least access the
 * identity can have given what the policy file says (`lower`), and the most (`upper`). A test
 * whose outcome is the same under both is decided; one whose outcome differs depends on something
 * the file does not say (a login's tailnet role, which tags an `autogroup:tagged` device carries,
 * which device holds a tailnet IP, whether a route is approved) and is reported as unchecked, with
 * that reason, never as passed or failed.
 *
 * Readings of Tailscale's test runner (docs/tailnet-policy.md §4 and issue 16):
 * - a login's role is unknown offline; the owner of a personal tailnet passes `autogroup:admin`
 *   tests, so the upper bound holds every role and membership;
 * - a login listed in no `groups` is not known as a member of `autogroup:member`;
 * - a group used as a test `src` holds for the group as such (not for each member's roles);
 * - `autogroup:self` as a destination is the source user's own device.
 */
import { inTailnet, isPublic } from "./addresses";
import {
  ROLE_AUTOGROUPS,
  type TailnetIdentity,
  type TailnetPolicyEvaluator,
  type TailnetUser,
} from "./evaluator";
import { fieldOf, isObject } from "./policy";

/** The tailnet roles, each also an `autogroup:<role>` (the evaluator's list: one place). */
const ROLES = ROLE_AUTOGROUPS;

/** An identity as two bounds; `upper` undefined means "any identity at all" (nothing is known). */
export interface Bounds {
  lower: TailnetIdentity;
  upper?: TailnetIdentity;
  /** Router tags a routed destination may be reached through (grants with `via`), in the upper bound. */
  through?: string[];
  /** What the difference between the bounds depends on, for the unchecked message. */
  unknown?: string;
  /** Other identities the selector may stand for (a group's members), to soften a failure into unchecked. */
  members?: TailnetIdentity[];
}

/** A destination Tailscale refuses in a test, or one this runner cannot place: the reason. */
export interface Refusal {
  refused?: string;
  unchecked?: string;
}

/** True when the policy lists the login in one of its `groups` (so the runner knows it as a member). */
function listedInGroups(policy: object, login: string): boolean {
  const groups = fieldOf(policy, "groups");
  if (!isObject(groups)) return false;
  const l = login.toLowerCase();
  return Object.values(groups).some((m) => Array.isArray(m) && m.some((x) => String(x).toLowerCase() === l));
}

/** A login's two bounds: no role (member only when a group lists it), and every role. */
function userBounds(policy: object, login: string): Bounds {
  const lower: TailnetUser = { kind: "user", login, roles: [], member: listedInGroups(policy, login) };
  const upper: TailnetUser = { kind: "user", login, roles: ROLES, member: true };
  return { lower, upper, unknown: `the tailnet role of ${login} (not in the policy file)` };
}

function tagsOf(policy: object): string[] {
  const owners = fieldOf(policy, "tagOwners");
  return isObject(owners) ? Object.keys(owners) : [];
}

/** The bounds of a test `src`, or why it cannot be evaluated. */
export function sourceBounds(
  policy: object,
  evaluator: TailnetPolicyEvaluator,
  src: string,
): Bounds | Refusal {
  const s = src.toLowerCase();
  if (s.startsWith("tag:")) return { lower: { kind: "tagged", tags: [src] } };
  if (s.startsWith("group:")) {
    const asSuch: TailnetUser = { kind: "user", login: `(${src})`, groups: [src], roles: [], member: true };
    const listed = evaluator.groupMembers(src) ?? [];
    return {
      lower: asSuch,
      members: listed.map((login): TailnetIdentity => ({ kind: "user", login, roles: [], member: true })),
    };
  }
  if (s === "autogroup:member" || s === "autogroup:members")
    return { lower: { kind: "user", login: `(${src})`, roles: [], member: true } };
  if (s === "autogroup:shared")
    return { lower: { kind: "user", login: "(a shared-in user)", shared: true, member: false } };
  if (s.startsWith("autogroup:") && ROLES.includes(s.slice("autogroup:".length))) {
    const role = s.slice("autogroup:".length);
    return { lower: { kind: "user", login: `(${src})`, roles: [role], member: true } };
  }
  if (s === "autogroup:tagged") {
    return {
      lower: { kind: "tagged", tags: ["tag:(untagged-by-policy)"] },
      upper: { kind: "tagged", tags: tagsOf(policy) },
      unknown: "which tags the autogroup:tagged device carries",
    };
  }
  if (/^[^\s@:]+@[^\s@:]+$/.test(src)) return userBounds(policy, src);
  const address = evaluator.addresses.host(src) ?? src;
  if (/^[0-9a-f.:]+$/i.test(address)) {
    return {
      lower: { kind: "host", ips: [address], approved: inTailnet(address) },
      unknown: `which device holds ${address} (the policy names it by address only)`,
    };
  }
  return { unchecked: `src ${JSON.stringify(src)} cannot be evaluated offline` };
}

/** True when an autoApprovers route (other than a default route) covers the address. */
function autoApproved(policy: object, evaluator: TailnetPolicyEvaluator, ip: string): boolean {
  const approvers = fieldOf(policy, "autoApprovers");
  const routes = isObject(approvers) ? fieldOf(approvers, "routes") : undefined;
  if (!isObject(routes)) return false;
  return Object.keys(routes).some(
    (r) => !/^(0\.0\.0\.0|::)\/0$/.test(r) && evaluator.addresses.covers(r, [ip]),
  );
}

/** The bounds of a test destination host (the part before `:port`), given the source's bounds. */
export function destinationBounds(
  policy: object,
  evaluator: TailnetPolicyEvaluator,
  host: string,
  source: Bounds,
): Bounds | Refusal {
  const h = host.toLowerCase();
  if (h.startsWith("tag:")) return { lower: { kind: "tagged", tags: [host] } };
  if (h.startsWith("svc:")) return { lower: { kind: "service", name: host } };
  if (h === "autogroup:internet") return { refused: "autogroup:internet is not a valid test destination" };
  if (h === "autogroup:self") {
    if (source.lower.kind !== "user")
      return { refused: "autogroup:self can only be tested from a user or group source" };
    return { lower: source.lower, upper: source.upper ?? source.lower, unknown: source.unknown };
  }
  if (h.startsWith("group:")) {
    const first = evaluator.groupMembers(host)?.[0];
    if (first !== undefined) return userBounds(policy, first);
    return {
      lower: { kind: "user", login: `(a member of ${host})`, groups: [host], roles: [], member: true },
    };
  }
  if (/^[^\s@:]+@[^\s@:]+$/.test(host)) return userBounds(policy, host);
  if (h.startsWith("autogroup:") || h.startsWith("ipset:"))
    return { unchecked: `destination ${JSON.stringify(host)} cannot be evaluated offline` };
  const alias = evaluator.addresses.host(host);
  // A CIDR written in the test is refused even as a /32 (captured: "100.64.0.16/32:22").
  if (alias === undefined && host.includes("/"))
    return { refused: `${JSON.stringify(host)} is a CIDR; a test destination is one address` };
  const address = alias ?? host;
  if (address.includes("/") && !/\/(32|128)$/.test(address))
    return { refused: `${JSON.stringify(host)} is a CIDR (${address}); a test destination is one address` };
  const ip = address.replace(/\/(32|128)$/, "");
  if (!/^[0-9a-f.:]+$/i.test(ip)) return { refused: `host ${JSON.stringify(host)} is not defined in hosts` };
  if (inTailnet(ip)) {
    return {
      lower: { kind: "host", ips: [ip] },
      unknown: `which device holds ${ip} (the policy names it by address only)`,
    };
  }
  const internet = isPublic(ip);
  const approved = autoApproved(policy, evaluator, ip);
  const routers = evaluator.routerTags;
  const why = [
    ...(approved ? [] : [`whether a route to ${ip} is approved`]),
    ...(routers.length ? [`which router carries the traffic (via ${routers.join(", ")})`] : []),
  ];
  return {
    lower: { kind: "host", ips: [ip], internet, approved },
    upper: { kind: "host", ips: [ip], internet, approved: true },
    through: routers,
    unknown: why.join(" and ") || undefined,
  };
}
