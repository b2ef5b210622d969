import { describeEndpoint } from "../../kernel/flows";
import type { Issues } from "../../kernel/issues";
import { onPort, pathText, type TailnetFlow } from "../../kernel/proof";
import type { ZeroTrustSpec } from "../args";
import type { ProofContext } from "../feature";
import type { Egress } from "./args";
import type { NormalizedEgress } from "./normalize";
import { egressProxyLabels, PROXY_GROUP_PORTS } from "./plan";
import { targetIdentity } from "./tailnet";

/**
 * One egress ProxyGroup serving several targets. The operator gives each egress Service a random
 * container port in 10000-10999 on the SAME group pods (egress-services.go 339-347, 643-656) and
 * the grant's source is the group's tags, so a NetworkPolicy (which sees only pods and ports, and
 * the port is known only after the operator picked it) cannot tell one target's port from another's:
 * whoever may reach the group reaches every target it serves (tailscale/tailscale#15759).
 * Entries whose clients are the same are one trust domain and fine; clients that differ are not.
 */

const WHY =
  "the operator gives each egress Service a random port in 10000-10999 on the same group pods, which a NetworkPolicy cannot tell apart, so every client of the group can reach every target it serves";

/** A client as a comparable key: `namespace/k=v,...` (labels sorted, `*` for every pod). */
const clientKey = (c: { namespace: string; podLabels: { [k: string]: string } }) => describeEndpoint(c);

const clientSet = (clients: { namespace: string; podLabels: { [k: string]: string } }[]) =>
  [...new Set(clients.map(clientKey))].sort().join(" + ") || "nobody";

/** The raw entry's clients as the normalized ones will be (the namespace defaults to the entry's). */
const rawClients = (e: Egress) =>
  (e.from ?? []).map((c) => ({ namespace: c.namespace ?? e.namespace, podLabels: c.podLabels ?? {} }));

/** Groups by name whose entries' clients differ: `[group, entry indexes]`. */
function mixedGroups<E>(entries: E[], group: (e: E) => string | undefined, clients: (e: E) => string) {
  const byGroup = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const g = group(e);
    if (g !== undefined) byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  return [...byGroup].filter(([, idx]) => new Set(idx.map((i) => clients(entries[i]))).size > 1);
}

/**
 * Refuses an egress ProxyGroup that serves targets whose clients differ, unless every entry on it
 * sets `acknowledgeSharedProxyGroup` (then it is a warning, and the proof lists the extra paths).
 */
export function checkSharedProxyGroups(issues: Issues, spec: ZeroTrustSpec): void {
  const entries = spec.egress ?? [];
  for (const [group, idx] of mixedGroups(
    entries,
    (e) => e.proxyGroup,
    (e) => clientSet(rawClients(e)),
  )) {
    for (const i of idx) {
      if (entries[i].acknowledgeSharedProxyGroup === true) continue;
      const others = idx
        .filter((j) => j !== i)
        .map((j) => `egress[${j}] ${entries[j].name} (from ${clientSet(rawClients(entries[j]))})`);
      issues.add(
        `egress[${i}].proxyGroup`,
        `"${group}" also serves ${others.join(", ")}, whose clients differ from this entry's (${clientSet(rawClients(entries[i]))}): ${WHY}. Use one egress ProxyGroup per trust domain (entries with the same clients), or a proxy of its own (leave proxyGroup out); to accept the cross-reach, set acknowledgeSharedProxyGroup: true on every entry of "${group}"`,
      );
    }
  }
}

/** The warning for an acknowledged mixed group: who else reaches each target. */
export function sharedProxyGroupWarnings(own: NormalizedEgress[]): string[] {
  return mixedGroups(
    own,
    (e) => e.proxyGroup,
    (e) => clientSet(e.from),
  ).map(([group, idx]) => {
    const served = idx.map((i) => `${own[i].namespace}/${own[i].name} (from ${clientSet(own[i].from)})`);
    return `egress ProxyGroup ${group} serves ${served.join(" and ")}: ${WHY} (acknowledged with acknowledgeSharedProxyGroup; tailnetFlows lists each such path as "undeclared"). Prefer one egress ProxyGroup per trust domain`;
  });
}

/**
 * The paths the sharing opens that nobody declared: a client of one entry, through the group, to
 * another entry's target on each of its ports, where both engines let it through (the client
 * reaches the group pods on that protocol, and the group's tags are granted the target).
 */
export function sharedGroupPaths(ctx: ProofContext, own: NormalizedEgress[]): TailnetFlow[] {
  const paths: TailnetFlow[] = [];
  for (const [group, idx] of mixedGroups(
    own,
    (e) => e.proxyGroup,
    (e) => clientSet(e.from),
  )) {
    for (const i of idx) {
      const e = own[i];
      const proxy = { namespace: ctx.plan.operatorNamespace, podLabels: egressProxyLabels(e) };
      for (const [j, client] of e.from.entries()) {
        for (const k of idx) {
          const other = own[k];
          if (k === i || other.from.some((c) => clientKey(c) === clientKey(client))) continue;
          const target = targetIdentity(other, ctx.plan.tailnet.policy);
          for (const p of other.ports) {
            const toGroup = ctx.cluster(client, proxy, PROXY_GROUP_PORTS.first, p.protocol);
            const grant = ctx.tailnet({
              src: { kind: "tagged", tags: other.tags },
              dst: target,
              port: p.port,
              proto: p.protocol.toLowerCase(),
            });
            if (!toGroup.allowed || !grant.allowed) continue;
            const source = describeEndpoint(client);
            const hops = [
              { at: source },
              { at: `proxygroup ${group} (undeclared: shared with egress ${other.name})` },
              { at: other.target, ports: onPort(p.protocol, p.port) },
            ];
            paths.push({
              path: `egress[${i}].from[${j}]`,
              source,
              hops,
              text: pathText(hops),
              allowed: true,
              undeclared: true,
              reason: `egress ProxyGroup ${group} is shared: ${WHY}`,
            });
          }
        }
      }
    }
  }
  return paths;
}
