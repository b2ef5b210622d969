import type { Bitset } from "../model/bitset";
import type { Direction, PolicyRule } from "../model/model";
import { type ContainerPort, PROTOCOLS, type Protocol, portsMatch } from "../model/ports";
import { type AdminIndex, adminSide, egressAllowed, ingressAllowed } from "./admin-tier-index";
import type { PodClass } from "./classes";
import { externalIngressFlows } from "./external-flows";
import type { ExternalPeer } from "./externals";
import type { MatrixFlow } from "./matrix-result";
import type { PolicyIndex } from "./policy-index";
import { ruleAdmitsPeer } from "./rule-peers";

/**
 * The matrix with admin tiers (A01-A11): sources of a destination port as bit-set algebra, and
 * the ports each class may use towards each external peer, found by evaluating the tiers once per
 * port interval on which no rule changes its mind.
 */

/**
 * The source classes allowed to reach class `d` on one port: its ingress tiers AND the sources'
 * egress tiers. `npIngress`: what d's NetworkPolicies admit when they isolate it; `egressOk`: the
 * sources NetworkPolicies leave open or allow.
 */
export function tieredSources(
  index: PolicyIndex,
  admin: AdminIndex,
  d: number,
  match: (r: { readonly rule: PolicyRule }) => boolean,
  npIngress: Bitset | undefined,
  egressOk: Bitset,
): Bitset {
  const open = index.open.egress;
  const ingress = ingressAllowed(admin, d, match, npIngress);
  const egress = egressAllowed(admin, (r) => r.peerClasses.has(d) && match(r), egressOk.andNot(open), open);
  return ingress.and(egress);
}

function sideAllowed(
  index: PolicyIndex,
  admin: AdminIndex,
  cls: PodClass,
  direction: Direction,
  ext: ExternalPeer,
  port: number,
  protocol: Protocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  const peer = { ip: ext.representative };
  const policies = index.isolating[direction][cls.id];
  const isolated = policies.length > 0;
  const npAllowed =
    !isolated ||
    policies.some((p) =>
      p[direction]!.some(
        (r) =>
          ruleAdmitsPeer(r, peer, -1, index.cluster) &&
          portsMatch(r.rule.ports, port, protocol, destinationPorts),
      ),
    );
  const np = { isolated, isolatingPolicies: [], allowed: npAllowed };
  const connection = { peer, peerClass: -1, port, protocol, destinationPorts, cluster: index.cluster };
  return adminSide(admin, cls.id, direction, connection, np).allowed;
}

/** Port numbers where some egress rule of the class starts or stops applying, per protocol. */
function cutPoints(index: PolicyIndex, admin: AdminIndex, cls: PodClass): Map<Protocol, number[]> {
  const rules: PolicyRule[] = [
    ...index.isolating.egress[cls.id].flatMap((p) => p.egress!.map((r) => r.rule)),
    ...admin.selecting.egress[cls.id].flatMap((p) => p.egress.map((r) => r.rule)),
    ...admin.baselines.filter((b) => b.selected.has(cls.id)).flatMap((b) => b.egress.map((r) => r.rule)),
  ];
  const cuts = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set([1, 65536])]));
  for (const rule of rules) {
    for (const p of rule.ports ?? []) {
      if (typeof p.port !== "number") continue; // named ports never match external peers (R30, A23)
      cuts
        .get(p.protocol)!
        .add(p.port)
        .add((p.endPort ?? p.port) + 1);
    }
  }
  return new Map([...cuts].map(([p, set]) => [p, [...set].sort((a, b) => a - b)]));
}

/** Flows between pod classes and external peers when admin tiers exist. */
export function externalFlowsWithTiers(
  index: PolicyIndex,
  admin: AdminIndex,
  externals: readonly ExternalPeer[],
  ids: readonly string[],
): MatrixFlow[] {
  const flows: MatrixFlow[] = [];
  for (const cls of index.classification.classes) {
    const cuts = cutPoints(index, admin, cls);
    const pods = cls.pods.length;
    for (const ext of externals) {
      const runs: { protocol: Protocol; from: number; to: number }[] = [];
      for (const protocol of PROTOCOLS) {
        const points = cuts.get(protocol)!;
        for (let i = 0; i + 1 < points.length; i++) {
          if (!sideAllowed(index, admin, cls, "egress", ext, points[i], protocol, undefined)) continue;
          const last = runs[runs.length - 1];
          if (last?.protocol === protocol && last.to === points[i] - 1) last.to = points[i + 1] - 1;
          else runs.push({ protocol, from: points[i], to: points[i + 1] - 1 });
        }
      }
      const whole = (r: (typeof runs)[number]) => r.from === 1 && r.to === 65535;
      if (runs.length === PROTOCOLS.length && runs.every(whole)) {
        flows.push({ from: ids[cls.id], to: ext.id, port: "*", protocol: "any", connections: pods });
      } else {
        for (const r of runs) {
          const port = whole(r) ? "*" : r.from === r.to ? r.from : `${r.from}-${r.to}`;
          flows.push({ from: ids[cls.id], to: ext.id, port, protocol: r.protocol, connections: pods });
        }
      }
      const ok = (port: ContainerPort) =>
        sideAllowed(index, admin, cls, "ingress", ext, port.port, port.protocol, cls.ports);
      flows.push(...externalIngressFlows(cls, ext.id, ids[cls.id], ok));
    }
  }
  return flows;
}
