import { sampleAddress } from "../../kernel/cidr";
import type { NormalizedSpec, Port } from "../../kernel/normalize";
import { type TailnetFlow, tailnetPath } from "../../kernel/proof";
import { connectorPodLabels } from "../../kernel/proxies";
import type { TailnetIdentity } from "../../tailnet/evaluator";
import { identityForSource } from "../../tailnet/identity";
import type { TailnetGrant, TailnetPolicy } from "../../tailnet/policy";
import type { ProofContext } from "../feature";
import { destinations } from "./flows";
import type { NormalizedConnector } from "./normalize";

/** A public address standing for the internet in the proof (TEST-NET-3). */
const INTERNET_SAMPLE = "203.0.113.7";

/** A grant's `ip` entries for the ports: `tcp:5432`, `tcp:8000-8010`, `udp:*`; no ports is `*`. */
export function grantIp(ports: Port[]): string[] {
  if (ports.length === 0) return ["*"];
  return ports.map(
    (p) =>
      `${p.protocol.toLowerCase()}:${p.port === undefined ? "*" : p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port}`,
  );
}

/** What a grant names as the connector's destination: its routes, or `autogroup:internet`. */
const grantDestinations = (c: NormalizedConnector, spec: NormalizedSpec) =>
  destinations(c, spec).map((d) => (d.cidr!.endsWith("/0") ? "autogroup:internet" : d.cidr!));

/**
 * The connectors' part of the fragment: their tags owned by the operator's, their routes and exit
 * nodes approved for their tags (no manual approval, and nothing else may advertise them), and one
 * grant per access entry to the routes on its ports.
 */
export function connectorsFragment(own: NormalizedConnector[], spec: NormalizedSpec): TailnetPolicy {
  if (own.length === 0) return {};
  const owners = [...spec.operator.operatorTags].sort();
  const routes: { [cidr: string]: string[] } = {};
  const exitNode = new Set<string>();
  const grants: TailnetGrant[] = [];
  for (const c of own) {
    for (const r of c.routes) routes[r] = [...new Set([...(routes[r] ?? []), ...c.tags])].sort();
    if (c.exitNode) for (const t of c.tags) exitNode.add(t);
    const dst = [...new Set(grantDestinations(c, spec))];
    for (const a of c.access) grants.push({ src: [...a.sources], dst, ip: grantIp(a.ports) });
  }
  const autoApprovers: { [key: string]: unknown } = {};
  if (Object.keys(routes).length) autoApprovers.routes = routes;
  if (exitNode.size) autoApprovers.exitNode = [...exitNode].sort();
  return {
    tagOwners: Object.fromEntries(own.flatMap((c) => c.tags).map((t) => [t, owners])),
    ...(grants.length ? { grants } : {}),
    ...(Object.keys(autoApprovers).length ? { autoApprovers } : {}),
  };
}

/**
 * Every access source through every connector to each destination, on each of the entry's ports (a
 * range by its first port, every port by 443): the grants must admit the source to a host there, and
 * the cluster must let the connector pods reach it.
 */
export function connectorPaths(ctx: ProofContext, c: NormalizedConnector): TailnetFlow[] {
  const spec = ctx.plan.spec;
  const ns = spec.operator.namespace;
  const pod = { namespace: ns, podLabels: connectorPodLabels(ns, c.name) };
  return c.access.flatMap((a, j) =>
    destinations(c, spec).flatMap((d) => {
      const internet = d.cidr!.endsWith("/0");
      // One internet sample (IPv4) stands for both families.
      if (internet && d.cidr !== "0.0.0.0/0") return [];
      const ip = internet ? INTERNET_SAMPLE : sampleAddress(d.cidr!, d.except);
      if (ip === undefined) return [];
      const host: TailnetIdentity = { kind: "host", ips: [ip], ...(internet ? { internet: true } : {}) };
      const ports: (Port | undefined)[] = a.ports.length ? a.ports : [undefined];
      return ports.flatMap((port) => {
        const number = port?.port ?? 443;
        const protocol = (port?.protocol ?? "TCP") as "TCP" | "UDP";
        const cluster = ctx.cluster(pod, { ip }, number, protocol);
        const where = { at: internet ? "internet" : d.cidr!, ports: port ? [port] : [] };
        const connector = { at: `connector ${c.name} (${c.tags.join(",")})` };
        return a.sources.map((source, k) => {
          const tailnet = ctx.tailnet({
            src: identityForSource(source),
            dst: host,
            port: number,
            proto: protocol.toLowerCase(),
          });
          const path = `connectors.${c.name}.access[${j}].sources[${k}]`;
          return tailnetPath(
            path,
            source,
            [{ at: source }, connector, where],
            [
              tailnet.allowed ? "" : `the tailnet policy refuses it: ${tailnet.explanation}`,
              cluster.allowed ? "" : `the cluster refuses the connector: ${cluster.reason}`,
            ],
          );
        });
      });
    }),
  );
}
