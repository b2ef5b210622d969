import { MANAGED_BY_LABEL, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { CustomResourceObject } from "../../kernel/resources";
import type { NormalizedProxyGroup } from "./normalize";

// The suffix lives in the kernel: the exposures and egresses a group serves depend on it too.
export { proxyGroupSuffix } from "../../kernel/proxies";

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
