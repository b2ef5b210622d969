import { MANAGED_BY_LABEL, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { CustomResourceObject } from "../../kernel/resources";
import type { NormalizedConnector } from "./normalize";

/** The child resource suffix of a Connector. */
export const connectorSuffix = (name: string) => `connector-${name}`;

/** The `Connector` custom resource (cluster-scoped). */
export function connectorResource(c: NormalizedConnector): CustomResourceObject {
  const routes = c.routes.length ? c.routes : undefined;
  return {
    apiVersion: TAILSCALE_API_VERSION,
    kind: "Connector",
    metadata: { name: c.name, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      tags: [...c.tags],
      replicas: c.replicas,
      ...(c.hostname !== undefined ? { hostname: c.hostname } : {}),
      ...(c.proxyClass !== undefined ? { proxyClass: c.proxyClass } : {}),
      ...(c.appConnector
        ? { appConnector: routes ? { routes } : {} }
        : routes
          ? { subnetRouter: { advertiseRoutes: routes } }
          : {}),
      exitNode: c.exitNode,
    },
  };
}
