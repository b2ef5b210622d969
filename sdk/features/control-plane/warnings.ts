import type { NormalizedSpec } from "../../kernel/normalize";
import type { NormalizedControlPlane } from "./normalize";
import { CLUSTER_ADMIN } from "./rbac";
import { chartValues } from "./resources";
import { sharedGroupWarnings } from "./shared-groups";

/** What works but deserves a look. */
export function controlPlaneWarnings(cp: NormalizedControlPlane, spec: NormalizedSpec): string[] {
  const warnings: string[] = [];
  cp.access.forEach((entry, i) => {
    if (entry.clusterRoles.includes(CLUSTER_ADMIN))
      warnings.push(
        `apiServerProxy.access[${i}] binds ${entry.groups.map((g) => `"${g}"`).join(", ")} to ClusterRole cluster-admin cluster-wide: ${entry.sources.join(", ")} may then do anything in the cluster, this component's policies included`,
      );
  });
  warnings.push(...sharedGroupWarnings("apiServerProxy.access", cp.access));
  if (!spec.operator.install)
    warnings.push(
      `operator.install is false, so the chart values the API server proxy needs are not applied here: set ${JSON.stringify(chartValues(cp))} on the operator's Helm release`,
    );
  if (cp.recorder)
    warnings.push(
      "apiServerProxy.recorder: Tailscale's docs mark session recording with the operator's tsrecorder as deprecated (support for existing users ends in August 2027); check that your plan still includes it",
    );
  return warnings;
}
