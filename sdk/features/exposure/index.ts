import { ingressClassName } from "../../kernel/operator";
import { proxyGroupSuffix, proxyPodLabels } from "../../kernel/proxies";
import type { PlannedResource } from "../../kernel/resources";
import type { Feature } from "../feature";
import { ExposeVia } from "./args";
import { proxyFlow, proxyPolicyName } from "./flows";
import { generateTailnetPolicy } from "./fragment";
import { type NormalizedExposure, normalizeExposures } from "./normalize";
import { exposedIngress, exposedService, exposureAddress } from "./objects";
import { exposurePaths } from "./proof";
import { tailnetInput } from "./tailnet";
import { checkExposures } from "./validate";

export { type Expose, type ExposePort, ExposeVia } from "./args";
export type { NormalizedExposure } from "./normalize";

/**
 * Services on the tailnet (`expose`): the Service (or a patch of yours) or Ingress the operator
 * proxies, the proxy -> backend rules, the grants for `access`, and the paths from each source.
 */
export const exposure: Feature<NormalizedExposure[]> = {
  id: "exposure",
  fields: {
    expose: {
      each: {
        namespace: "string",
        service: "string",
        hostname: "string",
        podLabels: "labels",
        ports: { each: { port: "number", targetPort: "number", protocol: "string", name: "string" } },
        tags: "strings",
        access: "strings",
        via: "string",
        funnel: "boolean",
        proxyClass: "string",
        proxyGroup: "string",
        patchExisting: "boolean",
        allowProxyTraffic: "boolean",
      },
    },
  },
  validate: (spec, issues) => checkExposures(issues, spec),
  normalize: normalizeExposures,
  flows: (own, spec) => own.filter((e) => e.allowProxyTraffic).map((e) => proxyFlow(spec, e)),
  resources(own, ctx) {
    const resources: PlannedResource[] = [];
    for (const e of own) {
      // Exposed objects carry the operator's finalizer: they must go before the operator on
      // destroy. The proxy's path to the backend is open before the operator is asked for a proxy.
      const dependsOn = [
        ...ctx.inNamespace(e.namespace),
        ...ctx.operator,
        ...ctx.policiesFor(proxyPolicyName(e)),
        // Served by a ProxyGroup: removed while the group can still withdraw the Tailscale Service.
        ...(e.proxyGroup !== undefined ? [proxyGroupSuffix(e.proxyGroup)] : []),
      ];
      const suffix = `${e.namespace}-${e.service}`;
      const service = exposedService(e);
      if (!e.patchExisting) resources.push({ kind: "Service", suffix, object: service, dependsOn });
      // An Ingress to an existing Service needs nothing of that Service: no patch, then.
      else if (e.via !== ExposeVia.Ingress)
        resources.push({ kind: "ServicePatch", suffix, object: service, dependsOn });
      if (e.via === ExposeVia.Ingress) {
        resources.push({
          kind: "Ingress",
          suffix: `${suffix}-ingress`,
          object: exposedIngress(e, ingressClassName(ctx.spec)),
          dependsOn: e.patchExisting ? dependsOn : [suffix],
        });
      }
    }
    return resources;
  },
  tailnet: (own, spec) => generateTailnetPolicy(tailnetInput(own, spec)),
  // Every exposure's proxy and backend, even when its proxy traffic is not allowed: the tailnet
  // paths are proven end to end over these.
  workloads: (own, spec) =>
    own.flatMap((e) => [
      { namespace: spec.operator.namespace, labels: proxyPodLabels(e) },
      { namespace: e.namespace, labels: e.podLabels },
    ]),
  tailnetPaths: (own, ctx) => own.flatMap((e, i) => exposurePaths(ctx, e, i)),
  hostnames: (own, spec) =>
    Object.fromEntries(
      own.map((e) => [
        `${e.namespace}/${e.service}`,
        { hostname: e.hostname, ...exposureAddress(e, spec.tailnet.domain) },
      ]),
    ),
};
