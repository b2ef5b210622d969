import { MANAGED_BY_LABEL } from "../defaults";
import type { Labels } from "../kube";
import type { NormalizedSpec } from "../normalize";
import { podSelectorOf } from "../policies";
import type { CustomResourceObject } from "../resources";
import { Cni } from "./types";

/** The name of the CiliumNetworkPolicy that lets the operator reach the API server on Cilium. */
export const CILIUM_APISERVER_POLICY = "operator-apiserver-cilium";

/**
 * On Cilium, ipBlock never matches node addresses (unless `policyCIDRMatchMode: nodes`), so the
 * operator's API server rule by endpoint address fails wherever the API server runs on the nodes
 * (kubeadm, k3s/RKE2/Talos with Cilium; cilium#20550, #33525). Cilium's own `kube-apiserver`
 * entity matches the API server in the cluster and outside it, for egress. Created alongside the
 * NetworkPolicy, which still serves clusters whose API server is outside the nodes.
 */
export function ciliumApiServerPolicy(
  spec: NormalizedSpec,
  quiet: Labels = {},
): (CustomResourceObject & { metadata: { name: string } }) | undefined {
  const { dataplane: dp, operator: op } = spec;
  if (dp.cni !== Cni.Cilium || dp.ciliumNodesMode || !op.isolate) return undefined;
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: CILIUM_APISERVER_POLICY, namespace: op.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      // The operator namespace's pods but the quiet ones, as its NetworkPolicy egress selects them.
      endpointSelector: podSelectorOf({ exceptPodLabels: quiet }),
      egress: [
        {
          toEntities: ["kube-apiserver"],
          toPorts: [{ ports: op.apiServerPorts.map((port) => ({ port: String(port), protocol: "TCP" })) }],
        },
      ],
    },
  };
}
