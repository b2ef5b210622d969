import * as path from "node:path";
import { readArgsFile } from "../../sdk/cli/args";
import { planZeroTrust } from "../../sdk/core";
import { asStack, type StackInput } from "./harness";

/** Shared stack fixtures: the component's own plan as stack resources, and small hand-made stacks. */

export const ROOT = path.join(__dirname, "..", "..");

/** The homelab example's plan, each planned child as the resource the component registers. */
export function homelabStack(): StackInput[] {
  const args = readArgsFile(path.join(ROOT, "examples", "homelab", "zerotrust.yaml"), ROOT);
  const plan = planZeroTrust(args);
  const out: StackInput[] = [];
  for (const r of plan.resources) {
    if (r.kind === "HelmRelease")
      out.push({ name: r.suffix, type: "kubernetes:helm.sh/v3:Release", props: { ...r.object } as any });
    else if (r.kind === "NamespacePatch" || r.kind === "ServicePatch")
      out.push({ name: r.suffix, type: `kubernetes:core/v1:${r.kind}`, props: r.object as any });
    else if (r.kind !== "TailnetAcl" && r.kind !== "OAuthClient") out.push(...asStack([r.object as any]));
  }
  return out;
}

export const namespace = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels },
});

export const netpol = (namespace: string, name: string, spec: Record<string, any>) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, namespace },
  spec,
});

export const defaultDeny = (ns: string) =>
  netpol(ns, "default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });

export const dnsEgress = (ns: string) =>
  netpol(ns, "dns", {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
    ],
  });
