import { Cni } from "../kernel/dataplane/types";
import type { PlannedFlow } from "../kernel/flows";
import type { NormalizedSpec } from "../kernel/normalize";
import { parseCidr } from "../reach/model/cidr";
import type { K8sObject } from "../reach/model/model";
import { type DataplaneSemantics, ipBlockMatchesNode } from "../reach/model/semantics";
import type { CidrScope } from "./intent";

/**
 * What the proof adds to its representative cluster for a declared dataplane: the API server as
 * the dataplane sees it (its Endpoints, on Cilium on a node, the harder case where ipBlock fails),
 * and the `kubernetes` Service where its address was given. Upstream adds nothing.
 */
export function dataplaneObjects(spec: NormalizedSpec, apiServerAddresses: readonly string[]): K8sObject[] {
  const dp = spec.dataplane;
  if (dp.cni === Cni.Upstream) return [];
  const op = spec.operator;
  const objects: K8sObject[] = [];
  const port = op.apiServerPorts[0];
  if (!op.apiServerDefaulted && apiServerAddresses.length) {
    objects.push({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "kubernetes", namespace: "default" },
      subsets: [{ addresses: apiServerAddresses.map((ip) => ({ ip })), ports: [{ name: "https", port }] }],
    });
    if (dp.cni === Cni.Cilium) {
      objects.push({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "zt-control-plane" },
        status: { addresses: apiServerAddresses.map((address) => ({ type: "InternalIP", address })) },
      });
    }
  }
  if (dp.kubernetesServiceIp !== undefined) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default" },
      spec: { clusterIP: dp.kubernetesServiceIp, ports: [{ name: "https", port: 443, targetPort: port }] },
    });
  }
  return objects;
}

/**
 * A CIDR in a flow means what ipBlock means on the dataplane (pods and nodes where ipBlock sees
 * them), with two exceptions the component's own flows carry: the API server rule is meant to
 * reach the API server wherever it runs, and on a declared dataplane the operator's internet rule
 * is meant for addresses outside the cluster, so a pod or node it reaches is an open path.
 */
export function cidrScope(flow: PlannedFlow, dp: DataplaneSemantics): CidrScope {
  const cidr = flow.to.cidr ?? flow.from.cidr;
  const prefix = cidr === undefined ? 0 : (parseCidr(cidr)?.prefix ?? 0);
  const scope = { pods: dp.ipBlockMatchesPods, nodes: ipBlockMatchesNode(dp, prefix) };
  if (flow.kind !== "operator") return scope;
  if (flow.policyName === "operator-apiserver") return { ...scope, nodes: true };
  if (flow.policyName === "operator-internet" && dp.serviceAddresses !== "unmodelled")
    return { pods: false, nodes: false };
  return scope;
}
