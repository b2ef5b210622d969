import { OPERATOR_POD_LABELS, PROXY_LOCAL_PORT } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import type { NormalizedSpec } from "../../kernel/normalize";
import { proxyGroupPodLabels } from "../../kernel/proxies";
import type { TailnetPolicy } from "../../tailnet/policy";
import { exposure } from "../exposure";
import { tailscaleService } from "../exposure/tailnet";
import { type Feature, ownOf } from "../feature";
import { ProxyGroupType } from "./args";
import { type NormalizedProxyGroup, normalizeProxyGroups } from "./normalize";
import {
  drainFlow,
  drainPolicyName,
  healthPolicyName,
  proxyGroupResource,
  proxyGroupSuffix,
} from "./objects";
import { checkProxyGroups } from "./validate";

export { type ProxyGroup, ProxyGroupType } from "./args";
export type { NormalizedProxyGroup } from "./normalize";

/**
 * The operator calls each egress group pod's health check (container port 9002) before it marks
 * the pod ready, but only for pods carrying the readiness gate `tailscale.com/egress-services`
 * (egress-pod-readiness.go 100-105, 252-258). At the pinned v1.102.2 (and v1.102.3) nothing sets
 * that gate, so the call is never made; the gate arrives on main after 1.102.3 (commit 6a6742c90,
 * proxygroup_specs.go 315 there), and from then on a pod this path did not reach would never become
 * Ready. Kept so the upgrade does not stall the group's StatefulSet.
 */
function healthFlow(spec: NormalizedSpec, g: NormalizedProxyGroup): PlannedFlow {
  const ns = spec.operator.namespace;
  return {
    kind: "proxygroup",
    policyName: healthPolicyName(g.name),
    name: `${g.name}-health`,
    from: { namespace: ns, podLabels: { ...OPERATOR_POD_LABELS } },
    to: { namespace: ns, podLabels: proxyGroupPodLabels(g.name) },
    ports: [{ protocol: "TCP", port: PROXY_LOCAL_PORT }],
    toDisplay: `${ns}/proxygroup(${g.name})`,
  };
}

/** The Tailscale Services each ingress group serves (`svc:<hostname>`), from the exposures naming it. */
const servicesOf = (g: NormalizedProxyGroup, spec: NormalizedSpec) =>
  ownOf(exposure, spec)
    .filter((e) => e.proxyGroup === g.name)
    .map((e) => tailscaleService(e)!);

/**
 * ProxyGroups (`proxyGroups`): the custom resources after the operator, the paths their pods need
 * beyond the operator namespace's defaults, their tags' owners, and the approval of the Tailscale
 * Services ingress groups advertise. (What a group serves is the exposure's or the egress's.)
 */
export const proxyGroups: Feature<NormalizedProxyGroup[]> = {
  id: "proxyGroups",
  fields: {
    proxyGroups: {
      values: {
        type: "string",
        replicas: "number",
        tags: "strings",
        proxyClass: "string",
        hostnamePrefix: "string",
      },
    },
  },
  validate: (spec, issues) => checkProxyGroups(issues, spec),
  normalize: normalizeProxyGroups,
  flows: (own, spec) =>
    own
      .filter((g) => g.type === ProxyGroupType.Egress)
      .flatMap((g) => [healthFlow(spec, g), drainFlow(spec.operator.namespace, g.name)]),
  resources: (own, ctx) =>
    own.map((g) => ({
      kind: "CustomResource" as const,
      suffix: proxyGroupSuffix(g.name),
      object: proxyGroupResource(g),
      // The operator owns the CRD and the finalizer; the health and drain checks are open before
      // the pods start.
      dependsOn: [
        ...ctx.operator,
        ...ctx.policiesFor(healthPolicyName(g.name)),
        ...ctx.policiesFor(drainPolicyName(g.name)),
      ],
    })),
  tailnet(own, spec) {
    if (own.length === 0) return {};
    const owners = [...spec.operator.operatorTags].sort();
    const policy: TailnetPolicy = {
      tagOwners: Object.fromEntries(own.flatMap((g) => g.tags).map((t) => [t, owners])),
    };
    // The group's devices may advertise the Tailscale Services it serves, without a manual approval.
    const services = Object.fromEntries(
      own.flatMap((g) => servicesOf(g, spec).map((svc) => [svc, [...g.tags].sort()])),
    );
    if (Object.keys(services).length) policy.autoApprovers = { services };
    return policy;
  },
  workloads: (own, spec) =>
    own.map((g) => ({ namespace: spec.operator.namespace, labels: proxyGroupPodLabels(g.name) })),
  warnings: (own, spec) =>
    own
      .filter((g) => g.type === ProxyGroupType.Ingress && servicesOf(g, spec).length === 0)
      .map(
        (g) => `proxyGroups.${g.name}: no expose entry names this ingress ProxyGroup, so it serves nothing`,
      ),
};
