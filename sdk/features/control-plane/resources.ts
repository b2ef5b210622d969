import { MANAGED_BY_LABEL, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { NormalizedControlPlane } from "./normalize";
import { ApiServerProxyMode } from "./types";

/**
 * The operator side of the API server proxy (v1.102.2): chart values, or a `kube-apiserver`
 * ProxyGroup, and the Recorder.
 * - In-process: `apiServerProxyConfig.mode` "true" (auth) or "noauth"; "true" also creates the
 *   `tailscale-auth-proxy` impersonation ClusterRole bound to the operator's ServiceAccount
 *   (templates/apiserverproxy-rbac.yaml).
 * - ProxyGroup: `mode` stays off; auth mode needs `allowImpersonation: "true"` for the same
 *   ClusterRole, bound to `kube-apiserver-auth-proxy`. The proxies advertise the Tailscale Service
 *   `svc:<hostname>` tagged with the ProxyGroup's tags, on tcp:443 (api-server-proxy-pg.go 190-205).
 * The chart compares these values as strings, so they are strings here.
 */

// One definition, the kernel's; still exported here for the imports that found it here.
export { TAILSCALE_API_VERSION };

/** The chart values the proxy needs, merged into the operator's release. */
export function chartValues(cp: NormalizedControlPlane): { apiServerProxyConfig: { [k: string]: string } } {
  const auth = cp.mode === ApiServerProxyMode.Auth;
  if (cp.proxyGroup) return { apiServerProxyConfig: auth ? { allowImpersonation: "true" } : {} };
  return { apiServerProxyConfig: { mode: auth ? "true" : "noauth" } };
}

export interface TailscaleCustomResource {
  apiVersion: typeof TAILSCALE_API_VERSION;
  kind: "ProxyGroup" | "Recorder";
  /** Both kinds are cluster-scoped. */
  metadata: { name: string; labels: { [k: string]: string } };
  spec: { [key: string]: unknown };
}

/** The `kube-apiserver` ProxyGroup, when one serves the proxy. */
export function apiServerProxyGroupResource(cp: NormalizedControlPlane): TailscaleCustomResource | undefined {
  const pg = cp.proxyGroup;
  if (!pg) return undefined;
  return {
    apiVersion: TAILSCALE_API_VERSION,
    kind: "ProxyGroup",
    metadata: { name: pg.name, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      type: "kube-apiserver",
      tags: [...pg.tags],
      replicas: pg.replicas,
      ...(pg.proxyClass !== undefined ? { proxyClass: pg.proxyClass } : {}),
      kubeAPIServer: { mode: cp.mode, hostname: cp.hostname },
    },
  };
}

/** The Recorder sessions are sent to. */
export function recorderResource(cp: NormalizedControlPlane): TailscaleCustomResource | undefined {
  const rec = cp.recorder;
  if (!rec) return undefined;
  return {
    apiVersion: TAILSCALE_API_VERSION,
    kind: "Recorder",
    metadata: { name: rec.name, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      tags: [...rec.tags],
      enableUI: rec.enableUI,
      ...(rec.s3
        ? {
            storage: {
              s3: {
                endpoint: rec.s3.endpoint,
                bucket: rec.s3.bucket,
                credentials: { secret: { name: rec.s3.credentialsSecret } },
              },
            },
          }
        : {}),
    },
  };
}

/** Labels of the Recorder's pods (tsrecorder_specs.go 314-324). */
export const recorderPodLabels = (name: string) => ({
  "app.kubernetes.io/name": "recorder",
  "app.kubernetes.io/instance": name,
});
