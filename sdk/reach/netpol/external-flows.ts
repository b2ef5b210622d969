import { type ContainerPort, formatPolicyPort, portsMatch } from "../model/ports";
import type { PodClass } from "./classes";
import type { ExternalPeer } from "./externals";
import type { MatrixFlow } from "./matrix-result";
import type { PolicyIndex } from "./policy-index";
import { ruleAdmitsPeer } from "./rule-peers";

/**
 * The matrix's flows between pod classes and external peers when NetworkPolicies alone decide
 * (the admin tiers' version is in admin-matrix.ts), and the ingress flows both versions share.
 */

/** Flows between pod groups and external peers: egress towards them, ingress from them on container ports. */
export function externalFlows(
  index: PolicyIndex,
  externals: readonly ExternalPeer[],
  ids: readonly string[],
): MatrixFlow[] {
  const flows: MatrixFlow[] = [];
  for (const ext of externals) {
    const peer = { ip: ext.representative };
    for (const cls of index.classification.classes) {
      const pods = cls.pods.length;
      const egressPolicies = index.isolating.egress[cls.id];
      const admitting = egressPolicies
        .flatMap((p) => p.egress!)
        .filter((r) => ruleAdmitsPeer(r, peer, -1, index.cluster));
      if (egressPolicies.length === 0 || admitting.some((r) => !r.rule.ports)) {
        flows.push({ from: ids[cls.id], to: ext.id, port: "*", protocol: "any", connections: pods });
      } else {
        const seen = new Set<string>();
        for (const rule of admitting.flatMap((r) => r.rule.ports!)) {
          const text = formatPolicyPort(rule);
          if (typeof rule.port === "string" || seen.has(text)) continue; // R30: named ports never match external peers
          seen.add(text);
          const port =
            rule.port === undefined ? "*" : rule.endPort ? `${rule.port}-${rule.endPort}` : rule.port;
          flows.push({ from: ids[cls.id], to: ext.id, port, protocol: rule.protocol, connections: pods });
        }
      }
      const ingressPolicies = index.isolating.ingress[cls.id];
      const ingress = ingressPolicies
        .flatMap((p) => p.ingress!)
        .filter((r) => ruleAdmitsPeer(r, peer, -1, index.cluster));
      const ok = (port: ContainerPort) =>
        ingressPolicies.length === 0 ||
        ingress.some((r) => portsMatch(r.rule.ports, port.port, port.protocol, cls.ports));
      flows.push(...externalIngressFlows(cls, ext.id, ids[cls.id], ok));
    }
  }
  return flows;
}

/** Flows from an external peer to the container ports of a class that `allowed` admits. */
export function externalIngressFlows(
  cls: PodClass,
  from: string,
  to: string,
  allowed: (port: ContainerPort) => boolean,
): MatrixFlow[] {
  return cls.ports.filter(allowed).map((port) => ({
    from,
    to,
    port: port.port,
    ...(port.name ? { portName: port.name } : {}),
    protocol: port.protocol,
    connections: cls.pods.length,
  }));
}
