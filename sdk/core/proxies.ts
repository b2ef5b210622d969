import { PROXY_LABELS } from "./defaults";
import type { Labels } from "./kube";
import type { NormalizedExposure } from "./normalize";
import { ExposeVia } from "./types";

/**
 * The labels the operator puts on the proxy pods of one exposed Service or Ingress
 * (cmd/k8s-operator/svc.go `childResourceLabels`). The proxies live in the operator namespace and
 * reach the backend from their own pod IPs, so the backend's ingress rule must select exactly these.
 */
export function proxyPodLabels(e: Pick<NormalizedExposure, "namespace" | "service" | "via">): Labels {
  return {
    [PROXY_LABELS.managed]: "true",
    [PROXY_LABELS.parent]: e.service,
    [PROXY_LABELS.parentNamespace]: e.namespace,
    [PROXY_LABELS.parentType]: e.via === ExposeVia.Ingress ? "ingress" : "svc",
  };
}
