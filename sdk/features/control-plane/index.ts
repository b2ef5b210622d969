import type { NormalizedCore, NormalizedSpec } from "../../kernel/normalize";
import type { CustomResourceObject, PlannedResource } from "../../kernel/resources";
import type { TailnetPlan } from "../../kernel/tailnet-plan";
import { type Feature, ownOf } from "../feature";
import { type ComputedAccess, controlPlaneAccess, policyOracle } from "./access";
import {
  type ControlPlaneContext,
  kubeconfigCommand,
  type NormalizedControlPlane,
  normalizeControlPlane,
} from "./normalize";
import { controlPlanePaths, servingPodLabels } from "./proof";
import { planBindings } from "./rbac";
import { apiServerProxyGroupResource, chartValues, recorderPodLabels, recorderResource } from "./resources";
import { controlPlaneFragment } from "./tailnet";
import { checkApiServerProxy } from "./validate";
import { controlPlaneWarnings } from "./warnings";

export { type ComputedAccess, controlPlaneAccess, policyOracle } from "./access";
export { kubeconfigCommand, type NormalizedControlPlane } from "./normalize";
export {
  type ApiServerProxy,
  ApiServerProxyMode,
  type ControlPlaneAccess,
  type NamespaceRole,
  RoleKind,
} from "./types";

export const contextOf = (core: NormalizedCore): ControlPlaneContext => ({
  operatorNamespace: core.operator.namespace,
  operatorHostname: core.operator.hostname,
  operatorTags: core.operator.operatorTags,
  proxyTags: core.operator.proxyTags,
  install: core.operator.install,
});

/** Suffixes of the children: a contract, like every child name. */
const PROXY_GROUP_SUFFIX = "apiserver-proxygroup";
const RECORDER_SUFFIX = "apiserver-recorder";

/**
 * kubectl by tailnet identity (`apiServerProxy`): the chart's proxy mode (or a `kube-apiserver`
 * ProxyGroup), the bindings for the impersonated groups, the grants with the Kubernetes
 * capability, an optional Recorder, and the proof that each declared source reaches the API
 * server through the proxy as the groups it was given.
 */
export const controlPlane: Feature<NormalizedControlPlane | undefined> = {
  id: "controlPlane",
  fields: {
    apiServerProxy: {
      mode: "string",
      hostname: "string",
      proxyGroup: { replicas: "number", tags: "strings", proxyClass: "string" },
      access: {
        each: {
          sources: "strings",
          groups: "strings",
          clusterRoles: "strings",
          namespaceRoles: { each: { namespace: "string", role: "string", roleKind: "string" } },
          acknowledgeSharedGroups: "boolean",
        },
      },
      recorder: {
        enforce: "boolean",
        tags: "strings",
        enableUI: "boolean",
        s3: { endpoint: "string", bucket: "string", credentialsSecret: "string" },
        recordEvents: "boolean",
      },
    },
  },
  validate: (spec, issues) => checkApiServerProxy(issues, spec, spec.apiServerProxy),
  normalize: (spec, core) => normalizeControlPlane(spec.apiServerProxy, contextOf(core)),
  helmValues: (own) => (own ? chartValues(own) : {}),
  resources(own, ctx) {
    if (!own) return [];
    const resources: PlannedResource[] = [];
    // The operator's chart brings the CRDs, and the operator removes its finalizers on destroy.
    const custom: [string, CustomResourceObject | undefined][] = [
      [RECORDER_SUFFIX, recorderResource(own)],
      [PROXY_GROUP_SUFFIX, apiServerProxyGroupResource(own)],
    ];
    for (const [suffix, object] of custom)
      if (object) resources.push({ kind: "CustomResource", suffix, object, dependsOn: ctx.operator });
    const { clusterRoleBindings, roleBindings } = planBindings(own);
    for (const object of clusterRoleBindings)
      resources.push({
        kind: "ClusterRoleBinding",
        suffix: `crb-${object.metadata.name}`,
        object,
        dependsOn: [],
      });
    for (const object of roleBindings) {
      const ns = object.metadata.namespace;
      resources.push({
        kind: "RoleBinding",
        suffix: `rb-${ns}-${object.metadata.name}`,
        object,
        dependsOn: ctx.inNamespace(ns),
      });
    }
    return resources;
  },
  tailnet: (own, spec) => (own ? controlPlaneFragment(own, contextOf(spec)) : {}),
  warnings: (own, spec) => (own ? controlPlaneWarnings(own, spec) : []),
  // The pods serving the proxy and the recorder, so the proof shows that nothing reaches them.
  workloads: (own, spec) =>
    own
      ? [
          { namespace: spec.operator.namespace, labels: servingPodLabels(own) },
          ...(own.recorder
            ? [{ namespace: spec.operator.namespace, labels: recorderPodLabels(own.recorder.name) }]
            : []),
        ]
      : [],
  tailnetPaths: (own, ctx) => (own ? controlPlanePaths(own, ctx) : []),
};

/**
 * The `kubeconfigCommands` and `access` outputs of a plan: the command each person runs, and one
 * sorted line per tailnet source, computed from the plan's tailnet policy and bindings.
 */
export function controlPlaneReport(plan: { spec: NormalizedSpec; tailnet: TailnetPlan }): {
  kubeconfigCommands: string[];
  access: ComputedAccess[];
} {
  const own = ownOf(controlPlane, plan.spec);
  if (!own) return { kubeconfigCommands: [], access: [] };
  return {
    kubeconfigCommands: [kubeconfigCommand(own)],
    access: controlPlaneAccess(own, policyOracle(plan.tailnet.policy)),
  };
}
