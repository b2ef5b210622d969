import * as assert from "node:assert/strict";
import type { K8sObject } from "../../sdk/reach";
import { Fixture, np, ns, pod } from "../reach/helpers";
import { dataplane } from "./helpers";

/**
 * Each dataplane profile's truth table, one row per cited deviation (docs: dataplanes.md), like
 * the upstream rules R01-R37. Every row is evaluated on every profile, by both evaluators.
 */

const PROFILES = [
  "upstream",
  "cilium@1.15",
  "cilium@1.16",
  "cilium@1.16+nodes",
  "calico",
  "kube-router",
  "antrea",
  "aws-vpc-cni",
  "azure-npm@1",
  "azure-npm@2",
  "weave",
] as const;
type Profile = (typeof PROFILES)[number];

/** Two pods on two nodes, a hostNetwork agent on node 1, and a Service in front of b. */
const world = (): K8sObject[] => [
  ns("x"),
  ns("default"),
  pod("x/a", { pod: "a" }, { ip: "10.0.1.1" }),
  pod(
    "x/b",
    { pod: "b" },
    {
      ip: "10.0.1.2",
      ports: [{ name: "http", containerPort: 8080 }, { containerPort: 80 }, { containerPort: 81 }],
    },
  ),
  pod(
    "x/agent",
    { pod: "agent" },
    { ip: "192.168.0.1", hostNetwork: true, ports: [{ containerPort: 10250 }] },
  ),
  ...[1, 2].map((n) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: `n${n}` },
    status: { addresses: [{ type: "InternalIP", address: `192.168.0.${n}` }] },
  })),
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "x" },
    spec: { clusterIP: "10.96.0.10", selector: { pod: "b" }, ports: [{ port: 80, targetPort: 8080 }] },
  },
];
// status.hostIP places a on node 1, b on node 2.
const placed = (objects: K8sObject[]) =>
  objects.map((o) =>
    o.kind === "Pod" && o.metadata?.name === "a"
      ? { ...o, status: { ...o.status, hostIP: "192.168.0.1" } }
      : o.kind === "Pod" && o.metadata?.name === "b"
        ? { ...o, status: { ...o.status, hostIP: "192.168.0.2" } }
        : o,
  );

const egressOnly = (name: string, egress: unknown[], podLabel = "a") =>
  np(`x/${name}`, { podSelector: { matchLabels: { pod: podLabel } }, policyTypes: ["Egress"], egress });
