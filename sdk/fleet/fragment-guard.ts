import type { ValidationIssue } from "../kernel/issues";
import { parseCidr } from "../reach/model/cidr";
import { parseHujson } from "../tailnet/hujson";
import { caseCollisions, fieldOf, isObject, type TailnetGrant, type TailnetPolicy } from "../tailnet/policy";
import type { ClusterExport } from "./export";

/**
 * FleetTailnet trusts nobody's fragment (issue 23): an export is another stack's output, and
 * whoever can write that stack's outputs could otherwise grant `autogroup:member` access to `*`
 * for the whole tailnet. Each export's fragment may only speak for what its cluster owns:
 *
 * - sections: `tagOwners`, `grants`, `tests` and `autoApprovers` only (never `groups`, `hosts`,
 *   `acls`, `ssh`, `nodeAttrs`, postures...);
 * - its tags: the `tagOwners` keys it declares, owned by its operator's tags, none of them a tag the
 *   base policy defines (other than the operator's and proxies' shared ones) or another export's;
 * - grants: to its own tags, to its own `svc:` names, or to routes its own connectors advertise
 *   (outside the tailnet's own 100.64.0.0/10 and fd7a:115c:a1e0::/48); a grant from its own tags to
 *   something else (an egress) only when the base policy or the export owning the destination
 *   carries the same grant;
 * - autoApprovers: approving only its own tags, never a route into the tailnet's own addresses nor
 *   one another export or the base policy approves (its devices would take that traffic), and only
 *   the Tailscale Services named after its own devices (`svc:<its hostname>`);
 * - tests: from its own tags, or to its own tags only;
 * - no object in it with two keys equal but for case (`dst` and `Dst`): Tailscale decodes the
 *   policy ignoring case, the later key winning, so the guard would judge one spelling and the
 *   tailnet obey the other.
 *
 * Every refusal names the export (`exports.<cluster>.fragment...`).
 */

const SECTIONS = new Set(["tagowners", "grants", "tests", "autoapprovers"]);
const TAILNET_RANGES = ["100.64.0.0/10", "fd7a:115c:a1e0::/48"].map((c) => parseCidr(c)!);
const lower = (s: string) => String(s).toLowerCase();

interface Owned {
  tags: Set<string>;
  services: Set<string>;
  routes: string[];
}

function ownedBy(x: ClusterExport): Owned {
  const tagOwners = fieldOf(x.fragment, "tagOwners");
  const approvers = fieldOf(x.fragment, "autoApprovers");
  const services = isObject(approvers) ? fieldOf(approvers, "services") : undefined;
  const routes = isObject(approvers) ? fieldOf(approvers, "routes") : undefined;
  return {
    tags: new Set(isObject(tagOwners) ? Object.keys(tagOwners).map(lower) : []),
    services: new Set(isObject(services) ? Object.keys(services).map(lower) : []),
    routes: isObject(routes) ? Object.keys(routes) : [],
  };
}

const intoTailnet = (cidrText: string) => {
  const c = parseCidr(cidrText.includes("/") ? cidrText : `${cidrText}/${cidrText.includes(":") ? 128 : 32}`);
  return !c || TAILNET_RANGES.some((t) => t.family === c.family && c.first <= t.last && t.first <= c.last);
};

const KUBERNETES_CAP = "tailscale.com/cap/kubernetes";

/**
 * The grant `apiServerProxy.access` generates: tcp:443 to the operator with the Kubernetes
 * capability. The operator tag is shared by every cluster, so nothing else may name it, and the
 * capability may not impersonate a Kubernetes system group (`system:masters` bypasses RBAC).
 */
function apiServerProxyGrant(g: TailnetGrant): boolean {
  const ip = fieldOf(g, "ip");
  const app = fieldOf(g, "app");
  if (!Array.isArray(ip) || ip.length !== 1 || lower(ip[0]) !== "tcp:443") return false;
  if (!isObject(app) || Object.keys(app).some((k) => k !== KUBERNETES_CAP)) return false;
  const caps = app[KUBERNETES_CAP];
  return (
    Array.isArray(caps) &&
    caps.every((c) => {
      const groups = isObject(c) && isObject(c.impersonate) ? c.impersonate.groups : undefined;
      return (
        groups === undefined ||
        (Array.isArray(groups) && groups.every((x) => !lower(x).startsWith("system:")))
      );
    })
  );
}

/** Whether two CIDRs (or addresses) share an address. */
const overlaps = (a: string, b: string) => {
  const [x, y] = [a, b].map((t) => parseCidr(t.includes("/") ? t : `${t}/${t.includes(":") ? 128 : 32}`));
  return (
    x !== undefined && y !== undefined && x.family === y.family && x.first <= y.last && y.first <= x.last
  );
};

