import { type ValidationIssue, ZeroTrustValidationError } from "../kernel/issues";
import { type Plan, planZeroTrust } from "../pipeline/plan";
import { mergeFragment, type TailnetPlan } from "../pipeline/tailnet";
import { combineFragments } from "../tailnet/combine";
import { claimCollisions, claimsOf } from "./collisions";
import { expandFleet } from "./expand";
import type { FleetClusterSpec, FleetSpec } from "./types";
import { validateFleet } from "./validate";

/** Thrown before anything is created: every problem of the fleet, each cluster's under `clusters.<name>.`. */
export class FleetValidationError extends ZeroTrustValidationError {
  constructor(issues: ValidationIssue[], unchecked: string[] = []) {
    super(issues, "ZeroTrustFleet", unchecked);
    this.name = "FleetValidationError";
  }
}

/** One cluster of a planned fleet: its ZeroTrustCluster declaration and that declaration's plan. */
export interface FleetMember {
  name: string;
  /** What the cluster's ZeroTrustCluster child is given (prefixed names, the links' ends added). */
  spec: FleetClusterSpec;
  plan: Plan;
}

/** A fleet planned: every cluster, and the one tailnet policy. */
export interface FleetPlan {
  members: FleetMember[];
  /** Every cluster's fragment united, merged into the fleet's `basePolicy` once. */
  tailnet: TailnetPlan;
}

/**
 * A cluster's validation issue under the fleet's path: `clusters.<name>.<path>`, and the entries a
 * link added (egress beyond the cluster's own) under the link that added them.
 */
function fleetPath(spec: FleetSpec, cluster: string, path: string): string {
  const own = spec.clusters[cluster].egress?.length ?? 0;
  const match = /^egress\[(\d+)\](.*)$/.exec(path);
  if (match && Number(match[1]) >= own) {
    const added = (spec.links ?? []).map((l, i) => ({ l, i })).filter(({ l }) => l.from.cluster === cluster);
    const link = added[Number(match[1]) - own];
    if (link) return `links[${link.i}]`;
  }
  return `clusters.${cluster}.${path}`;
}

/**
 * Validates, expands and plans a fleet: the fleet's own fields, then each cluster as its
 * ZeroTrustCluster child will be planned, then what only the fleet sees (tags and device names
 * claimed by two clusters), then the one tailnet policy. Throws FleetValidationError with every
 * problem found, before anything is created.
 */
export function planFleet(spec: FleetSpec): FleetPlan {
  const fleetIssues = validateFleet(spec).list;
  if (fleetIssues.length) throw new FleetValidationError(fleetIssues);
  const expanded = expandFleet(spec);
  const issues: ValidationIssue[] = [];
  const unchecked: string[] = [];
  const members: FleetMember[] = [];
  for (const [name, clusterSpec] of Object.entries(expanded)) {
    try {
      members.push({ name, spec: clusterSpec, plan: planZeroTrust(clusterSpec) });
    } catch (err) {
      if (!(err instanceof ZeroTrustValidationError)) throw err;
      issues.push(...err.issues.map((i) => ({ path: fleetPath(spec, name, i.path), message: i.message })));
      unchecked.push(...err.unchecked.map((u) => `clusters.${name}: ${u}`));
    }
  }
  if (issues.length) throw new FleetValidationError(issues, unchecked);
  const clash = claimCollisions(
    members.map((m) => ({
      name: m.name,
      claims: claimsOf(m.plan.spec),
      pathOf: (path: string) => fleetPath(spec, m.name, path),
    })),
  );
  if (clash.length) throw new FleetValidationError(clash);
  const fragment = combineFragments(members.map((m) => m.plan.tailnet.fragment));
  const tailnet = mergeFragment(fragment, {
    ...(spec.tailnet?.basePolicy !== undefined ? { basePolicy: spec.tailnet.basePolicy } : {}),
    includeTests: spec.tailnet?.includeTests ?? true,
  });
  if (!tailnet.plan) {
    throw new FleetValidationError(
      tailnet.issues.map((i) => ({
        path: i.path.startsWith("tailnet") ? i.path : "tailnet",
        message: i.message,
      })),
    );
  }
  return { members, tailnet: tailnet.plan };
}
