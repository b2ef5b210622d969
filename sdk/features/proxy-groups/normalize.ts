import type { NormalizedCore } from "../../kernel/normalize";
import { perServiceTag } from "../../tailnet/selectors";
import type { ZeroTrustSpec } from "../args";
import { ProxyGroupType } from "./args";

/** A ProxyGroup with its defaults applied. */
export interface NormalizedProxyGroup {
  name: string;
  type: ProxyGroupType;
  replicas: number;
  tags: string[];
  proxyClass?: string;
  hostnamePrefix?: string;
}

/** The operator's default replica count (types_proxygroup.go: "Defaults to 2"). */
export const DEFAULT_PROXY_GROUP_REPLICAS = 2;

/** Applies every default to `proxyGroups`, sorted by name. */
export function normalizeProxyGroups(spec: ZeroTrustSpec, _core: NormalizedCore): NormalizedProxyGroup[] {
  return Object.entries(spec.proxyGroups ?? {})
    .map(([name, g]) => ({
      name,
      type: g.type === ProxyGroupType.Egress ? ProxyGroupType.Egress : ProxyGroupType.Ingress,
      replicas: g.replicas ?? DEFAULT_PROXY_GROUP_REPLICAS,
      // A group of its own tag, so a grant from an egress group opens nothing for other proxies.
      tags: [...(g.tags ?? [perServiceTag(name)])],
      ...(g.proxyClass !== undefined ? { proxyClass: g.proxyClass } : {}),
      ...(g.hostnamePrefix !== undefined ? { hostnamePrefix: g.hostnamePrefix } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
