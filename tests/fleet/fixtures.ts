import type { FleetSpec } from "../../sdk/fleet";

export const BASE_POLICY = JSON.stringify({
  groups: { "group:sre": ["alice@example.com"] },
  grants: [{ src: ["group:sre"], dst: ["autogroup:self"], ip: ["*"] }],
});

/**
 * Two clusters on one tailnet: `core` exposes the orders Service, `edge` runs the web shop that
 * calls it through one link. Tests copy it and change one thing at a time.
 */
export function twoClusters(): FleetSpec {
  const operator = (podCidr: string) => ({
    oauthClientId: "client-id",
    oauthClientSecret: "client-secret",
    apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
    clusterCidrs: [podCidr],
  });
  return {
    clusters: {
      core: {
        operator: operator("10.42.0.0/16"),
        namespaces: { shop: {} },
        expose: [
          {
            namespace: "shop",
            service: "orders",
            hostname: "orders",
            podLabels: { app: "orders" },
            ports: [{ port: 443, targetPort: 8443 }],
          },
        ],
      },
      edge: {
        operator: operator("10.52.0.0/16"),
        namespaces: { shop: {} },
      },
    },
    links: [
      {
        name: "orders",
        from: { cluster: "edge", namespace: "shop", podLabels: { app: "web" } },
        to: { cluster: "core", namespace: "shop", service: "orders" },
        ports: [{ port: 443 }],
      },
    ],
    tailnet: { basePolicy: BASE_POLICY, domain: "tail1234.ts.net" },
  };
}
