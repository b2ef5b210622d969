import { ANNOTATIONS, MANAGED_BY_LABEL, TAILSCALE_CLASS } from "../../kernel/defaults";
import type { Ingress, Service } from "../../kernel/kube";
import { ExposeVia } from "./args";
import type { NormalizedExposure } from "./normalize";

/** The annotations that make the operator proxy a Service (or tune an Ingress proxy). */
function tailscaleAnnotations(e: NormalizedExposure): { [key: string]: string } {
  return {
    ...(e.via === ExposeVia.Annotation ? { [ANNOTATIONS.expose]: "true" } : {}),
    // A standalone Ingress takes its device name from the TLS host, not from this annotation.
    ...(e.via !== ExposeVia.Ingress ? { [ANNOTATIONS.hostname]: e.hostname } : {}),
    // No spaces: the operator splits on "," and would send " tag:b" to the API.
    ...(e.ownTags ? { [ANNOTATIONS.tags]: e.tags.join(",") } : {}),
    ...(e.proxyClass !== undefined ? { [ANNOTATIONS.proxyClass]: e.proxyClass } : {}),
    ...(e.funnel ? { [ANNOTATIONS.funnel]: "true" } : {}),
    ...(e.proxyGroup !== undefined ? { [ANNOTATIONS.proxyGroup]: e.proxyGroup } : {}),
  };
}

/**
 * The Service to create, or (with `patchExisting`) the fields to server-side-apply onto an
 * existing one: only the annotations, so the owner of the Service keeps its spec.
 */
export function exposedService(e: NormalizedExposure): Service {
  const onService = e.via === ExposeVia.Ingress ? {} : tailscaleAnnotations(e);
  const metadata = {
    name: e.service,
    namespace: e.namespace,
    ...(e.patchExisting ? {} : { labels: { ...MANAGED_BY_LABEL } }),
    ...(Object.keys(onService).length ? { annotations: onService } : {}),
  };
  if (e.patchExisting) return { apiVersion: "v1", kind: "Service", metadata };
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: {
      type: e.via === ExposeVia.LoadBalancer ? "LoadBalancer" : "ClusterIP",
      // The Tailscale class needs no NodePorts; allocated, they would open the backend's port on every node.
      ...(e.via === ExposeVia.LoadBalancer
        ? { loadBalancerClass: TAILSCALE_CLASS, allocateLoadBalancerNodePorts: false }
        : {}),
      selector: { ...e.podLabels },
      ports: e.ports.map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol,
      })),
    },
  };
}

/** The HTTPS Ingress of the operator's class (`tailscale`): its TLS host is the device name, served on 443. */
export function exposedIngress(e: NormalizedExposure, className = TAILSCALE_CLASS): Ingress {
  const annotations = tailscaleAnnotations(e);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: e.service,
      namespace: e.namespace,
      labels: { ...MANAGED_BY_LABEL },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      ingressClassName: className,
      tls: [{ hosts: [e.hostname] }],
      defaultBackend: { service: { name: e.service, port: { number: e.ports[0].port } } },
    },
  };
}

/**
 * Whether a port speaks HTTP(S): an Ingress (the operator terminates TLS), the well-known ports, or
 * a port named for it (Kubernetes' `http`/`https` naming convention). Anything else (DNS on 53, a
 * database) gets no URL: `http://pihole:53` would be a lie.
 */
function webScheme(e: NormalizedExposure): "http" | "https" | undefined {
  if (e.via === ExposeVia.Ingress) return "https";
  const { port, protocol, name = "" } = e.ports[0];
  if (protocol !== "TCP") return undefined;
  if (port === 443 || /^https(-|$)/i.test(name)) return "https";
  if (port === 80 || /^http(-|$)/i.test(name)) return "http";
  return undefined;
}

/**
 * What a tailnet client uses: the MagicDNS name (with the tailnet domain when it is known) and
 * port, and a URL only where the port speaks HTTP(S).
 */
export function exposureAddress(e: NormalizedExposure, domain?: string): { address: string; url?: string } {
  const host = domain ? `${e.hostname}.${domain.replace(/^\.+|\.+$/g, "")}` : e.hostname;
  const port = e.via === ExposeVia.Ingress ? 443 : e.ports[0].port;
  const scheme = webScheme(e);
  const implicit = (scheme === "http" && port === 80) || (scheme === "https" && port === 443);
  return {
    address: `${host}:${port}`,
    ...(scheme ? { url: `${scheme}://${host}${implicit ? "" : `:${port}`}` } : {}),
  };
}
