import assert from "node:assert/strict";
import { buildCluster, type K8sObject, parseIp, ReachabilityEngine } from "../../sdk/reach";
import { allowedConnections } from "../../sdk/verify/cluster-diff";
import { np, ns } from "../reach/helpers";
import { dataplane } from "./helpers";

/**
 * `reach --all-ports` on Cilium: CiliumNetworkPolicy entities (`toEntities`) are peers of the
 * all-ports matrix as they are of a single check: `world` every address but the nodes', `cluster`
 * and `remote-node` the nodes', `kube-apiserver` the API server's, `host` the pod's own node.
 */

const node = (name: string, ip: string): K8sObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: { addresses: [{ type: "InternalIP", address: ip }] },
});
const pod = (name: string, app: string, ip: string, hostIP: string): K8sObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "apps", labels: { app } },
  spec: { nodeName: hostIP, containers: [{ name: "c" }] },
  status: { podIP: ip, hostIP },
});
const port = (p: number) => ({ ports: [{ port: String(p), protocol: "TCP" }] });

const OBJECTS: K8sObject[] = [
  ns("apps"),
  node("server", "192.168.1.10"),
  node("worker", "192.168.1.11"),
  {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default" },
    subsets: [{ addresses: [{ ip: "192.168.1.10" }], ports: [{ name: "https", port: 6443 }] }],
  },
  pod("web", "web", "10.42.1.5", "192.168.1.11"),
  pod("api", "api", "10.42.0.6", "192.168.1.10"),
  np("apps/default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
  {
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: "out", namespace: "apps" },
    spec: {
      endpointSelector: {},
      egress: [
        { toEntities: ["world"], toPorts: [port(443)] },
        { toEntities: ["kube-apiserver"], toPorts: [port(6443)] },
        { toEntities: ["host"], toPorts: [port(10250)] },
        { toEntities: ["remote-node"], toPorts: [port(9100)] },
      ],
    },
  },
];

describe("dataplane: Cilium entities in reach --all-ports", () => {
  const cluster = buildCluster(OBJECTS, "live", dataplane("cilium@1.16"));
  const rows = allowedConnections(cluster);
  const engine = new ReachabilityEngine(cluster);
  const inRow = (ip: string, a: { first: string; last: string }) => {
    const v = parseIp(ip)!.value;
    const [lo, hi] = [parseIp(a.first)!, parseIp(a.last)!];
    return lo.family === parseIp(ip)!.family && lo.value <= v && v <= hi.value;
  };
  /** The ports the matrix allows from an app's pod to an address. */
  const matrix = (app: string, ip: string) =>
    rows
      .filter((r) => r.from.startsWith(`apps/app=${app}`) && r.addresses?.some((a) => inRow(ip, a)))
      .map((r) => r.portsText)
      .join(" | ");
  const check = (name: string, ip: string, port: number) =>
    engine.check({ from: { pod: `apps/${name}` }, to: { ip }, port, protocol: "TCP" }).allowed;

  it("world: every address but the nodes', on 443", () => {
    assert.equal(matrix("web", "203.0.113.9"), "TCP/443");
    assert.equal(matrix("web", "2001:db8::9"), "TCP/443");
    assert.ok(check("web", "203.0.113.9", 443));
  });

  it("kube-apiserver, host and remote-node: the node addresses, each as the pod's node decides", () => {
    // web runs on the worker: the server is the API server and a remote node; the worker its host.
    assert.equal(matrix("web", "192.168.1.10"), "TCP/6443,9100");
    assert.equal(matrix("web", "192.168.1.11"), "TCP/9100,10250");
    // api runs on the server: its own node is the API server's.
    assert.equal(matrix("api", "192.168.1.10"), "TCP/6443,9100,10250");
    assert.equal(matrix("api", "192.168.1.11"), "TCP/9100");
    for (const [name, ip, p, allowed] of [
      ["web", "192.168.1.10", 6443, true],
      ["web", "192.168.1.10", 10250, false],
      ["web", "192.168.1.11", 10250, true],
      ["api", "192.168.1.10", 10250, true],
      ["api", "192.168.1.11", 10250, false],
      ["web", "192.168.1.11", 443, false],
    ] as const)
      assert.equal(check(name, ip, p), allowed, `${name} -> ${ip}:${p}`);
  });

  it("every row agrees with a single check at one of its addresses", () => {
    const toAddresses = rows.filter((r) => r.addresses?.length);
    assert.ok(toAddresses.length >= 6, `${toAddresses.length} rows`);
    for (const r of toAddresses) {
      const name = cluster.pods.find((p) => r.from.startsWith(`apps/app=${p.labels.app}`))!.name;
      const ip = r.addresses![0].first;
      const first = r.ports[0];
      const verdict = engine.check({
        from: { pod: `apps/${name}` },
        to: { ip },
        port: first.ports[0],
        protocol: first.protocol,
      });
      assert.ok(verdict.allowed, `${r.from} -> ${ip} ${r.portsText}: ${verdict.reason}`);
    }
  });
});
