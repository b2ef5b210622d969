import type { PlannedFlow } from "../kernel/flows";
import { defaultDenyPolicy } from "../kernel/policies";
import { slug } from "../kernel/rules";
import type { Plan } from "../pipeline/plan";
import { FEATURES } from "../pipeline/registry";
import { formatIp, parseCidr } from "../reach/model/cidr";
import type { K8sObject } from "../reach/model/model";
import { dataplaneObjects } from "./representative";

/**
 * Representative workloads for checking a plan before any cluster exists: one pod per pod
 * selector the flows name, the operator, one unlabelled pod per managed namespace (every other
 * workload there), a stranger in an unmanaged namespace, and one address per declared network plus
 * the internet. If the policies hold for these, they hold for every pod the selectors describe.
 */

import { sampleAddress } from "../kernel/cidr";

export { sampleAddress };

/** The unmanaged namespace the stranger pod lives in. */
export const OUTSIDE_NAMESPACE = "zt-outside";
/** Labels of the operator's own pod (chart templates/deployment.yaml). */
const OPERATOR_LABELS = { app: "operator" };
const INTERNET_SAMPLES = ["203.0.113.7", "2001:db8:ffff::7"];

/**
 * Allocates pod IPs inside the cluster's first IPv4 pod CIDR, so internet rules that except it
 * behave as live, and never an address sampled for a declared network: that one stands for an
 * outside host, which a pod holding it would hide.
 */
function ipAllocator(clusterCidrs: readonly string[], taken: ReadonlySet<string>) {
  const range =
    clusterCidrs.map((c) => parseCidr(c)).find((c) => c?.family === 4) ?? parseCidr("10.244.0.0/16")!;
  let next = range.first + 10n;
  return () => {
    let ip = formatIp({ family: 4, value: next++ });
    while (taken.has(ip)) ip = formatIp({ family: 4, value: next++ });
    return ip;
  };
}

/** Two endpoints naming the same pods: one namespace, the same labels (no namespace-label selector). */
function sameEndpoint(a: PlannedFlow["from"], b: PlannedFlow["to"]): boolean {
  const labels = (l: { [k: string]: string } | undefined) => JSON.stringify(Object.entries(l ?? {}).sort());
  return (
    a.namespace === b.namespace &&
    a.cidr === undefined &&
    b.cidr === undefined &&
    labels(a.podLabels) === labels(b.podLabels)
  );
}

export interface RepresentativeCluster {
  objects: K8sObject[];
  /** External addresses worth checking (declared networks, the internet). */
  externalIps: string[];
}

export function representativeWorkloads(plan: Plan): RepresentativeCluster {
  const op = plan.spec.operator;
  const pods = new Map<string, { namespace: string; labels: { [k: string]: string }; replicas: number }>();
  const addPod = (namespace: string, labels: { [k: string]: string }, replicas = 1) => {
    const key = `${namespace}/${JSON.stringify(Object.entries(labels).sort())}`;
    const pod = pods.get(key);
    if (!pod) pods.set(key, { namespace, labels, replicas });
    else pod.replicas = Math.max(pod.replicas, replicas);
  };
  const externals = new Set<string>(INTERNET_SAMPLES);
  const visit = (ep: PlannedFlow["from"]) => {
    if (ep.namespace !== undefined) addPod(ep.namespace, ep.podLabels ?? {});
    else if (ep.cidr !== undefined) {
      const ip = sampleAddress(ep.cidr, ep.except);
      if (ip) externals.add(ip);
    }
  };
  for (const flow of plan.flows) {
    visit(flow.from);
    visit(flow.to);
    // A flow among the pods of one selector (a ProxyGroup's drain check, a database ring) needs two
    // of them: a pod's connection to itself is never cut, so one pod would leave the flow unproven.
    if (flow.from.namespace !== undefined && sameEndpoint(flow.from, flow.to))
      addPod(flow.from.namespace, flow.from.podLabels ?? {}, 2);
  }
  for (const ns of plan.managedNamespaces) addPod(ns, {});
  // The pods each feature makes the operator create (proxies...), whether or not a flow names them.
  for (const f of FEATURES) {
    for (const pod of f.workloads?.(plan.spec.features[f.id], plan.spec) ?? [])
      addPod(pod.namespace, pod.labels);
  }
  addPod(op.namespace, OPERATOR_LABELS);
  addPod(OUTSIDE_NAMESPACE, {});

  const allocate = ipAllocator(op.clusterCidrs, externals);
  const namespaces = new Set([...pods.values()].map((p) => p.namespace));
  const used = new Set<string>();
  const objects: K8sObject[] = [...namespaces].sort().map((name) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  }));
  for (const { namespace, labels, replicas } of pods.values()) {
    const base = slug(Object.values(labels).join("-") || "any-pod", 50);
    for (let r = 0; r < replicas; r++) {
      let name = base;
      for (let i = 2; used.has(`${namespace}/${name}`); i++) name = `${base}-${i}`;
      used.add(`${namespace}/${name}`);
      objects.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace, labels: { ...labels } },
        status: { podIP: allocate() },
      });
    }
  }
  for (const r of plan.resources)
    if (r.kind === "NetworkPolicy" || r.kind === "CustomResource")
      objects.push(r.object as unknown as K8sObject);
  // An observing namespace is proven as it will be once enforced.
  for (const ns of plan.observing) objects.push(defaultDenyPolicy(ns) as unknown as K8sObject);
  const apiServer = op.apiServerCidrs.map((c) => sampleAddress(c)).filter((ip) => ip !== undefined);
  objects.push(...dataplaneObjects(plan.spec, apiServer));
  return { objects, externalIps: [...externals] };
}
