import { MANAGED_BY_LABEL, PROXY_LOCAL_PORT, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import { proxyGroupPodLabels } from "../../kernel/proxies";
import type { CustomResourceObject } from "../../kernel/resources";
import type { NormalizedProxyGroup } from "./normalize";

// The suffix lives in the kernel: the exposures and egresses a group serves depend on it too.
export { proxyGroupSuffix } from "../../kernel/proxies";

/** Base of the policy names for the operator's health check of an egress group's pods. */
export const healthPolicyName = (name: string) => `proxygroup-${name}-health`;

/** Base of the policy names for the drain check between an egress group's own pods. */
export const drainPolicyName = (name: string) => `proxygroup-${name}-drain`;

/**
 * Egress group pods check each other on 9002 when one shuts down: the preStop hook
 * (`GET :9002/internal-egress-services-preshutdown`, proxygroup_specs.go 275-287 at v1.102.2) polls
 * each egress Service's health endpoint, the operator's ClusterIP Service, so some group pod:9002,
 * until the answers stop coming from the terminating pod (cmd/containerboot/egressservices.go
 * 643-745). An unreachable endpoint counts as "still routed" (lookup: `client.Do` error -> true),
 * so without this path every egress group pod waits out its grace period on every rollout.
 */
export function drainFlow(namespace: string, group: string): PlannedFlow {
  const pods = { namespace, podLabels: proxyGroupPodLabels(group) };
  return {
    kind: "proxygroup",
    policyName: drainPolicyName(group),
    name: `${group}-drain`,
    from: pods,
    to: pods,
    ports: [{ protocol: "TCP", port: PROXY_LOCAL_PORT }],
    fromDisplay: `${namespace}/proxygroup(${group})`,
    toDisplay: `${namespace}/proxygroup(${group})`,
  };
}

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
