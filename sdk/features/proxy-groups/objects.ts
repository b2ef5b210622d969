import { MANAGED_BY_LABEL, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { CustomResourceObject } from "../../kernel/resources";
import type { NormalizedProxyGroup } from "./normalize";

/** The child resource suffix of a ProxyGroup: a contract (objects it serves depend on it). */
export const proxyGroupSuffix = (name: string) => `proxygroup-${name}`;

/** Base of the policy names for the operator's health check of an egress group's pods. */
export const healthPolicyName = (name: string) => `proxygroup-${name}-health`;

/** The `ProxyGroup` custom resource (cluster-scoped). */
export function proxyGroupResource(g: NormalizedProxyGroup): CustomResourceObject {
  return {
    apiVersion: TAILSCALE_API_VERSION,
    kind: "ProxyGroup",
    metadata: { name: g.name, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      type: g.type,
      tags: [...g.tags],
      replicas: g.replicas,
      ...(g.hostnamePrefix !== undefined ? { hostnamePrefix: g.hostnamePrefix } : {}),
      ...(g.proxyClass !== undefined ? { proxyClass: g.proxyClass } : {}),
    },
  };
}
