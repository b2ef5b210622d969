import { ANY_IPV4, ANY_IPV6 } from "../../kernel/defaults";
import { describeEndpoint, type PlannedFlow } from "../../kernel/flows";
import type { NormalizedEndpoint, NormalizedSpec, Port } from "../../kernel/normalize";
import { connectorPodLabels } from "../../kernel/proxies";
import { slug } from "../../kernel/rules";
import type { NormalizedConnector } from "./normalize";

/** Base of the connector's egress policy names: `connector-<name>-egress`. */
export const connectorPolicyName = (name: string) => `connector-${name}`;

/** Base of the policy names of one `reach` entry (its namespace and labels, so entries never share one). */
export const reachPolicyName = (name: string, r: NormalizedConnector["reach"][number]) =>
  `${connectorPolicyName(name)}-reach-${slug([r.namespace, ...Object.values(r.podLabels)].join("-"), 40)}`;

/**
 * The ports the connector pods may use towards their routes: every access entry's, united; an
 * entry without ports asks for every port (an empty list).
 */
export function egressPorts(c: NormalizedConnector): Port[] {
  if (c.access.some((a) => a.ports.length === 0)) return [];
  const seen = new Map<string, Port>();
  for (const p of c.access.flatMap((a) => a.ports)) seen.set(`${p.protocol}/${p.port}/${p.endPort}`, p);
  return [...seen.values()];
}

/** The internet minus the cluster's own addresses, per family (what an exit node reaches). */
export function internetEndpoints(spec: NormalizedSpec): NormalizedEndpoint[] {
  return [ANY_IPV4, ANY_IPV6].map((cidr) => {
    const family = cidr.includes(":") ? ":" : ".";
    const except = spec.operator.clusterCidrs.filter((c) => c.includes(family) && !c.endsWith("/0"));
    return { cidr, ...(except.length ? { except } : {}) };
  });
}

/** Where the connector's tailnet traffic goes: its routes, and the internet for an exit node or a route-less app connector. */
export function destinations(c: NormalizedConnector, spec: NormalizedSpec): NormalizedEndpoint[] {
  const internet = c.exitNode || (c.appConnector && c.routes.length === 0);
  return [...c.routes.map((cidr) => ({ cidr })), ...(internet ? internetEndpoints(spec) : [])];
}

/**
 * Why an app connector's pods reach the internet even with `routes`: the operator's AppConnector
 * doc (types_connector.go 154-162 at v1.102.2) says the connector routes the preconfigured routes
 * at once "but may also dynamically discover other routes" for its domains, which no policy can
 * list in advance. (The grant still names the routes: discovered addresses are granted in the base
 * policy, e.g. to autogroup:internet, if at all.)
 */
export const APP_CONNECTOR_REASON = "app connector: also the routes it discovers for its domains";

/** Where the connector pods may send: `destinations`, and for any app connector the internet minus the cluster. */
function egressDestinations(
  c: NormalizedConnector,
  spec: NormalizedSpec,
): { to: NormalizedEndpoint; why?: string }[] {
  const out: { to: NormalizedEndpoint; why?: string }[] = destinations(c, spec).map((to) => ({ to }));
  if (c.appConnector && c.routes.length > 0)
    out.push(...internetEndpoints(spec).map((to) => ({ to, why: APP_CONNECTOR_REASON })));
  return out;
}

/** The connector pods' egress to where they route (only with access), and each `reach` entry, both halves. */
export function connectorFlows(c: NormalizedConnector, spec: NormalizedSpec): PlannedFlow[] {
  const ns = spec.operator.namespace;
  const from = { namespace: ns, podLabels: connectorPodLabels(ns, c.name) };
  const fromDisplay = `${ns}/connector(${c.name})`;
  const base = { kind: "connector", name: c.name, from, fromDisplay };
  const out: PlannedFlow[] =
    c.access.length === 0
      ? []
      : egressDestinations(c, spec).map(({ to, why }) => ({
          ...base,
          policyName: connectorPolicyName(c.name),
          to,
          ports: egressPorts(c),
          // The flows line says why an app connector reaches past its routes.
          ...(why !== undefined ? { toDisplay: `${describeEndpoint(to)} (${why})` } : {}),
        }));
  for (const r of c.reach) {
    out.push({
      ...base,
      policyName: reachPolicyName(c.name, r),
      to: { namespace: r.namespace, podLabels: r.podLabels },
      ports: r.ports,
    });
  }
  return out;
}
