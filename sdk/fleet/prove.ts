import { mergeFragment, type TailnetPlan } from "../pipeline/tailnet";
import { combineFragments } from "../tailnet/combine";
import { assertPlanHolds, type PlanProof } from "../verify/plan-check";
import { claimCollisions } from "./collisions";
import { type ClusterExport, clusterExport } from "./export";
import { fragmentIssues, parseBase } from "./fragment-guard";
import { type FleetPlan, FleetValidationError } from "./plan";
import { type LinkPath, LinkViolationError, proveLinks } from "./proof";
import type { FleetTailnetPolicy } from "./types";

/** A fleet proven: each cluster's own proof and export, and every link's paths. */
export interface FleetProof {
  proofs: { [cluster: string]: PlanProof };
  exports: ClusterExport[];
  links: LinkPath[];
}

/** The `links` output: one line per path, each proven at its four points. */
export const linkLines = (links: readonly LinkPath[]) => links.map((l) => l.text);

function assertLinksHold(links: LinkPath[]): LinkPath[] {
  const failed = links.filter((l) => !l.holds);
  if (failed.length) throw new LinkViolationError(failed);
  return links;
}

/**
 * Proves each cluster as its ZeroTrustCluster child would (IntentViolationError), then every link
 * end to end over the merged policy (LinkViolationError). One NetworkPolicy engine per cluster,
 * built once and asked a few questions per link.
 */
export function proveFleet(plan: FleetPlan): FleetProof {
  const proofs: { [cluster: string]: PlanProof } = {};
  const exports = plan.members.map((m) => {
    proofs[m.name] = assertPlanHolds(m.plan);
    return clusterExport(m.name, m.plan, proofs[m.name]);
  });
  return { proofs, exports, links: assertLinksHold(proveLinks(exports, plan.tailnet.policy)) };
}

/**
 * The multi-stack path: the exports of clusters planned in their own stacks (each
 * ZeroTrustCluster's `fleetExport`), checked for device names and tags claimed twice, their
 * fragments merged into the base policy once, and every link between them proven.
 */
export function fleetFromExports(
  exports: readonly ClusterExport[],
  tailnet: FleetTailnetPolicy = {},
): { tailnet: TailnetPlan; links: LinkPath[] } {
  const clash = claimCollisions(
    exports.map((x) => ({
      name: x.cluster,
      claims: x.claims,
      pathOf: (p: string) => `exports.${x.cluster}.${p}`,
    })),
  );
  if (clash.length) throw new FleetValidationError(clash);
  const foreign = fragmentIssues(exports, parseBase(tailnet.basePolicy));
  if (foreign.length) throw new FleetValidationError(foreign);
  const merged = mergeFragment(combineFragments(exports.map((x) => x.fragment)), {
    ...(tailnet.basePolicy !== undefined ? { basePolicy: tailnet.basePolicy } : {}),
    includeTests: tailnet.includeTests ?? true,
  });
  if (!merged.plan) throw new FleetValidationError(merged.issues);
  return { tailnet: merged.plan, links: assertLinksHold(proveLinks(exports, merged.plan.policy)) };
}

/** Reads a `fleetExport` output (JSON text) back, refusing anything that is not one. */
export function parseClusterExport(text: string, key: string): ClusterExport {
  let value: ClusterExport;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FleetValidationError([
      {
        path: `exports.${key}`,
        message: `is not JSON: ${(err as Error).message}; pass the fleetExport output of a ZeroTrustCluster`,
      },
    ]);
  }
  if (value?.version !== 1 || !Array.isArray(value.exposures) || !Array.isArray(value.egress)) {
    throw new FleetValidationError([
      {
        path: `exports.${key}`,
        message:
          'is not a ZeroTrustCluster fleetExport (version 1): pass that output, e.g. stackRef.getOutput("fleetExport")',
      },
    ]);
  }
  return value;
}