const denyAll = np("x/default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const bOpen = np("x/b-in", { podSelector: { matchLabels: { pod: "b" } }, ingress: [{}] });

interface Row {
  id: string;
  what: string;
  objects: K8sObject[];
  check: string;
  /** Expected verdict per profile; `otherwise` for the rest. */
  allowed: Partial<Record<Profile, boolean>> & { otherwise: boolean };
}

const cilium: Profile[] = ["cilium@1.15", "cilium@1.16", "cilium@1.16+nodes"];
const each = (profiles: readonly Profile[], value: boolean) =>
  Object.fromEntries(profiles.map((p) => [p, value])) as Partial<Record<Profile, boolean>>;

const ROWS: Row[] = [
  {
    id: "D01",
    what: "ipBlock matches pod addresses (Cilium: never, docs language.rst, cilium#19601)",
    objects: [egressOnly("to-pods", [{ to: [{ ipBlock: { cidr: "10.0.1.0/24" } }], ports: [{ port: 80 }] }])],
    check: "x/a -> x/b:80",
    allowed: { otherwise: true, ...each(cilium, false) },
  },
  {
    id: "D02",
    what: "ipBlock matches a node address (Cilium: only in nodes mode, cilium#20550)",
    objects: [
      egressOnly("to-node", [{ to: [{ ipBlock: { cidr: "192.168.0.2/32" } }], ports: [{ port: 10250 }] }]),
    ],
    check: "x/a -> 192.168.0.2:10250",
    allowed: { otherwise: true, "cilium@1.15": false, "cilium@1.16": false },
  },
  {
    id: "D03",
    what: "0.0.0.0/0 does not match nodes even in Cilium's nodes mode (cilium#47827)",
    objects: [egressOnly("to-any", [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 10250 }] }])],
    check: "x/a -> 192.168.0.2:10250",
    allowed: { otherwise: true, ...each(cilium, false) },
  },
  {
    id: "D04",
    what: "a hostNetwork pod is its node's address for ipBlock ingress (R37; Cilium: never)",
    objects: [
      np("x/from-nodes", {
        podSelector: { matchLabels: { pod: "b" } },
        ingress: [{ from: [{ ipBlock: { cidr: "192.168.0.0/24" } }] }],
      }),
    ],
    check: "x/agent -> x/b:80",
    allowed: { otherwise: true, "cilium@1.15": false, "cilium@1.16": false },
  },
  {
    id: "D05",
    what: "a Service address is judged after DNAT (U2), before it on EKS, and is only an address upstream",
    objects: [egressOnly("to-b", [{ to: [{ ipBlock: { cidr: "10.0.1.2/32" } }], ports: [{ port: 8080 }] }])],
    check: "x/a -> 10.96.0.10:80",
    allowed: { otherwise: true, upstream: false, "aws-vpc-cni": false, ...each(cilium, false) },
  },
  {
    id: "D06",
    what: "EKS admits a ClusterIP for a pod peer matching the Service's selector, on the Service port",
    objects: [
      egressOnly("to-web", [{ to: [{ podSelector: { matchLabels: { pod: "b" } } }], ports: [{ port: 80 }] }]),
    ],
    check: "x/a -> 10.96.0.10:80",
    // Elsewhere the backend's target port 8080 is judged, which the rule does not name; upstream
    // a Service address is just an address, which pod peers never match (R26).
    allowed: { otherwise: false, "aws-vpc-cni": true },
  },
  {
    id: "D07",
    what: "egress to the pod's own node is always allowed on EKS and Weave (agent PR #65, weave#3924)",
    objects: [denyAll],
    check: "x/a -> 192.168.0.1:10250",
    allowed: { otherwise: false, "aws-vpc-cni": true, weave: true },
  },
  {
    id: "D08",
    what: "egress to another node is judged by policy everywhere",
    objects: [denyAll],
    check: "x/a -> 192.168.0.2:10250",
    allowed: { otherwise: false },
  },
  {
    id: "D09",
    what: "ingress from the pod's own node is always allowed (U4), not modelled upstream (semantics rule 4)",
    objects: [denyAll],
    check: "x/agent -> x/a:80",
    allowed: { otherwise: true, upstream: false },
  },
  {
    id: "D10",
    what: "endPort: Cilium before 1.16, Azure NPM v1 and Weave enforce only the first port (U5)",
    objects: [egressOnly("range", [{ to: [{ podSelector: {} }], ports: [{ port: 80, endPort: 81 }] }])],
    check: "x/a -> x/b:81",
    allowed: { otherwise: true, "cilium@1.15": false, "azure-npm@1": false, weave: false },
  },
  {
    id: "D11",
    what: "a named port for an ipBlock peer is dropped on EKS (endpoints.go); Weave rejects the policy",
    objects: [
      denyAll,
      bOpen,
      egressOnly("named-cidr", [{ to: [{ ipBlock: { cidr: "10.0.1.0/24" } }], ports: [{ port: "http" }] }]),
    ],
    check: "x/a -> x/b:8080",
    allowed: { otherwise: true, "aws-vpc-cni": false, weave: false, ...each(cilium, false) },
  },
  {
    id: "D12",
    what: "a named port for a pod peer works on EKS; Weave still rejects the policy",
    objects: [
      denyAll,
      egressOnly("named-pods", [
        { to: [{ podSelector: { matchLabels: { pod: "b" } } }], ports: [{ port: "http" }] },
      ]),
      np("x/b-in", { podSelector: { matchLabels: { pod: "b" } }, ingress: [{}] }),
    ],
    check: "x/a -> x/b:8080",
    allowed: { otherwise: true, weave: false },
  },
  {
    id: "D13",
    what: "Cilium reads toEntities kube-apiserver (docs: entities); other dataplanes ignore the object",
    objects: [
      denyAll,
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "kubernetes", namespace: "default" },
        subsets: [{ addresses: [{ ip: "192.168.0.2" }], ports: [{ name: "https", port: 6443 }] }],
      },
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumNetworkPolicy",
        metadata: { name: "apiserver", namespace: "x" },
        spec: {
          endpointSelector: { matchLabels: { "k8s:pod": "a" } },
          egress: [
            { toEntities: ["kube-apiserver"], toPorts: [{ ports: [{ port: "6443", protocol: "TCP" }] }] },
          ],
        },
      },
    ],
    check: "x/a -> 192.168.0.2:6443",
    allowed: { otherwise: false, ...each(cilium, true) },
  },
];

describe("dataplane profiles: truth tables", () => {
  for (const row of ROWS) {
    it(`${row.id} ${row.what}`, () => {
      const wrong: string[] = [];
      for (const profile of PROFILES) {
        const expected = row.allowed[profile] ?? row.allowed.otherwise;
        const fixture = new Fixture(placed([...world(), ...row.objects]), dataplane(profile));
        const verdict = fixture.verdict(row.check);
        if (verdict.allowed !== expected)
          wrong.push(`${profile}: expected ${expected ? "allowed" : "denied"}, got: ${verdict.reason}`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it("explains what the dataplane decided: the own-node exception and the Service translation", () => {
    const eks = new Fixture(placed([...world(), denyAll]), dataplane("aws-vpc-cni"));
    assert.match(
      eks.verdict("x/a -> 192.168.0.1:10250").reason,
      /egress to its own node is always allowed on aws-vpc-cni/,
    );
    const calico = new Fixture(placed(world()), dataplane("calico"));
    assert.match(
      calico.verdict("x/a -> 10.96.0.10:80").reason,
      /10\.96\.0\.10:80\/TCP is Service x\/web \(calico: judged after translation to x\/b:8080\)/,
    );
  });
});
