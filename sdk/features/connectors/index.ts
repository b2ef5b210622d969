import { connectorPodLabels } from "../../kernel/proxies";
import type { Feature } from "../feature";
import { connectorFlows, connectorPolicyName, reachPolicyName } from "./flows";
import { type NormalizedConnector, normalizeConnectors } from "./normalize";
import { connectorResource, connectorSuffix } from "./objects";
import { connectorPaths, connectorsFragment } from "./tailnet";
import { checkConnectors } from "./validate";

export type { Connector, ConnectorAccess, ConnectorReach } from "./args";
export type { NormalizedConnector } from "./normalize";

const PORT = { port: "number", endPort: "number", protocol: "string" } as const;

/**
 * Connectors (`connectors`): subnet routers, exit nodes and app connectors. The custom resources
 * after the operator; the connector pods' egress to their routes on the granted ports; the managed
 * workloads that admit them (`reach`); route and exit-node approvals and grants on the tailnet.
 */
export const connectors: Feature<NormalizedConnector[]> = {
  id: "connectors",
  fields: {
    connectors: {
      values: {
        routes: "strings",
        exitNode: "boolean",
        appConnector: "boolean",
        tags: "strings",
        replicas: "number",
        hostname: "string",
        proxyClass: "string",
        access: { each: { sources: "strings", ports: { each: PORT } } },
        reach: { each: { namespace: "string", podLabels: "labels", ports: { each: PORT } } },
      },
    },
  },
  validate: (spec, issues) => checkConnectors(issues, spec),
  normalize: normalizeConnectors,
  flows: (own, spec) => own.flatMap((c) => connectorFlows(c, spec)),
  resources: (own, ctx) =>
    own.map((c) => ({
      kind: "CustomResource" as const,
      suffix: connectorSuffix(c.name),
      object: connectorResource(c),
      // Its paths are open before its pods start; it carries the operator's finalizer.
      dependsOn: [
        ...ctx.operator,
        ...ctx.policiesFor(connectorPolicyName(c.name)),
        ...c.reach.flatMap((r) => ctx.policiesFor(reachPolicyName(c.name, r))),
      ],
    })),
  tailnet: connectorsFragment,
  workloads: (own, spec) =>
    own.map((c) => ({
      namespace: spec.operator.namespace,
      labels: connectorPodLabels(spec.operator.namespace, c.name),
    })),
  tailnetPaths: (own, ctx) => own.flatMap((c) => connectorPaths(ctx, c)),
  warnings: (own) =>
    own
      .filter((c) => c.access.length === 0)
      .map(
        (c) =>
          `connectors.${c.name}: no access, so no tailnet source is granted its routes and its pods get no egress to them: add access`,
      ),
};
