/**
 * A fleet on one tailnet: the homelab exposes Grafana (for the SRE group) and a recipes API; the
 * edge box in the kitchen runs a display that reads recipes from the homelab, through one link:
 *
 *   edge/kitchen/app=display -> egress recipes (tag:k8s-edge-egress-recipes)
 *     -> tag:k8s-homelab-recipes TCP/443 -> homelab/apps/app=recipes TCP/8443
 *
 * Each cluster is a ZeroTrustCluster child on its own Kubernetes provider (its kubeconfig), and
 * the fleet computes ONE tailnet policy (output `tailnetPolicy`); add `manage: true` to `tailnet`
 * to apply it with one Acl (with a Tailscale provider: `pulumi config set --secret tailscale:apiKey ...`).
 *
 *   pulumi config set --secret homelabKubeconfig "$(cat ~/.kube/homelab.yaml)"
 *   pulumi config set --secret edgeKubeconfig "$(cat ~/.kube/edge.yaml)"
 *   pulumi config set --secret homelabClientId ... ; pulumi config set --secret homelabClientSecret ...
 *   pulumi config set --secret edgeClientId ... ; pulumi config set --secret edgeClientSecret ...
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustFleet } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

const fleet = new ZeroTrustFleet("fleet", {
  clusters: {
    homelab: {
      kubeconfig: cfg.requireSecret("homelabKubeconfig"),
      operator: {
        oauthClientId: cfg.requireSecret("homelabClientId"),
        oauthClientSecret: cfg.requireSecret("homelabClientSecret"),
        apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
        clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
      },
      namespaces: { apps: {}, monitoring: {} },
      expose: [
        {
          namespace: "monitoring",
          service: "grafana",
          hostname: "grafana", // the device is homelab-grafana, its tag tag:k8s-homelab-grafana
          podLabels: { app: "grafana" },
          ports: [{ port: 80, targetPort: 3000 }],
          access: ["group:sre"],
        },
        {
          namespace: "apps",
          service: "recipes",
          hostname: "recipes",
          podLabels: { app: "recipes" },
          ports: [{ port: 443, targetPort: 8443 }],
        },
      ],
    },
    edge: {
      kubeconfig: cfg.requireSecret("edgeKubeconfig"),
      operator: {
        oauthClientId: cfg.requireSecret("edgeClientId"),
        oauthClientSecret: cfg.requireSecret("edgeClientSecret"),
        apiServer: { cidrs: ["192.168.2.20/32"], ports: [6443] },
        clusterCidrs: ["10.52.0.0/16", "10.53.0.0/16"],
      },
      namespaces: { kitchen: {} },
    },
  },
  links: [
    {
      name: "recipes",
      from: { cluster: "edge", namespace: "kitchen", podLabels: { app: "display" } },
      to: { cluster: "homelab", namespace: "apps", service: "recipes" },
      ports: [{ port: 443 }],
    },
  ],
  tailnet: {
    domain: "tail1234.ts.net",
    basePolicy: JSON.stringify({
      groups: { "group:sre": ["alice@example.com"] },
      grants: [{ src: ["group:sre"], dst: ["autogroup:self"], ip: ["*"] }],
    }),
  },
});

export const links = fleet.links;
export const flows = fleet.flows;
export const tailnetFlows = fleet.tailnetFlows;
export const tailnetPolicy = fleet.tailnetPolicy;
