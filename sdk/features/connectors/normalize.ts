import type { Labels } from "../../kernel/kube";
import { canonical, type NormalizedCore, normalizePorts, type Port } from "../../kernel/normalize";
import { perServiceTag } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";

/** A Connector with its defaults applied. */
export interface NormalizedConnector {
  name: string;
  /** Canonical CIDRs. */
  routes: string[];
  exitNode: boolean;
  appConnector: boolean;
  tags: string[];
  replicas: number;
  hostname?: string;
  proxyClass?: string;
  /** Each entry's ports; an empty list is every port. */
  access: { sources: string[]; ports: Port[] }[];
  reach: { namespace: string; podLabels: Labels; ports: Port[] }[];
}

/** Applies every default to `connectors`, sorted by name. */
export function normalizeConnectors(spec: ZeroTrustSpec, _core: NormalizedCore): NormalizedConnector[] {
  return Object.entries(spec.connectors ?? {})
    .map(([name, c]) => ({
      name,
      routes: (c.routes ?? []).map(canonical),
      exitNode: c.exitNode ?? false,
      appConnector: c.appConnector ?? false,
      tags: [...(c.tags ?? [perServiceTag(name)])],
      replicas: c.replicas ?? 1,
      ...(c.hostname !== undefined ? { hostname: c.hostname } : {}),
      ...(c.proxyClass !== undefined ? { proxyClass: c.proxyClass } : {}),
      access: (c.access ?? []).map((a) => ({ sources: [...a.sources], ports: normalizePorts(a.ports) })),
      reach: (c.reach ?? []).map((r) => ({
        namespace: r.namespace,
        podLabels: { ...(r.podLabels ?? {}) },
        ports: normalizePorts(r.ports),
      })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
