import type { NormalizedEgress } from "../features/egress/normalize";
import type { NormalizedExposure } from "../features/exposure/normalize";
import type { ValidationIssue } from "../kernel/issues";
import type { NormalizedSpec } from "../kernel/normalize";

/**
 * What one cluster claims on the shared tailnet: device names, the tags that must be its alone
 * (a grant to them opens its proxies), and the tags it shares by design (operator, default proxy).
 * Plain data: a cluster's `fleetExport` carries it, so a tailnet stack can check other stacks.
 */
export interface TailnetClaims {
  devices: { name: string; path: string }[];
  ownTags: { tag: string; path: string }[];
  sharedTags: string[];
}

/** The claims of a planned cluster, paths as the cluster's args name them (`expose[0].hostname`). */
export function claimsOf(spec: NormalizedSpec): TailnetClaims {
  const shared = [...spec.operator.operatorTags, ...spec.operator.proxyTags].map((t) => t.toLowerCase());
  const exposures = (spec.features.exposure ?? []) as NormalizedExposure[];
  const egress = (spec.features.egress ?? []) as NormalizedEgress[];
  const own = (tags: string[], path: string) =>
    tags.filter((t) => !shared.includes(t.toLowerCase())).map((tag) => ({ tag: tag.toLowerCase(), path }));
  return {
    devices: [
      { name: spec.operator.hostname, path: "operator.hostname" },
      ...exposures.map((e, i) => ({ name: e.hostname, path: `expose[${i}].hostname` })),
    ],
    ownTags: [
      ...exposures.flatMap((e, i) => (e.ownTags ? own(e.tags, `expose[${i}].tags`) : [])),
      ...egress.flatMap((e, i) => own(e.tags, `egress[${i}].tags`)),
    ],
    sharedTags: [...new Set(shared)].sort(),
  };
}

/**
 * Device names and own tags claimed by two clusters, each refused naming both. A tag one cluster
 * grants to (its own) must not be carried by another cluster's devices, or the grant opens them too.
 */
export function claimCollisions(
  clusters: { name: string; claims: TailnetClaims; pathOf: (path: string) => string }[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const devices = new Map<string, { cluster: string; path: string }>();
  const tags = new Map<string, { cluster: string; path: string }>();
  for (const c of clusters) {
    for (const d of c.claims.devices) {
      const key = d.name.toLowerCase();
      const other = devices.get(key);
      if (other && other.cluster !== c.name) {
        issues.push({
          path: c.pathOf(d.path),
          message: `"${d.name}" is also a device of cluster ${other.cluster} (${other.path}): device names are unique on the tailnet; rename one, or keep the default cluster prefix`,
        });
      } else if (!other) devices.set(key, { cluster: c.name, path: c.pathOf(d.path) });
    }
    for (const t of c.claims.ownTags) {
      // Tailscale compares tags without case; an export's claims are another stack's word.
      const key = t.tag.toLowerCase();
      const other = tags.get(key);
      if (other && other.cluster !== c.name) {
        issues.push({
          path: c.pathOf(t.path),
          message: `"${t.tag}" is also a tag of cluster ${other.cluster} (${other.path}): a grant to it would open both clusters' proxies; use a tag per cluster, e.g. the default tag:k8s-<cluster>-...`,
        });
      } else if (!other) tags.set(key, { cluster: c.name, path: c.pathOf(t.path) });
    }
  }
  for (const c of clusters) {
    for (const tag of c.claims.sharedTags) {
      const other = tags.get(tag.toLowerCase());
      if (other && other.cluster !== c.name) {
        issues.push({
          path: other.path,
          message: `"${tag}" is an operator or default proxy tag of cluster ${c.name}: a grant to it would open that cluster's devices too; use a tag of its own`,
        });
      }
    }
  }
  return issues;
}
