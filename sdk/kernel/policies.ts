import { MANAGED_BY_LABEL } from "./defaults";
import type { PlannedFlow } from "./flows";
import {
  type LabelSelector,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  namespaceByName,
} from "./kube";
import type { NormalizedEndpoint, Port } from "./normalize";

/** The NetworkPolicy every managed namespace starts from: no pod may send or receive anything. */
export const DEFAULT_DENY_NAME = "default-deny";

function peerOf(ep: NormalizedEndpoint): NetworkPolicyPeer {
  if (ep.cidr !== undefined) {
    return { ipBlock: { cidr: ep.cidr, ...(ep.except?.length ? { except: [...ep.except] } : {}) } };
  }
  // Always name the namespace: a bare podSelector would silently mean "the policy's own namespace".
  return { namespaceSelector: namespaceByName(ep.namespace!), podSelector: podSelectorOf(ep) };
}

/**
 * The pods of a workload endpoint: `matchLabels` for its labels, a `NotIn` expression for each
 * label it leaves out (a pod without that label is still selected, as the endpoint means).
 */
export function podSelectorOf(ep: Pick<NormalizedEndpoint, "podLabels" | "exceptPodLabels">): LabelSelector {
  const labels = ep.podLabels ?? {};
  const except = Object.entries(ep.exceptPodLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...(Object.keys(labels).length ? { matchLabels: { ...labels } } : {}),
    ...(except.length
      ? {
          matchExpressions: except.map(([key, value]) => ({
            key,
            operator: "NotIn" as const,
            values: [value],
          })),
        }
      : {}),
  };
}

const portsOf = (ports: Port[]): NetworkPolicyPort[] | undefined =>
  ports.length
    ? ports.map((p) => ({
        protocol: p.protocol,
        ...(p.port !== undefined ? { port: p.port } : {}),
        ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
      }))
    : undefined;

const meta = (name: string, namespace: string) => ({ name, namespace, labels: { ...MANAGED_BY_LABEL } });

export function defaultDenyPolicy(namespace: string): NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(DEFAULT_DENY_NAME, namespace),
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  };
}

/**
 * The policies that let one kind of flow through. Flows that share a policy name (the operator's
 * egress to IPv4 and IPv6, say) become rules of one policy. A connection needs both sides, so a
 * flow gets an egress policy in its source namespace and an ingress policy in its destination
 * namespace, each only where that namespace is under default-deny.
 */
export function policiesForFlows(
  flows: PlannedFlow[],
  managed: Set<string>,
  enforceable: (ports: Port[]) => Port[] = (ports) => ports,
): NetworkPolicy[] {
  const byName = new Map<string, NetworkPolicy>();
  const policy = (name: string, namespace: string, pods: NormalizedEndpoint, type: "Ingress" | "Egress") => {
    const key = `${namespace}/${name}`;
    let found = byName.get(key);
    if (!found) {
      found = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: meta(name, namespace),
        spec: { podSelector: podSelectorOf(pods), policyTypes: [type] },
      };
      byName.set(key, found);
    }
    return found;
  };
  for (const flow of flows) {
    const ports = portsOf(enforceable(flow.ports));
    if (flow.from.namespace !== undefined && managed.has(flow.from.namespace)) {
      const p = policy(`${flow.policyName}-egress`, flow.from.namespace, flow.from, "Egress");
      p.spec.egress = [...(p.spec.egress ?? []), { to: [peerOf(flow.to)], ...(ports ? { ports } : {}) }];
    }
    if (flow.to.namespace !== undefined && managed.has(flow.to.namespace)) {
      const p = policy(`${flow.policyName}-ingress`, flow.to.namespace, flow.to, "Ingress");
      p.spec.ingress = [
        ...(p.spec.ingress ?? []),
        { from: [peerOf(flow.from)], ...(ports ? { ports } : {}) },
      ];
    }
  }
  return [...byName.values()];
}
