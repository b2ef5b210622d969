/**
 * The article's homelab, done right: Grafana reachable only from the tailnet, frontend -> backend
 * on 8080 inside `apps`, the backend's database outside the cluster, kubectl for the SRE group
 * (read-only) through the operator's API server proxy, everything else denied.
 *
 *   pulumi config set --secret tsClientId <oauth client id>
 *   pulumi config set --secret tsClientSecret <oauth client secret>
 *   pulumi config set apiServerCidr 192.168.1.10/32   # kubectl get endpoints kubernetes -n default
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

const cluster = new ZeroTrustCluster("homelab", {
  operator: {
    oauthClientId: cfg.requireSecret("tsClientId"),
    oauthClientSecret: cfg.requireSecret("tsClientSecret"),
    apiServer: { cidrs: [cfg.get("apiServerCidr") ?? "192.168.1.10/32"], ports: [6443] },
    // k3s defaults: pods and Services are cut out of the operator's internet egress.
    clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
  },
  namespaces: {
    apps: {},
    monitoring: { labels: { team: "obs" } },
  },
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
      // Only the SRE group reaches Grafana; its proxy gets its own tag, tag:k8s-grafana.
      access: ["group:sre"],
    },
  ],
  // kubectl through the operator (`tailscale configure kubeconfig tailscale-operator`): the SRE
  // group is impersonated as the Kubernetes group "sre", which may read everything and change nothing.
  apiServerProxy: {
    access: [{ sources: ["group:sre"], groups: ["sre"], clusterRoles: ["view"] }],
  },
});

export const flows = cluster.flows;
export const hostnames = cluster.hostnames;
export const namespaces = cluster.namespaces;
export const tailnetPolicy = cluster.tailnetPolicy;
export const tailnetFlows = cluster.tailnetFlows;
export const access = cluster.access;
export const kubeconfigCommands = cluster.kubeconfigCommands;