const insideRoutes = (dst: string, routes: readonly string[]) => {
  const d = parseCidr(dst.includes("/") ? dst : `${dst}/${dst.includes(":") ? 128 : 32}`);
  return (
    d !== undefined &&
    routes.some((r) => {
      const c = parseCidr(r);
      return c !== undefined && c.family === d.family && c.first <= d.first && d.last <= c.last;
    })
  );
};

const grantKey = (g: TailnetGrant) =>
  JSON.stringify([
    [...(g.src ?? [])].map(lower).sort(),
    [...(g.dst ?? [])].map(lower).sort(),
    [...(g.ip ?? [])].sort(),
    g.app ?? null,
  ]);

/** Every way the exports' fragments speak for what their clusters do not own. */
export function fragmentIssues(
  exports: readonly ClusterExport[],
  basePolicy?: TailnetPolicy,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const owned = exports.map(ownedBy);
  const shared = new Set(exports.flatMap((x) => x.claims.sharedTags.map(lower)));
  const baseOwners = basePolicy ? fieldOf(basePolicy, "tagOwners") : undefined;
  const baseTags = new Set(isObject(baseOwners) ? Object.keys(baseOwners).map(lower) : []);
  const baseGrants = basePolicy ? fieldOf(basePolicy, "grants") : undefined;
  const baseApprovers = basePolicy ? fieldOf(basePolicy, "autoApprovers") : undefined;
  const baseRoutes = isObject(baseApprovers) ? fieldOf(baseApprovers, "routes") : undefined;
  const routesElsewhere = (i: number) => [
    ...(isObject(baseRoutes)
      ? Object.keys(baseRoutes).map((r) => ({ route: r, by: "the base policy" }))
      : []),
    ...owned.flatMap((o, j) =>
      j === i ? [] : o.routes.map((r) => ({ route: r, by: `cluster ${exports[j].cluster}` })),
    ),
  ];
  const trustedGrants = new Set(Array.isArray(baseGrants) ? baseGrants.map(grantKey) : []);
  const ownerOf = new Map<string, string>();
  exports.forEach((x, i) => {
    for (const tag of owned[i].tags) if (!shared.has(tag) && !ownerOf.has(tag)) ownerOf.set(tag, x.cluster);
  });
  const grantsOf = exports.map((x) => {
    const g = fieldOf(x.fragment, "grants");
    return new Set(Array.isArray(g) ? (g as TailnetGrant[]).map(grantKey) : []);
  });

  /** Per shared tag, the first export whose API server proxy grant names it. */
  const proxyTagOwner = new Map<string, string>();

  exports.forEach((x, i) => {
    const at = (path: string, message: string) =>
      issues.push({ path: `exports.${x.cluster}.fragment${path}`, message });
    for (const c of caseCollisions(x.fragment))
      at(
        c.path === "" || c.path.startsWith("[") ? c.path : `.${c.path}`,
        c.keys.length
          ? `has the keys ${c.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(" and ")}, equal but for case: Tailscale reads keys without case (the later one wins), so the fragment would mean something other than what was checked; a generated fragment never does this`
          : "is nested deeper than any generated fragment: refused",
      );
    const devices = new Set(x.claims.devices.map((d) => `svc:${lower(d.name)}`));
    const own = owned[i].tags;
    const mine = (s: string) => own.has(lower(s));
    const operatorTags = new Set(x.claims.sharedTags.map(lower));
    for (const key of Object.keys(x.fragment ?? {}))
      if (!SECTIONS.has(lower(key)))
        at(
          `.${key}`,
          `is not a section a cluster may write (only tagOwners, grants, tests, autoApprovers): a cluster's fragment must not change ${key} for the whole tailnet`,
        );

    const tagOwners = fieldOf(x.fragment, "tagOwners");
    if (isObject(tagOwners))
      for (const [tag, owners] of Object.entries(tagOwners)) {
        const t = lower(tag);
        if (!t.startsWith("tag:")) at(`.tagOwners["${tag}"]`, "is not a tag");
        else if (!shared.has(t) && baseTags.has(t))
          at(
            `.tagOwners["${tag}"]`,
            "is a tag the base policy defines: a cluster may only own tags of its own (tag:k8s-<cluster>-...)",
          );
        else if (!shared.has(t) && ownerOf.get(t) !== x.cluster)
          at(
            `.tagOwners["${tag}"]`,
            `is also a tag of cluster ${ownerOf.get(t)}: each cluster owns its own tags`,
          );
        for (const o of Array.isArray(owners) ? owners : [owners])
          if (!operatorTags.has(lower(o)) && !mine(o))
            at(
              `.tagOwners["${tag}"]`,
              `names owner "${String(o).slice(0, 40)}": only the cluster's operator tags may own its tags`,
            );
      }

    const grants = fieldOf(x.fragment, "grants");
    (Array.isArray(grants) ? (grants as TailnetGrant[]) : []).forEach((g, k) => {
      const dst = Array.isArray(g?.dst) ? g.dst : [];
      const src = Array.isArray(g?.src) ? g.src : [];
      const sharedDst = dst.filter((d) => shared.has(lower(d)));
      if (sharedDst.length > 0 && !apiServerProxyGrant(g) && !trustedGrants.has(grantKey(g))) {
        at(
          `.grants[${k}]`,
          `grants access to ${JSON.stringify(sharedDst).slice(0, 60)}, a tag the operators or proxies of every cluster carry, so it would reach every cluster's devices: only the API server proxy's grant (tcp:443, the tailscale.com/cap/kubernetes capability) may name it; give the devices a tag of their own`,
        );
        return;
      }
      // Two clusters' API server proxies behind one operator tag: each one's sources get the other's groups.
      for (const tag of sharedDst.map(lower)) {
        const first = proxyTagOwner.get(tag) ?? x.cluster;
        proxyTagOwner.set(tag, first);
        if (first !== x.cluster)
          at(
            `.grants[${k}]`,
            `grants the API server proxy on ${tag}, which cluster ${first}'s grant names too: each cluster's sources would get the other's groups; give each cluster operator tags of its own`,
          );
      }
      const toOwn =
        dst.length > 0 &&
        dst.every(
          (d) =>
            mine(d) ||
            owned[i].services.has(lower(d)) ||
            (!intoTailnet(d) && insideRoutes(d, owned[i].routes)),
        );
      if (toOwn) return;
      const fromOwn = src.length > 0 && src.every((s) => mine(s));
      const key = grantKey(g);
      const vouched =
        trustedGrants.has(key) ||
        dst.every((d) => {
          const owner = exports.findIndex(
            (_, j) => j !== i && owned[j].tags.has(lower(d)) && !shared.has(lower(d)),
          );
          return owner >= 0 && grantsOf[owner].has(key);
        });
      if (fromOwn && vouched) return;
      at(
        `.grants[${k}]`,
        `grants ${JSON.stringify(src).slice(0, 60)} access to ${JSON.stringify(dst).slice(0, 60)}, which cluster ${x.cluster} does not own: a cluster's grants may only lead to its own tags, services and routes; put a grant to anything else in tailnet.basePolicy`,
      );
    });

    const approvers = fieldOf(x.fragment, "autoApprovers");
    if (isObject(approvers))
      for (const [kind, value] of Object.entries(approvers)) {
        const entries = Array.isArray(value)
          ? [["", value] as const]
          : isObject(value)
            ? Object.entries(value)
            : [];
        for (const [what, approved] of entries) {
          if (lower(kind) === "routes" && intoTailnet(String(what)))
            at(`.autoApprovers.${kind}["${what}"]`, "is a route into the tailnet's own addresses: refused");
          else if (lower(kind) === "routes") {
            const clash = routesElsewhere(i).find((r) => overlaps(String(what), r.route));
            if (clash)
              at(
                `.autoApprovers.${kind}["${what}"]`,
                `overlaps the route ${clash.route} that ${clash.by} approves: its devices would take traffic meant for that route; advertise each route from one place`,
              );
          }
          if (lower(kind) === "services" && !devices.has(lower(String(what))))
            at(
              `.autoApprovers.${kind}["${what}"]`,
              `is not a Tailscale Service of cluster ${x.cluster} (svc:<one of its device names>): approving it would let its devices take that Service's traffic`,
            );
          for (const a of Array.isArray(approved) ? approved : [approved])
            if (!mine(a) && !operatorTags.has(lower(a)))
              at(
                `.autoApprovers.${kind}${what ? `["${what}"]` : ""}`,
                `approves "${String(a).slice(0, 40)}", which is not a tag of cluster ${x.cluster}`,
              );
        }
      }

    const tests = fieldOf(x.fragment, "tests");
    (Array.isArray(tests) ? tests : []).forEach((t, k) => {
      const hosts = [...(t?.accept ?? []), ...(t?.deny ?? [])].map((d: string) =>
        String(d).replace(/:[^:]*$/, ""),
      );
      const ok =
        mine(t?.src ?? "") || operatorTags.has(lower(t?.src ?? "")) || hosts.every((h: string) => mine(h));
      if (!ok)
        at(
          `.tests[${k}]`,
          `tests what cluster ${x.cluster} does not own: a cluster's tests start from its own tags or end at them`,
        );
    });
  });
  return issues;
}

/** The base policy as an object, or undefined when absent or unreadable (the merge reports that). */
export function parseBase(text: string | undefined): TailnetPolicy | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parseHujson(text, "tailnet.basePolicy");
    return isObject(value) ? (value as TailnetPolicy) : undefined;
  } catch {
    return undefined;
  }
}
