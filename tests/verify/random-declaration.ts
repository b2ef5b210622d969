import type { ZeroTrustSpec } from "../../sdk/core";

/**
 * Random small declarations for the property tests: a few namespaces, workloads, networks inside
 * and outside the pod network, port ranges and protocols, exposures. Shared so every property
 * test draws from the same space.
 */

export type Random = () => number;
export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
export const NAMESPACES = ["apps", "data", "web", "ops"];
export const APPS = ["api", "db", "web", "worker"];
// Networks outside and inside the pod network (10.42.0.0/16), so pod IPs fall into declared CIDRs.
export const CIDRS = ["10.20.0.0/16", "0.0.0.0/0", "10.42.0.0/28", "10.42.0.16/28", "2001:db8::/64"];

export function randomSpec(random: Random): ZeroTrustSpec {
  const chance = (p: number) => random() < p;
  const names = NAMESPACES.slice(0, 2 + Math.floor(random() * 3));
  const workload = () => ({
    namespace: pick(random, chance(0.2) ? [...names, "zt-outside"] : names),
    ...(chance(0.8) ? { podLabels: { app: pick(random, APPS) } } : {}),
  });
  const network = () => {
    const cidr = pick(random, CIDRS);
    // Networks into the pod range are meant here: the proof must judge them as the dataplane does.
    return cidr === "0.0.0.0/0" && chance(0.5)
      ? { cidr, except: ["10.42.0.0/16"] }
      : { cidr, acknowledgeClusterOverlap: true };
  };
  const ports = () => {
    if (chance(0.15)) return undefined;
    return Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const port = pick(random, [80, 443, 5432, 8080, 9000]);
      return {
        port,
        ...(chance(0.2) ? { endPort: port + 10 } : {}),
        ...(chance(0.25) ? { protocol: pick(random, ["UDP", "SCTP"]) } : {}),
      };
    });
  };
  const allow = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) => {
    const external = chance(0.35);
    const outbound = chance(0.5);
    return {
      name: `flow-${i}`,
      from: external && !outbound ? network() : workload(),
      to: external && outbound ? network() : workload(),
      ports: ports(),
    };
  });
  // Often a network inside the pod network, whose sample address a live pod may hold.
  if (chance(0.6))
    allow.push({
      name: "to-pods",
      from: workload(),
      to: { cidr: "10.42.0.16/28", acknowledgeClusterOverlap: true },
      ports: ports(),
    });
  const exposed = names.filter(() => chance(0.5));
  return {
    operator: {
      oauthClientId: "id",
      oauthClientSecret: "secret",
      ...(chance(0.7) ? { apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] } } : {}),
      clusterCidrs: chance(0.8) ? ["10.42.0.0/16"] : [],
      ...(chance(0.15) ? { isolate: false } : {}),
    },
    namespaces: Object.fromEntries(names.map((n) => [n, chance(0.2) ? { allowDns: false } : {}])),
    // A namespace the cluster has outside the declaration (ingress-nginx, say), acknowledged.
    unmanagedNamespaces: ["zt-outside"],
    allow,
    expose: exposed.map((n) => ({
      namespace: n,
      service: "web",
      hostname: `${n}-web`,
      podLabels: { app: "web" },
      ports: [{ port: 80, targetPort: pick(random, [8080, 9000]) }],
      access: ["group:sre"],
      ...(chance(0.2) ? { allowProxyTraffic: false } : {}),
    })),
  };
}
