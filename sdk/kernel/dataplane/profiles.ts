import { type DataplaneSemantics, UPSTREAM } from "../../reach/model/semantics";
import { CiliumPolicyCidrMatchMode, Cni } from "./types";

/**
 * Each CNI's deviations from the upstream semantics, as data with the source of every switch
 * (`/docs` of this repository: dataplanes.md, which quotes them). A profile is the evaluator's
 * switches plus what the generator must do about them.
 */

export interface ProfileEntry {
  /** The evaluator's switches (`version` may change `endPort`). */
  semantics: Omit<DataplaneSemantics, "name" | "endPort" | "ipBlockMatchesNodes">;
  ipBlockMatchesNodes: DataplaneSemantics["ipBlockMatchesNodes"];
  /** The first version that enforces `endPort`; `undefined`: every version does; `null`: none does. */
  endPortSince?: [number, number] | null;
  /** Where the behaviour is documented. */
  sources: string[];
}

const FAMILY = {
  ipBlockMatchesPods: true,
  serviceAddresses: "translated",
  egressToOwnNode: "policy",
  ingressFromOwnNode: "always",
  namedPorts: "all",
  ciliumPolicies: false,
} as const;

export const PROFILES: { [cni in Cni]: ProfileEntry } = {
  [Cni.Upstream]: {
    semantics: UPSTREAM,
    ipBlockMatchesNodes: "always",
    sources: ["kubernetes.io/docs/concepts/services-networking/network-policies"],
  },
  [Cni.Cilium]: {
    semantics: { ...FAMILY, ipBlockMatchesPods: false, ciliumPolicies: true },
    ipBlockMatchesNodes: "never",
    endPortSince: [1, 16],
    sources: [
      "docs.cilium.io security/policy/language: CIDR rules do not apply to in-cluster pods or nodes",
      "cilium#20550, #33525: ipBlock of the API server endpoints on nodes is dropped; toEntities kube-apiserver works",
      "cilium#47827: in nodes mode a 0.0.0.0/0 rule still does not match nodes",
      "cilium layer4.rst: ports after service port mapping; endPort from 1.16",
    ],
  },
  [Cni.Calico]: {
    semantics: FAMILY,
    ipBlockMatchesNodes: "always",
    sources: ["projectcalico/libcalico-go#1357 (endPort)", "calico#10664 (policy after DNAT)"],
  },
  [Cni.KubeRouter]: {
    semantics: FAMILY,
    ipBlockMatchesNodes: "always",
    sources: [
      "kube-router pkg/controllers/netpol/npc_iptables.go (Service ranges whitelisted, policy after DNAT)",
      "kube-router pod.go (pod to own node passes the pod's egress chain)",
      "kube-router PR #1080 (endPort, v1.3.0)",
    ],
  },
  [Cni.Antrea]: {
    semantics: FAMILY,
    ipBlockMatchesNodes: "always",
    sources: [
      "antrea docs/design/ovs-pipeline.md (EndpointDNAT before EgressRule)",
      "antrea CHANGELOG-1.1 (endPort)",
    ],
  },
  [Cni.AwsVpcCni]: {
    semantics: {
      ...FAMILY,
      serviceAddresses: "untranslated",
      egressToOwnNode: "always",
      namedPorts: "pod-peers",
    },
    ipBlockMatchesNodes: "always",
    sources: [
      "amazon-network-policy-controller-k8s pkg/resolvers/endpoints.go (egress before DNAT; ClusterIP only for selector-matched Services; named ports not resolved for CIDRs)",
      "aws-network-policy-agent fw_rule_processor.go, PR #65 (node IP always allowed)",
    ],
  },
  [Cni.AzureNpm]: {
    semantics: FAMILY,
    ipBlockMatchesNodes: "always",
    endPortSince: [2, 0],
    sources: [
      "Azure/AKS#2857 (NPM v1 ignores endPort)",
      "azure-container-networking translatePolicy.go (v2 carries endPort)",
    ],
  },
  [Cni.Weave]: {
    semantics: { ...FAMILY, egressToOwnNode: "always", namedPorts: "reject-policy" },
    ipBlockMatchesNodes: "always",
    endPortSince: null,
    sources: [
      "weave npc/analyser.go (named ports reject the policy; no endPort)",
      "weaveworks/weave#3924 (egress to the own node is not filtered)",
    ],
  },
};

/** `1.15.6`, `v1.16`, `2` -> [major, minor]; `undefined` when it is none of these. */
export function parseVersion(text: string): [number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/** The dataplane as the planner and the evaluator use it, defaults applied. */
export interface NormalizedDataplane {
  cni: Cni;
  version?: string;
  ciliumNodesMode: boolean;
  /** The address and pod labels of a node-local DNS cache, when there is one. */
  nodeLocalDns?: { address: string; podLabels: { [key: string]: string } };
  kubernetesServiceIp?: string;
  semantics: DataplaneSemantics;
}

/**
 * Whether `endPort` is enforced: the profile's first enforcing version, compared with the declared
 * one. An unknown version counts as not enforcing, so that ranges are expanded (which works on
 * every version) rather than silently cut to their first port.
 */
function endPortEnforced(entry: ProfileEntry, version: string | undefined): boolean {
  if (entry.endPortSince === undefined) return true;
  if (entry.endPortSince === null) return false;
  const v = version === undefined ? undefined : parseVersion(version);
  if (!v) return false;
  const [major, minor] = entry.endPortSince;
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

export interface DataplaneInput {
  cni?: Cni;
  version?: string;
  ciliumPolicyCidrMatchMode?: CiliumPolicyCidrMatchMode;
}

/** The evaluator's switches for a declared dataplane. */
export function semanticsFor(input: DataplaneInput = {}): DataplaneSemantics {
  const cni = input.cni ?? Cni.Upstream;
  const entry = PROFILES[cni];
  const nodes = cni === Cni.Cilium && input.ciliumPolicyCidrMatchMode === CiliumPolicyCidrMatchMode.Nodes;
  const name = [cni, input.version, nodes ? "nodes mode" : undefined].filter(Boolean).join(" ");
  return {
    ...entry.semantics,
    name,
    ipBlockMatchesNodes: nodes ? "except-wildcard" : entry.ipBlockMatchesNodes,
    endPort: endPortEnforced(entry, input.version),
  };
}

/**
 * Parses the command line's `--dataplane NAME`: a CNI, optionally `@version`, optionally
 * `+nodes` for Cilium's nodes mode (`cilium@1.15+nodes`). `undefined` when it is not one.
 */
export function parseDataplaneName(text: string): DataplaneSemantics | undefined {
  const m = /^([a-z-]+)(?:@([^+]+))?(\+nodes)?$/.exec(text.trim());
  const cni = Object.values(Cni).find((c) => c === m?.[1]);
  if (!m || !cni || (m[2] !== undefined && !parseVersion(m[2])) || (m[3] && cni !== Cni.Cilium))
    return undefined;
  return semanticsFor({
    cni,
    ...(m[2] !== undefined ? { version: m[2] } : {}),
    ...(m[3] ? { ciliumPolicyCidrMatchMode: CiliumPolicyCidrMatchMode.Nodes } : {}),
  });
}
