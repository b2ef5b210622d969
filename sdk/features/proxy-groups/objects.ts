import { MANAGED_BY_LABEL, PROXY_LOCAL_PORT, TAILSCALE_API_VERSION } from "../../core/defaults";
import type { PlannedFlow } from "../../core/flows";
import { proxyGroupPodLabels } from "../../core/proxies";
import type { CustomResourceObject } from "../../core/resources";
import type { NormalizedProxyGroup } from "./normalize";

/** The child resource suffix of a ProxyGroup: a contract (objects it serves depend on it). */
export const proxyGroupSuffix = (name: string) => `proxygroup-${name}`;

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
