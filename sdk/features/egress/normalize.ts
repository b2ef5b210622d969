import type { Labels } from "../../kernel/kube";
import type { NormalizedCore } from "../../kernel/normalize";
import { perServiceTag } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";
import { normalizeProxyGroups } from "../proxy-groups/normalize";
import type { Egress } from "./args";

export interface NormalizedEgress {
  name: string;
  namespace: string;
  tailnetFqdn?: string;
  tailnetIp?: string;
  /** What the proxy forwards to: the FQDN (without a trailing dot) or the IP. */
  target: string;
  grantDst: string;
  ports: { port: number; protocol: "TCP" | "UDP"; name?: string }[];
  from: { namespace: string; podLabels: Labels }[];
  /** The proxy device's tags (the grant's source). */
  tags: string[];
  proxyGroup?: string;
  /** Whether `proxyGroup` is declared in `proxyGroups` (created here), rather than created elsewhere. */
  groupDeclared: boolean;
  proxyClass?: string;
}

/** The tag an egress proxy gets by default: `tag:k8s-egress-<name>`. */
export const defaultEgressTag = (e: Pick<Egress, "name">) => perServiceTag(`egress-${e.name}`);

/** Applies every default to `egress`. */
export function normalizeEgress(spec: ZeroTrustSpec, core: NormalizedCore): NormalizedEgress[] {
  const groups = normalizeProxyGroups(spec, core);
  return (spec.egress ?? []).map((e) => ({
    name: e.name,
    namespace: e.namespace,
    ...(e.tailnetFqdn !== undefined ? { tailnetFqdn: e.tailnetFqdn } : {}),
    ...(e.tailnetIp !== undefined ? { tailnetIp: e.tailnetIp } : {}),
    target: (e.tailnetIp ?? e.tailnetFqdn ?? "").replace(/\.$/, ""),
    grantDst: e.grantDst ?? e.tailnetIp ?? "",
    ports: e.ports.map((p) => {
      const protocol = (p.protocol ?? "TCP") === "UDP" ? ("UDP" as const) : ("TCP" as const);
      // Several ports need names (Kubernetes); the protocol keeps 53/UDP and 53/TCP apart.
      const name = p.name ?? (e.ports.length > 1 ? `${protocol.toLowerCase()}-${p.port}` : undefined);
      return { port: p.port, protocol, ...(name !== undefined ? { name } : {}) };
    }),
    from: (e.from ?? []).map((c) => ({
      namespace: c.namespace ?? e.namespace,
      podLabels: { ...(c.podLabels ?? {}) },
    })),
    // A ProxyGroup's proxies carry the group's tags.
    tags: [...(groups.find((g) => g.name === e.proxyGroup)?.tags ?? e.tags ?? [defaultEgressTag(e)])],
    ...(e.proxyGroup !== undefined ? { proxyGroup: e.proxyGroup } : {}),
    groupDeclared: groups.some((g) => g.name === e.proxyGroup),
    ...(e.proxyClass !== undefined ? { proxyClass: e.proxyClass } : {}),
  }));
}
