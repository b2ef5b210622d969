import type { PlannedFlow } from "../flows";
import type { NormalizedSpec, Port } from "../normalize";
import { hostCidr } from "./normalize";

/**
 * The flows a dataplane adds to the defaults, derived from them so that their opt-outs carry over:
 * DNS to a node-local cache (its link-local address, and its pods where a Cilium local redirect
 * policy sends queries), and the API server by the `kubernetes` Service address where egress is
 * judged before DNAT (EKS). Each joins the policy of the flow it extends.
 */
export function dataplaneFlows(flows: readonly PlannedFlow[], spec: NormalizedSpec): PlannedFlow[] {
  const dp = spec.dataplane;
  const local = dp.nodeLocalDns;
  const out: PlannedFlow[] = [];
  for (const flow of flows) {
    if (flow.kind === "dns" && local) {
      out.push({ ...flow, to: { namespace: spec.dns.namespace, podLabels: { ...local.podLabels } } });
      out.push({ ...flow, to: { cidr: hostCidr(local.address) } });
    }
  }
  const apiServer = flows.find((f) => f.kind === "operator" && f.policyName === "operator-apiserver");
  if (apiServer && dp.kubernetesServiceIp !== undefined) {
    const https: Port[] = [{ protocol: "TCP", port: 443 }];
    out.push({ ...apiServer, to: { cidr: hostCidr(dp.kubernetesServiceIp) }, ports: https });
  }
  return out;
}

/**
 * Ports as the dataplane enforces them: where `endPort` is ignored, a range becomes its single
 * ports (validation caps their number), so that the whole range stays open.
 */
export function enforceablePorts(ports: Port[], spec: NormalizedSpec): Port[] {
  if (spec.dataplane.semantics.endPort) return ports;
  return ports.flatMap((p) =>
    p.port === undefined || p.endPort === undefined
      ? [p]
      : Array.from({ length: p.endPort - p.port + 1 }, (_, i) => ({
          protocol: p.protocol,
          port: p.port! + i,
        })),
  );
}
