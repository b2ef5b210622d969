import assert from "node:assert/strict";
import { prng } from "../../bench/generate";
import { CiliumPolicyCidrMatchMode, Cni, type Dataplane, planZeroTrust } from "../../sdk/core";
import type { K8sObject } from "../../sdk/reach";
import { type IntentInput, type IntentReport, representativeWorkloads, verifyIntent } from "../../sdk/verify";
import { verifyIntentPairwise } from "../../sdk/verify/pairwise";
import { APPS, CIDRS, pick, type Random, randomSpec } from "./random-declaration";

/**
 * The matrix proof against the pairwise one (every connection asked of the engine and of the
 * flows) on random declarations: as planned, with a policy removed, with an allow-all added, and
 * as a live export with replicas, strangers, colliding addresses, drift and admin tiers. Seeded, so every run
 * checks the same inputs; the reports must be equal field by field, explanations included.
 */

const isPolicy = (o: K8sObject) => o.kind === "NetworkPolicy";

function allowAll(random: Random, namespace: string, everyPod = false): K8sObject {
  const direction = pick(random, ["ingress", "egress", "both"]);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "debug-allow-all", namespace },
    spec: {
      podSelector: everyPod || random() < 0.5 ? {} : { matchLabels: { app: pick(random, APPS) } },
      ...(direction !== "egress" ? { ingress: [{}] } : {}),
      ...(direction !== "ingress" ? { egress: [{}] } : {}),
    },
  };
}

/** A live cluster as `kubectl get` exports it: replicas, rollout labels, ports, strangers, drift. */
function liveExport(
  random: Random,
  objects: K8sObject[],
  externalIps: string[],
  hostIps: string[] = [],
): K8sObject[] {
  let host = 100;
  const out: K8sObject[] = objects.filter((o) => o.kind === "Namespace");
  for (const o of objects.filter((x) => x.kind === "Pod")) {
    const count = 1 + Math.floor(random() * 3);
    for (let r = 0; r < count; r++) {
      const hash: Record<string, string> = random() < 0.5 ? { "pod-template-hash": `h${r}` } : {};
      out.push({
        ...o,
        metadata: {
          ...o.metadata,
          name: `${o.metadata!.name}-${r}`,
          labels: { ...o.metadata!.labels, ...hash },
        },
        spec: { containers: [{ name: "main", ports: [{ containerPort: 8080, name: "http" }] }] },
        // On a dataplane, pods sit on nodes whose addresses the proof may probe (own-node rules).
        status: { podIP: `10.42.1.${host++}`, ...(hostIps.length ? { hostIP: pick(random, hostIps) } : {}) },
      });
    }
  }
  const stranger = (name: string, namespace: string, status: object, spec: object = {}): K8sObject => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { app: pick(random, APPS) } },
    spec,
    status,
  });
  out.push(
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy" } },
    stranger("old", "legacy", { podIP: "10.42.2.1" }),
    stranger("pending", "legacy", {}),
    stranger("agent", "legacy", { podIP: "10.0.9.9" }, { hostNetwork: true }),
  );
  // A pod holding an address the proof also probes as external: the engine sees the pod.
  const inside = externalIps.find((ip) => ip.startsWith("10.42."));
  // The first replica is the one the proof takes for its workload, so the address is that participant's.
  const replicas = out.filter((o) => o.kind === "Pod" && o.metadata!.name!.endsWith("-0"));
  if (inside && random() < 0.5) pick(random, replicas).status = { podIP: inside };
  else if (inside) out.push(stranger("collides", "legacy", { podIP: inside }));
  const policies = objects.filter(isPolicy);
  const drift = pick(random, ["none", "removed", "narrowed", "allow-all"]);
  const named = random() < 0.6;
  const victim = pick(random, policies);
  for (const p of policies) {
    if (drift === "removed" && p === victim) continue;
    if (drift === "narrowed" && p === victim) {
      out.push(JSON.parse(JSON.stringify(p).replace(/"port":\d+/g, '"port":1')));
      continue;
    }
    // Written by hand against the container port's name: it matches only where a pod names 8080 "http".
    if (named)
      out.push(JSON.parse(JSON.stringify(p).replace(/"port":(8080|9000)(?!,"endPort")/g, '"port":"http"')));
    else out.push(p);
  }
  if (drift === "allow-all") out.push(allowAll(random, victim.metadata!.namespace!));
  if (random() < 0.5) out.push(adminPolicy(random, victim.metadata!.namespace!));
  return out;
}

