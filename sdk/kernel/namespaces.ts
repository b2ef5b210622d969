import { DEFAULT_DNS_NAMESPACE, DEFAULT_OPERATOR_NAMESPACE } from "./defaults";
import type { Issues } from "./issues";
import { checkDnsLabel, distance } from "./rules";
import type { CoreSpec } from "./types";

/**
 * Which namespaces a declaration may name. A flow, exposure or egress in a namespace that is
 * neither managed here nor acknowledged as existing outside management is almost always a typo
 * (`dbs` for `db`), and a silent one: the rule lands nowhere and the workload loses its traffic at
 * `pulumi up`. So such a name is refused, with the closest declared namespace as the fix.
 */

/** Namespaces every Kubernetes cluster has. */
export const BUILT_IN_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** The names a declaration may use, and the ones worth suggesting for a typo. */
export interface KnownNamespaces {
  /** Managed (`namespaces`), acknowledged (`unmanagedNamespaces`) or always there. */
  readonly known: ReadonlySet<string>;
  /** The names the user wrote (managed and acknowledged), the operator's and cluster DNS's: suggestions first. */
  readonly declared: readonly string[];
}

export function knownNamespaces(spec: CoreSpec): KnownNamespaces {
  const declared = [
    ...Object.keys(spec.namespaces ?? {}),
    ...(Array.isArray(spec.unmanagedNamespaces) ? spec.unmanagedNamespaces : []),
    spec.operator?.namespace ?? DEFAULT_OPERATOR_NAMESPACE,
    spec.clusterDns?.namespace ?? DEFAULT_DNS_NAMESPACE,
  ].filter((n): n is string => typeof n === "string");
  return { known: new Set([...declared, ...BUILT_IN_NAMESPACES]), declared: [...new Set(declared)] };
}

/** The declared name closest to a typo, when it is close enough to be the one meant. */
export function closestNamespace(name: string, declared: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of declared) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // Half the name may be wrong at most: "dbs" -> "db", never "web" -> "db".
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 2)) ? best : undefined;
}

/**
 * Checks a namespace a flow, exposure or egress names: a valid name, and one the declaration
 * manages or acknowledges.
 */
export function checkNamespaceRef(
  issues: Issues,
  path: string,
  name: string | undefined,
  namespaces: KnownNamespaces,
) {
  const invalid = checkDnsLabel(name as string, "namespace name");
  if (invalid) return issues.add(path, invalid);
  if (name === undefined || namespaces.known.has(name)) return;
  const near = closestNamespace(name, namespaces.declared);
  const fix = near ? `did you mean "${near}"? Otherwise add` : "add";
  issues.add(
    path,
    `"${name}" is neither managed (namespaces) nor acknowledged (unmanagedNamespaces): ${fix} it to namespaces to put it under default-deny, or to unmanagedNamespaces if it exists outside this declaration`,
  );
}
