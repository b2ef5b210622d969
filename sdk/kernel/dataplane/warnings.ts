import type { NormalizedSpec } from "../normalize";
import { Cni } from "./types";

/** Settings a declared dataplane probably needs and the declaration lacks, with the command that tells each. */
export function dataplaneWarnings(spec: NormalizedSpec): string[] {
  const dp = spec.dataplane;
  const out: string[] = [];
  const isolate = spec.operator.isolate;
  if (dp.cni === Cni.AwsVpcCni && isolate && dp.kubernetesServiceIp === undefined) {
    out.push(
      "dataplane.kubernetesServiceIp is not set: the EKS network policy agent judges egress before DNAT, so the operator's calls to kubernetes.default.svc carry the ClusterIP, which the API server rule never matches: set it to kubectl get svc kubernetes -n default -o jsonpath='{.spec.clusterIP}'",
    );
  }
  const ranges = spec.flows.some((f) => f.ports.some((p) => p.endPort !== undefined));
  if (
    ranges &&
    !dp.semantics.endPort &&
    dp.version === undefined &&
    (dp.cni === Cni.Cilium || dp.cni === Cni.AzureNpm)
  ) {
    out.push(
      `dataplane.version is not set, so port ranges are expanded into single ports (${dp.cni === Cni.Cilium ? "Cilium enforces endPort from 1.16" : "Azure NPM v1 ignores endPort"}): set it (${dp.cni === Cni.Cilium ? "cilium version" : "the azure-npm image tag"}) to keep the ranges`,
    );
  }
  const dns = spec.namespaces.some((n) => n.allowDns) || isolate;
  if (dp.cni === Cni.Cilium && dns && !dp.nodeLocalDns) {
    out.push(
      "dataplane.nodeLocalDns is not set: GKE Autopilot and newer GKE Standard clusters answer DNS from a node-local cache (NodeLocal DNSCache 169.254.20.10, Cloud DNS 169.254.169.254), AKS LocalDNS from 169.254.10.11, and a Cilium local redirect policy from node-local-dns pods; if kubectl get pods -n kube-system -l k8s-app=node-local-dns lists pods or /etc/resolv.conf in a pod names a 169.254 address, set it or DNS fails under default-deny",
    );
  }
  return out;
}
