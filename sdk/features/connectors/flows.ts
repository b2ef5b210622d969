import { ANY_IPV4, ANY_IPV6 } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import type { Endpoint, NormalizedSpec, Port } from "../../kernel/normalize";
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
export function internetEndpoints(spec: NormalizedSpec): Endpoint[] {
  return [ANY_IPV4, ANY_IPV6].map((cidr) => {
    const family = cidr.includes(":") ? ":" : ".";
    const except = spec.operator.clusterCidrs.filter((c) => c.includes(family) && !c.endsWith("/0"));
    return { cidr, ...(except.length ? { except } : {}) };
  });
}

/** Where the connector's traffic goes: its routes, and the internet for an exit node or a route-less app connector. */
export function destinations(c: NormalizedConnector, spec: NormalizedSpec): Endpoint[] {
  const internet = c.exitNode || (c.appConnector && c.routes.length === 0);
  return [...c.routes.map((cidr) => ({ cidr })), ...(internet ? internetEndpoints(spec) : [])];
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
      : destinations(c, spec).map((to) => ({
          ...base,
          policyName: connectorPolicyName(c.name),
          to,
          ports: egressPorts(c),
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
