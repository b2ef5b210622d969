import { PROXY_LABELS } from "./defaults";
import type { Labels } from "./kube";

/**
 * The labels the operator puts on the pods of a single (non-ProxyGroup) proxy it creates for a
 * Service or an Ingress (cmd/k8s-operator/svc.go `childResourceLabels`): ingress proxies for
 * exposed Services, and egress proxies for `tailscale.com/tailnet-fqdn`/`tailnet-ip` Services alike.
 * The proxies live in the operator namespace; the policies that open their paths must select exactly these.
 */
export function singleProxyLabels(namespace: string, name: string, parentType: "svc" | "ingress"): Labels {
  return {
    [PROXY_LABELS.managed]: "true",
    [PROXY_LABELS.parent]: name,
    [PROXY_LABELS.parentNamespace]: namespace,
    [PROXY_LABELS.parentType]: parentType,
  };
}

/** The proxy pods of an exposed Service or Ingress (an Ingress is named like its Service). */
export const proxyPodLabels = (e: { namespace: string; service: string; via: string }): Labels =>
  singleProxyLabels(e.namespace, e.service, e.via === "ingress" ? "ingress" : "svc");
