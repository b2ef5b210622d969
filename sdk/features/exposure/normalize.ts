import type { Labels } from "../../kernel/kube";
import type { NormalizedCore } from "../../kernel/normalize";
import { perServiceTag } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";
import { ExposeVia } from "./args";

export interface NormalizedExposure {
  namespace: string;
  service: string;
  hostname: string;
  podLabels: Labels;
  ports: { port: number; targetPort: number; protocol: string; name?: string }[];
  /** The proxy's tags: explicit, else `tag:k8s-<hostname>` with `access` or `funnel`, else the operator's proxy tags. */
  tags: string[];
  /** Whether `tags` were given or derived for this Service (and so go into the annotation). */
  ownTags: boolean;
  access: string[];
  via: ExposeVia;
  funnel: boolean;
  proxyClass?: string;
  /** The ingress ProxyGroup serving it as the Tailscale Service `svc:<hostname>`. */
  proxyGroup?: string;
  patchExisting: boolean;
  allowProxyTraffic: boolean;
}

/** The operator's own default device name for an exposed Service (svc.go `nameForService`). */
export const defaultHostname = (e: { namespace: string; service: string }) => `${e.namespace}-${e.service}`;

/** Applies every default to `expose`. */
export function normalizeExposures(spec: ZeroTrustSpec, core: NormalizedCore): NormalizedExposure[] {
  return (spec.expose ?? []).map((e) => {
    const hostname = e.hostname ?? defaultHostname(e);
    const access = [...(e.access ?? [])];
    // A Service someone may reach (or the public, through Funnel) gets a tag of its own, so
    // its grant and its funnel attribute do not open every proxy sharing the default tags.
    const tags = e.tags ?? (access.length || e.funnel ? [perServiceTag(hostname)] : undefined);
    return {
      namespace: e.namespace,
      service: e.service,
      hostname,
      podLabels: { ...e.podLabels },
      ports: e.ports.map((p) => ({
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        protocol: p.protocol ?? "TCP",
        // Several ports need names; the protocol keeps 53/UDP and 53/TCP apart.
        ...(p.name !== undefined
          ? { name: p.name }
          : e.ports.length > 1
            ? { name: `${(p.protocol ?? "TCP").toLowerCase()}-${p.port}` }
            : {}),
      })),
      tags: [...(tags ?? core.operator.proxyTags)],
      ownTags: tags !== undefined,
      access,
      via: e.via ?? ExposeVia.Annotation,
      funnel: e.funnel ?? false,
      ...(e.proxyClass !== undefined ? { proxyClass: e.proxyClass } : {}),
      ...(e.proxyGroup !== undefined ? { proxyGroup: e.proxyGroup } : {}),
      patchExisting: e.patchExisting ?? false,
      allowProxyTraffic: e.allowProxyTraffic ?? true,
    };
  });
}
