/**
 * A GKE Autopilot cluster under zero trust. Dataplane V2 is Cilium, and Autopilot runs NodeLocal
 * DNSCache, so both are declared: DNS egress also reaches the node-local cache, and the operator
 * reaches the API server through a CiliumNetworkPolicy. Same declaration as zerotrust.yaml.
 *
 *   pulumi config set --secret tsClientId <oauth client id>
 *   pulumi config set --secret tsClientSecret <oauth client secret>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { Cni, ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

const cluster = new ZeroTrustCluster("gke", {
  dataplane: { cni: Cni.Cilium, nodeLocalDns: {} },
  operator: {
    oauthClientId: cfg.requireSecret("tsClientId"),
    oauthClientSecret: cfg.requireSecret("tsClientSecret"),
    apiServer: { cidrs: ["172.16.0.2/32"], ports: [443] },
    clusterCidrs: ["10.48.0.0/14", "34.118.224.0/20"],
  },
  namespaces: { shop: {} },
  allow: [
    {
      name: "web-to-api",
      from: { namespace: "shop", podLabels: { app: "web" } },
      to: { namespace: "shop", podLabels: { app: "api" } },
      ports: [{ port: 8080 }],
    },
    {
      name: "api-to-cloudsql",
      from: { namespace: "shop", podLabels: { app: "api" } },
      to: { cidr: "10.100.0.0/24" },
      ports: [{ port: 5432 }],
    },
  ],
  expose: [
    {
      namespace: "shop",
      service: "web",
      podLabels: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
      access: ["group:shop-team"],
    },
  ],
});

export const flows = cluster.flows;
export const tailnetFlows = cluster.tailnetFlows;
