import type { TailnetExposureInput, TailnetPolicyInput } from "../../sdk/features/exposure/fragment";

/** The homelab's grafana, exposed on the tailnet to group:sre with its own per-Service tag. */
export const grafana: TailnetExposureInput = {
  hostname: "grafana",
  namespace: "monitoring",
  service: "grafana",
  tags: ["tag:k8s-grafana"],
  access: ["group:sre"],
  ports: [{ port: 80, protocol: "TCP" }],
  via: "annotation",
  funnel: false,
};

/** The operator with its default tags, exposing grafana only. */
export const homelab: TailnetPolicyInput = {
  operatorTags: ["tag:k8s-operator"],
  proxyTags: ["tag:k8s"],
  exposures: [grafana],
};

/** True when every character of `base` appears in `merged`, in order: nothing of the user's text was lost or moved. */
export function keepsEveryByte(base: string, merged: string): boolean {
  let i = 0;
  for (const c of merged) if (c === base[i]) i++;
  return i === base.length;
}
