import { parseDataplaneName } from "../../sdk/kernel/dataplane/profiles";
import type { Plan } from "../../sdk/pipeline/plan";
import type { DataplaneSemantics, K8sObject } from "../../sdk/reach";
import { Fixture, ns, pod } from "../reach/helpers";

/** A dataplane by its command-line name; throws on a typo so that a test cannot quietly use upstream. */
export function dataplane(name: string): DataplaneSemantics {
  const found = parseDataplaneName(name);
  if (!found) throw new Error(`no dataplane ${name}`);
  return found;
}

/** The objects a plan would create that policies are made of (NetworkPolicies and CiliumNetworkPolicies). */
export const policiesOf = (plan: Plan): K8sObject[] =>
  plan.resources.flatMap((r) =>
    r.kind === "NetworkPolicy" || r.kind === "CustomResource" ? [r.object as unknown as K8sObject] : [],
  );

/** A live-like cluster: the plan's policies applied over the given workloads, judged as `dp` judges. */
export const applied = (plan: Plan, objects: K8sObject[], dp: DataplaneSemantics) =>
  new Fixture([...objects, ...policiesOf(plan)], dp);

/** The pods the default homelab-like declarations talk about, at k3s addresses. */
export function workloads(extra: K8sObject[] = []): K8sObject[] {
  return [
    ns("apps"),
    ns("tailscale"),
    ns("kube-system"),
    ns("zt-outside"),
    pod("apps/frontend", { app: "frontend" }, { ip: "10.42.0.10" }),
    pod("apps/backend", { app: "backend" }, { ip: "10.42.0.11", ports: range(8080, 8082) }),
    pod("tailscale/operator", { app: "operator" }, { ip: "10.42.0.12" }),
    pod("kube-system/coredns", { "k8s-app": "kube-dns" }, { ip: "10.42.0.2", ports: dnsPorts }),
    pod("zt-outside/stranger", {}, { ip: "10.42.0.99", ports: [{ containerPort: 443 }] }),
    ...extra,
  ];
}

export const dnsPorts = [
  { containerPort: 53, protocol: "UDP" },
  { containerPort: 53, protocol: "TCP" },
];

export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ containerPort: from + i }));
