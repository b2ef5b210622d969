import type { PlannedFlow } from "../../kernel/flows";
import type { NormalizedSpec, Port } from "../../kernel/normalize";
import { proxyPodLabels } from "../../kernel/proxies";
import type { NormalizedExposure } from "./normalize";

/** Base of the proxy -> backend policy names: `tailnet-<hostname>-egress` / `-ingress`. */
export const proxyPolicyName = (e: NormalizedExposure) => `tailnet-${e.hostname.toLowerCase()}`;

/** The proxy reaches the backend from its own pod IP in the operator namespace, on each targetPort. */
export function proxyFlow(spec: NormalizedSpec, e: NormalizedExposure): PlannedFlow {
  const seen = new Set<string>();
  const ports: Port[] = [];
  for (const p of e.ports) {
    const key = `${p.protocol}/${p.targetPort}`;
    if (!seen.has(key)) ports.push({ protocol: p.protocol, port: p.targetPort });
    seen.add(key);
  }
  return {
    kind: "proxy",
    policyName: proxyPolicyName(e),
    name: e.hostname,
    from: { namespace: spec.operator.namespace, podLabels: proxyPodLabels(e) },
    to: { namespace: e.namespace, podLabels: e.podLabels },
    ports,
    fromDisplay:
      e.proxyGroup !== undefined
        ? `${spec.operator.namespace}/proxygroup(${e.proxyGroup})`
        : `${spec.operator.namespace}/proxy(${e.namespace}/${e.service})`,
  };
}
