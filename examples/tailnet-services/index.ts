/**
 * Cluster workloads reaching services on the tailnet, and nothing else reaching them: the backend
 * uses a database by its tailnet IP through an egress proxy of its own, and the API servers use a
 * payments API by its MagicDNS name through a highly available egress ProxyGroup. Each client's
 * whole path (pod -> proxy -> tailnet target) is proven at preview and listed in `tailnetFlows`.
 *
 *   pulumi config set --secret tsClientId <oauth client id>
 *   pulumi config set --secret tsClientSecret <oauth client secret>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { ProxyGroupType, ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

const cluster = new ZeroTrustCluster("services", {
  operator: {
    oauthClientId: cfg.requireSecret("tsClientId"),
    oauthClientSecret: cfg.requireSecret("tsClientSecret"),
    apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
    clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
  },
  namespaces: { apps: {} },
  proxyGroups: {
    // Two egress proxies with a tag of their own, tag:k8s-egress-ha.
    "egress-ha": { type: ProxyGroupType.Egress },
  },
  egress: [
    {
      // apps/backend dials db.apps.svc:5432; the proxy's own tag, tag:k8s-egress-db, is granted
      // 100.64.0.50 on 5432 and nothing else.
      name: "db",
      namespace: "apps",
      tailnetIp: "100.64.0.50",
      ports: [{ port: 5432 }],
      from: [{ podLabels: { app: "backend" } }],
    },
    {
      // A MagicDNS name cannot be granted: the grant names the target's tag instead.
      name: "payments",
      namespace: "apps",
      tailnetFqdn: "payments.tail1234.ts.net",
      grantDst: "tag:payments",
      ports: [{ port: 443 }],
      from: [{ podLabels: { app: "api" } }],
      proxyGroup: "egress-ha",
    },
  ],
});

export const flows = cluster.flows;
export const tailnetPolicy = cluster.tailnetPolicy;
export const tailnetFlows = cluster.tailnetFlows;
