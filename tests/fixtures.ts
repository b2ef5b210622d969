import type { ZeroTrustSpec } from "../sdk/features/args";

/**
 * The article's homelab, done right: Grafana on the tailnet, frontend -> backend in apps, and the
 * backend's database outside the cluster. Tests copy it and change one thing at a time.
 */
export function homelab(): ZeroTrustSpec {
  return {
    operator: {
      oauthClientId: "client-id",
      oauthClientSecret: "client-secret",
      apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
      clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
    },
    namespaces: { apps: {}, monitoring: { labels: { team: "obs" } } },
    allow: [
      {
        name: "frontend-to-backend",
        from: { namespace: "apps", podLabels: { app: "frontend" } },
        to: { namespace: "apps", podLabels: { app: "backend" } },
        ports: [{ port: 8080 }],
      },
      {
        name: "backend-to-db",
        from: { namespace: "apps", podLabels: { app: "backend" } },
        to: { cidr: "10.20.0.0/16" },
        ports: [{ port: 5432 }],
      },
    ],
    expose: [
      {
        namespace: "monitoring",
        service: "grafana",
        hostname: "k8s-grafana",
        podLabels: { app: "grafana" },
        ports: [{ port: 80, targetPort: 3000 }],
      },
    ],
  };
}
