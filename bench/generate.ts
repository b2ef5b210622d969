import type { K8sObject } from "../sdk/reach";

/**
 * A synthetic cluster shaped like a real multi-team one: every namespace under default-deny
 * (ingress and egress), DNS allowed to kube-dns, label flows within a namespace on named ports,
 * flows across namespaces by namespace and pod selectors (with matchExpressions), ipBlock egress
 * to the internet except the pod network, ipBlock ingress from an office range, and hostNetwork
 * node agents. Deterministic for a given size: a seeded PRNG drives every choice.
 */

/** mulberry32: a small seeded PRNG, so that the same size always yields the same cluster. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ["frontend", "backend", "data"];
const PODS_PER_NAMESPACE = 100;
const APPS_PER_NAMESPACE = 20;

const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: object[],
  podIP: string,
  hostNetwork = false,
): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { hostNetwork, containers: [{ name: "main", ports }] },
    status: { podIP },
  };
}

function policy(name: string, namespace: string, spec: object): K8sObject {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

const APP_PORTS = [
  { name: "http", containerPort: 8080 },
  { name: "metrics", containerPort: 9090 },
];

export function generateCluster(pods: number, seed = 42): K8sObject[] {
  const random = prng(seed + pods);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const namespaces = Math.max(1, Math.round(pods / PODS_PER_NAMESPACE));
  const objects: K8sObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "nodes" } },
  ];
  let ipCounter = 1;
  for (let r = 0; r < 2; r++) {
    const dnsPorts = [
      { name: "dns", containerPort: 53, protocol: "UDP" },
      { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
    ];
    objects.push(pod(`coredns-${r}`, "kube-system", { "k8s-app": "kube-dns" }, dnsPorts, ip(ipCounter++)));
  }
  // hostNetwork node agents: one per 100 pods, on node addresses outside the pod network.
  for (let n = 0; n < namespaces; n++) {
    objects.push(
      pod(
        `node-agent-${n}`,
        "nodes",
        { app: "node-agent" },
        [{ name: "metrics", containerPort: 9100 }],
        `172.16.${n >> 8}.${n & 255}`,
        true,
      ),
    );
  }
  let made = 0;
  for (let n = 0; n < namespaces && made < pods; n++) {
    const ns = `team-${n}`;
    const tier = TIERS[n % TIERS.length];
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { team: `t${n % 10}`, tier } },
    });
    objects.push(policy("default-deny", ns, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }));
    objects.push(
      policy("allow-dns", ns, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { port: 53, protocol: "UDP" },
              { port: 53, protocol: "TCP" },
            ],
          },
        ],
      }),
    );
    const perNamespace = Math.min(PODS_PER_NAMESPACE, pods - made);
    for (let a = 0; a < APPS_PER_NAMESPACE; a++) {
      const app = `app-${a}`;
      const role = a % 4 === 0 ? "client" : "server";
      for (
        let r = 0;
        r < Math.floor(perNamespace / APPS_PER_NAMESPACE) + (a < perNamespace % APPS_PER_NAMESPACE ? 1 : 0);
        r++
      ) {
        objects.push(pod(`${app}-${r}`, ns, { app, role, tier }, APP_PORTS, ip(ipCounter++)));
        made++;
      }
      // within the namespace: app-(a-1) calls app-a on the named port http.
      if (a > 0) {
        const from = { podSelector: { matchLabels: { app: `app-${a - 1}` } } };
        objects.push(
          policy(`${app}-ingress`, ns, {
            podSelector: { matchLabels: { app } },
            ingress: [{ from: [from], ports: [{ port: "http" }] }],
          }),
        );
        objects.push(
          policy(`app-${a - 1}-to-${app}`, ns, {
            podSelector: { matchLabels: { app: `app-${a - 1}` } },
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: { matchLabels: { app } } }], ports: [{ port: 8080 }] }],
          }),
        );
      }
    }
    // across namespaces: clients of other teams reach app-0 (the namespace's front door).
    objects.push(
      policy("front-door", ns, {
        podSelector: { matchLabels: { app: "app-0" } },
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: "team", operator: "In", values: [`t${(n + 1) % 10}`, `t${(n + 2) % 10}`] },
                  ],
                },
                podSelector: { matchLabels: { role: "client" } },
              },
            ],
            ports: [{ port: "http" }],
          },
          {
            from: [{ ipBlock: { cidr: "192.168.0.0/16", except: ["192.168.99.0/24"] } }],
            ports: [{ port: 8080, endPort: 8090 }],
          },
        ],
      }),
    );
    objects.push(
      policy("clients-out", ns, {
        podSelector: { matchLabels: { role: "client" } },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchExpressions: [{ key: "tier", operator: "NotIn", values: [pick(TIERS)] }],
                },
                podSelector: { matchLabels: { app: "app-0" } },
              },
            ],
            ports: [{ port: "http" }],
          },
          {
            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12"] } }],
            ports: [{ port: 443 }],
          },
        ],
      }),
    );
    objects.push(
      policy("scrape", ns, {
        podSelector: { matchExpressions: [{ key: "role", operator: "Exists" }] },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ ipBlock: { cidr: "172.16.0.0/12" } }], ports: [{ port: "metrics" }] }],
      }),
    );
  }
  return objects;
}
