/**
 * A k3s home server under zero trust: Jellyfin and Home Assistant on the tailnet for the family,
 * Jellyfin's NAS and Home Assistant's devices on the LAN, everything else denied. k3s enforces
 * NetworkPolicies with kube-router's controller, so the dataplane is declared and the proof judges
 * as kube-router does (ipBlock sees pods and nodes). Same declaration as zerotrust.yaml.
 *
 *   pulumi config set --secret tsClientId <oauth client id>
 *   pulumi config set --secret tsClientSecret <oauth client secret>
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { Cni, ZeroTrustCluster } from "tailnet-zerotrust";

const cfg = new pulumi.Config();
const family = ["group:family"];

const cluster = new ZeroTrustCluster("k3s", {
  dataplane: { cni: Cni.KubeRouter },
  operator: {
    oauthClientId: cfg.requireSecret("tsClientId"),
    oauthClientSecret: cfg.requireSecret("tsClientSecret"),
    apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
    // Pods, Services (k3s defaults) and the nodes' LAN: kube-router's ipBlocks match all of them.
    clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16", "192.168.1.0/24"],
  },
  namespaces: { media: {}, home: {} },
  allow: [
    {
      name: "jellyfin-to-nas",
      from: { namespace: "media", podLabels: { app: "jellyfin" } },
      // The NAS is on the nodes' LAN (a clusterCidrs range): no pod holds its address.
      to: { cidr: "192.168.1.20/32", acknowledgeClusterOverlap: true },
      ports: [{ port: 2049 }],
    },
    {
      name: "home-assistant-to-devices",
      from: { namespace: "home", podLabels: { app: "home-assistant" } },
      // The LAN's devices, not the k3s server or the NAS.
      to: {
        cidr: "192.168.1.0/24",
        except: ["192.168.1.10/32", "192.168.1.20/32"],
        acknowledgeClusterOverlap: true,
      },
      ports: [{ port: 80 }, { port: 443 }],
    },
  ],
  expose: [
    {
      namespace: "media",
      service: "jellyfin",
      podLabels: { app: "jellyfin" },
      ports: [{ port: 80, targetPort: 8096 }],
      access: family,
    },
    {
      namespace: "home",
      service: "home-assistant",
      podLabels: { app: "home-assistant" },
      ports: [{ port: 80, targetPort: 8123 }],
      access: family,
    },
  ],
});

export const flows = cluster.flows;
export const tailnetFlows = cluster.tailnetFlows;
