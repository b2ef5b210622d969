import { proxyGroupSuffix } from "../../kernel/proxies";
import type { Feature } from "../feature";
import { type NormalizedEgress, normalizeEgress } from "./normalize";
import { egressFlows, egressPolicyName, egressProxyLabels, egressService } from "./plan";
import { egressPaths } from "./proof";
import { sharedGroupPaths, sharedProxyGroupWarnings } from "./shared-groups";
import { egressFragment } from "./tailnet";
import { checkEgress } from "./validate";

export type { Egress, EgressClient, EgressPort } from "./args";
export type { NormalizedEgress } from "./normalize";

/**
 * Cluster workloads reaching tailnet services (`egress`): the ExternalName Service the operator
 * backs with an egress proxy, both halves of each declared client's path to the proxy, a grant from
 * the proxy's own tag to the target on the declared ports (with tests), and the proven paths.
 */
export const egress: Feature<NormalizedEgress[]> = {
  id: "egress",
  fields: {
    egress: {
      each: {
        name: "string",
        namespace: "string",
        tailnetFqdn: "string",
        tailnetIp: "string",
        grantDst: "string",
        ports: { each: { port: "number", protocol: "string", name: "string" } },
        from: { each: { namespace: "string", podLabels: "labels" } },
        tags: "strings",
        proxyGroup: "string",
        acknowledgeSharedProxyGroup: "boolean",
        proxyClass: "string",
      },
    },
  },
  validate: (spec, issues) => checkEgress(issues, spec),
  normalize: normalizeEgress,
  flows: egressFlows,
  resources: (own, ctx) =>
    own.map((e) => ({
      kind: "Service" as const,
      suffix: `${e.namespace}-${e.name}`,
      object: egressService(e),
      // The clients' path is open before the operator is asked for the proxy; the Service
      // carries the operator's finalizer, so it goes before the operator on destroy.
      dependsOn: [
        ...ctx.inNamespace(e.namespace),
        ...ctx.operator,
        ...(e.groupDeclared && e.proxyGroup !== undefined ? [proxyGroupSuffix(e.proxyGroup)] : []),
        ...e.from.flatMap((_, j) => ctx.policiesFor(egressPolicyName(e, j))),
      ],
      // The operator points the Service at its proxy; re-applying the placeholder would cut it off.
      ignoreChanges: ["spec.externalName"],
    })),
  tailnet: egressFragment,
  warnings: (own) => [
    ...own
      .filter((e) => e.from.length === 0)
      .map(
        (e) =>
          `egress ${e.namespace}/${e.name}: from is empty, so no workload may use it: list the clients in from`,
      ),
    ...sharedProxyGroupWarnings(own),
  ],
  workloads: (own, spec) =>
    own.map((e) => ({ namespace: spec.operator.namespace, labels: egressProxyLabels(e) })),
  tailnetPaths: (own, ctx) => [
    ...own.flatMap((e, i) => egressPaths(ctx, e, i)),
    ...sharedGroupPaths(ctx, own),
  ],
};
