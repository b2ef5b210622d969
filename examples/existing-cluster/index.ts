/**
 * Embedding ZeroTrustCluster in a program that already owns a cluster:
 * - the program's own Kubernetes provider is passed through the resource options, so every child
 *   (policies, namespace labels, the Service patch) goes to that cluster, not the ambient kubeconfig;
 * - the Tailscale operator is already installed (by a platform team, or another stack):
 *   `operator.install: false` manages only the policies and exposures;
 * - Grafana was installed by someone else (e.g. a kube-prometheus-stack Helm release); its Service is
 *   exposed on the tailnet by annotating it with a server-side-apply patch (`patchExisting: true`),
 *   never created or deleted here.
 *
 *   npm install tailnet-zerotrust @pulumi/pulumi @pulumi/kubernetes
 *   pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"
 *   pulumi config set apiServerCidr 10.0.0.1/32     # kubectl get endpoints kubernetes -n default
 *   pulumi up
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();

// The cluster this program already owns. Here it is read from config; in a real program it is the
// kubeconfig output of the cluster resource the program creates (EKS, GKE, AKS, k3s, ...).
const cluster = new k8s.Provider("cluster", { kubeconfig: cfg.requireSecret("kubeconfig") });

// What the program already runs on it: the shop's namespace and workloads.
const shop = new k8s.core.v1.Namespace("shop", { metadata: { name: "shop" } }, { provider: cluster });

const zeroTrust = new ZeroTrustCluster(
  "platform",
  {
    // The operator is already there (its namespace, OAuth Secret and Helm release are not ours).
    operator: {
      install: false,
      namespace: "tailscale",
      apiServer: { cidrs: [cfg.get("apiServerCidr") ?? "10.0.0.1/32"], ports: [443] },
      // The pod and Service CIDRs (kubeadm defaults here), cut out of the operator's internet egress.
      clusterCidrs: ["10.244.0.0/16", "10.96.0.0/12"],
    },
    // Both namespaces exist: adopt them (never deleted here); labels are added with a patch.
    namespaces: {
      shop: { create: false },
      monitoring: { create: false, labels: { team: "obs" } },
    },
    allow: [
      {
        name: "web-to-api",
        from: { namespace: "shop", podLabels: { app: "web" } },
        to: { namespace: "shop", podLabels: { app: "api" } },
        ports: [{ port: 8080 }],
      },
      {
        name: "prometheus-scrapes-api",
        from: { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" } },
        to: { namespace: "shop", podLabels: { app: "api" } },
        ports: [{ port: 9090 }],
      },
    ],
    expose: [
      {
        // Created by the monitoring Helm release, not by this program: patched, not created.
        namespace: "monitoring",
        service: "grafana",
        patchExisting: true,
        hostname: "grafana",
        podLabels: { "app.kubernetes.io/name": "grafana" },
        ports: [{ port: 80, targetPort: 3000 }],
      },
    ],
  },
  // The program's provider reaches every Kubernetes child; the adopted namespace exists first.
  { providers: [cluster], dependsOn: [shop] },
);

export const flows = zeroTrust.flows;
export const hostnames = zeroTrust.hostnames;
