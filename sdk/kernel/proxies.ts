import { PROXY_LABELS } from "./defaults";
import type { Labels } from "./kube";

/**
 * The labels the operator puts on the pods of a single (non-ProxyGroup) proxy it creates for a
 * Service or an Ingress (cmd/k8s-operator/svc.go `childResourceLabels`): ingress proxies for
 * exposed Services, and egress proxies for `tailscale.com/tailnet-fqdn`/`tailnet-ip` Services alike.
 * The proxies live in the operator namespace; the policies that open their paths must select exactly these.
 */
export function singleProxyLabels(
  namespace: string,
  name: string,
  parentType: "svc" | "ingress" | "connector",
): Labels {
  return {
    [PROXY_LABELS.managed]: "true",
    [PROXY_LABELS.parent]: name,
    [PROXY_LABELS.parentNamespace]: namespace,
    [PROXY_LABELS.parentType]: parentType,
  };
}

/**
 * The pods of a ProxyGroup (proxygroup_specs.go `pgLabels`): no parent namespace, the group's name
 * as parent, whatever Services it serves.
 */
export const proxyGroupPodLabels = (name: string): Labels => ({
  [PROXY_LABELS.managed]: "true",
  [PROXY_LABELS.parentType]: "proxygroup",
  [PROXY_LABELS.parent]: name,
});

/** The pods of a Connector: its own name, in the operator namespace (connector.go 182). */
export const connectorPodLabels = (operatorNamespace: string, name: string): Labels =>
  singleProxyLabels(operatorNamespace, name, "connector");

/**
 * The proxy pods of an exposed Service or Ingress (an Ingress is named like its Service), or of the
 * ProxyGroup serving it.
 */
export const proxyPodLabels = (e: {
  namespace: string;
  service: string;
  via: string;
  proxyGroup?: string;
}): Labels =>
  e.proxyGroup !== undefined
    ? proxyGroupPodLabels(e.proxyGroup)
    : singleProxyLabels(e.namespace, e.service, e.via === "ingress" ? "ingress" : "svc");

/** The child resource suffix of a ProxyGroup: a contract (the exposures and egresses it serves depend on it). */
export const proxyGroupSuffix = (name: string) => `proxygroup-${name}`;
