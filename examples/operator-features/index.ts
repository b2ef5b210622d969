/**
 * The operator's features beyond single proxies, each under default-deny with exactly the paths it
 * needs: Grafana served highly available by an ingress ProxyGroup as the Tailscale Service
 * `svc:grafana`, the backend reaching a tailnet database through an egress ProxyGroup, a subnet
 * router for the office network, in-cluster MagicDNS and proxy metrics for Prometheus.
 *
 *   pulumi config set --secret tsClientId <oauth client id>
 *   pulumi config set --secret tsClientSecret <oauth client secret>
 *   pulumi up
 *
 * Then add the CoreDNS stub zone the preview prints (`nameserver:` warning), and give the proxies a
 * ProxyClass with `metrics.enable: true` for Prometheus to find anything on 9002.
 */
import * as pulumi from "@pulumi/pulumi";
import { ProxyGroupType, ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

const cluster = new ZeroTrustCluster("ops", {
  operator: {
    oauthClientId: cfg.requireSecret("tsClientId"),
    oauthClientSecret: cfg.requireSecret("tsClientSecret"),
    apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
    clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
  },
  namespaces: { apps: {}, monitoring: {} },
  allow: [
    {
      name: "frontend-to-backend",
      from: { namespace: "apps", podLabels: { app: "frontend" } },
      to: { namespace: "apps", podLabels: { app: "backend" } },
      ports: [{ port: 8080 }],
    },
  ],
  // Two highly available proxy groups: one serves Services to the tailnet, one carries traffic out.
  proxyGroups: {
    web: { type: ProxyGroupType.Ingress },
    out: { type: ProxyGroupType.Egress },
  },
  expose: [
    {
      namespace: "monitoring",
      service: "grafana",
      hostname: "grafana",
      podLabels: { app: "grafana" },
      ports: [{ port: 80, targetPort: 3000 }],
      access: ["group:sre"],
      // The Tailscale Service svc:grafana, advertised by the web group's pods.
      proxyGroup: "web",
    },
  ],
  egress: [
    {
      name: "db",
      namespace: "apps",
      tailnetIp: "100.64.0.50",
      ports: [{ port: 5432 }],
      // Only the backend may use it; the grant's source is the out group's own tag.
      from: [{ podLabels: { app: "backend" } }],
      proxyGroup: "out",
    },
  ],
  connectors: {
    office: {
      routes: ["192.168.10.0/24"],
      access: [{ sources: ["group:sre"], ports: [{ port: 22 }, { port: 443 }] }],
    },
  },
  nameserver: true,
  metrics: { from: { namespace: "monitoring", podLabels: { app: "prometheus" } } },
});

export const flows = cluster.flows;
export const tailnetPolicy = cluster.tailnetPolicy;
export const tailnetFlows = cluster.tailnetFlows;