/** A cluster guardrail above the NetworkPolicies: it allows, denies or passes one namespace's traffic. */
function adminPolicy(random: Random, namespace: string): K8sObject {
  const action = () => pick(random, ["Allow", "Deny", "Pass"]);
  const port = { portNumber: { protocol: "TCP", port: pick(random, [80, 5432, 8080]) } };
  return {
    apiVersion: "policy.networking.k8s.io/v1alpha1",
    kind: "AdminNetworkPolicy",
    metadata: { name: "guardrail" },
    spec: {
      priority: 10,
      subject: { namespaces: { matchLabels: { "kubernetes.io/metadata.name": namespace } } },
      ingress: [
        {
          name: "in",
          action: action(),
          from: [{ namespaces: {} }],
          ...(random() < 0.5 ? { ports: [port] } : {}),
        },
      ],
      egress: [{ name: "out", action: action(), to: [{ networks: [pick(random, CIDRS)] }] }],
    },
  };
}

const withoutEngine = ({ engine: _engine, ...rest }: IntentReport) => rest;

/** Dataplanes for the declarations of the second run, each valid with any generated declaration. */
const DATAPLANES: Dataplane[] = [
  { cni: Cni.Cilium, version: "1.15.6", nodeLocalDns: {} },
  { cni: Cni.AwsVpcCni, kubernetesServiceIp: "10.43.0.1" },
  { cni: Cni.Weave },
  { cni: Cni.Calico, nodeLocalDns: { address: "169.254.25.10" } },
  { cni: Cni.Cilium, version: "1.16.3", ciliumPolicyCidrMatchMode: CiliumPolicyCidrMatchMode.Nodes },
  { cni: Cni.KubeRouter },
];

function assertSameProof(input: IntentInput, what: string): IntentReport {
  const fast = verifyIntent(input);
  assert.deepEqual(withoutEngine(fast), withoutEngine(verifyIntentPairwise(input)), what);
  return fast;
}

/** Both proofs on one generated declaration: as planned, a policy removed, an allow-all added, a live export. */
function agreeOn(seed: number, dataplane?: Dataplane) {
  const random = prng(1000 + seed);
  const spec = randomSpec(random);
  if (dataplane) {
    // Every dataplane here needs the cluster ranges, and Cilium's nodes mode the API server's.
    spec.operator = { ...spec.operator, clusterCidrs: ["10.42.0.0/16"], isolate: true };
    spec.operator.apiServer = { cidrs: ["192.168.1.10/32"], ports: [6443] };
    spec.dataplane = dataplane;
  }
  const plan = planZeroTrust(spec);
  const { objects, externalIps } = representativeWorkloads(plan);
  const input = (edited: K8sObject[]): IntentInput => ({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "plan", objects: edited }],
    externalIps,
    dataplane: plan.spec.dataplane.semantics,
  });
  const planned = assertSameProof(input(objects), "as planned");
  assert.deepEqual(planned.differences, [], "the planned policies hold");

  const victim = pick(random, objects.filter(isPolicy));
  const removed = assertSameProof(
    input(objects.filter((o) => o !== victim)),
    `without ${victim.metadata!.namespace}/${victim.metadata!.name}`,
  );
  const namespace = pick(random, plan.managedNamespaces);
  const opened = assertSameProof(input([...objects, allowAll(random, namespace, true)]), "allow-all added");
  assert.ok(opened.differences.length > 0, "an allow-all in a managed namespace opens undeclared paths");
  const hostIps = dataplane ? externalIps.filter((ip) => ip.includes(".")).slice(0, 2) : [];
  assertSameProof(input(liveExport(random, objects, externalIps, hostIps)), "live export with drift");
  // Removing a policy the plan needs must show; the default-deny of a namespace nobody talks to may not.
  if (/allow-|dns-/.test(victim.metadata!.name!)) assert.ok(removed.differences.length > 0);
}

describe("matrix proof vs pairwise proof (property)", () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`agrees on generated declaration #${seed}, as planned and altered`, () => agreeOn(seed));
  }
  DATAPLANES.forEach((dataplane, i) => {
    const name = [dataplane.cni, dataplane.version, dataplane.ciliumPolicyCidrMatchMode]
      .filter(Boolean)
      .join(" ");
    it(`agrees on generated declaration #${13 + i} on ${name}, as planned and altered`, () =>
      agreeOn(13 + i, dataplane));
  });
});
