import type { NormalizedSpec } from "../../kernel/normalize";
import { ExposeVia } from "./args";
import type { TailnetExposureInput, TailnetPolicyInput } from "./fragment";
import type { NormalizedExposure } from "./normalize";

/** The ports a tailnet client dials: the Service ports, or 443 for an HTTPS Ingress. */
export function clientPorts(e: NormalizedExposure): { port: number; protocol: "TCP" | "UDP" }[] {
  if (e.via === ExposeVia.Ingress) return [{ port: 443, protocol: "TCP" }];
  return e.ports.map((p) => ({ port: p.port, protocol: p.protocol === "UDP" ? "UDP" : "TCP" }));
}

/** The Tailscale Service an ingress ProxyGroup serves the exposure as (`svc:<hostname>`), if any. */
export const tailscaleService = (e: NormalizedExposure): string | undefined =>
  e.proxyGroup !== undefined ? `svc:${e.hostname}` : undefined;

/** What the exposure fragment is generated from. */
export function tailnetInput(exposures: NormalizedExposure[], spec: NormalizedSpec): TailnetPolicyInput {
  const inputs: TailnetExposureInput[] = exposures.map((e) => ({
    hostname: e.hostname,
    namespace: e.namespace,
    service: e.service,
    tags: e.tags,
    access: e.access,
    ports: clientPorts(e),
    via: e.via,
    funnel: e.funnel,
    ...(e.proxyGroup !== undefined ? { tailscaleService: tailscaleService(e) } : {}),
  }));
  return {
    operatorTags: spec.operator.operatorTags,
    proxyTags: spec.operator.proxyTags,
    exposures: inputs,
  };
}
