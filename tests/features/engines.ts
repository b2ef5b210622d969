/**
 * Both engines over what the component really created under mocks: the NetworkPolicy engine over
 * the created NetworkPolicies and the pods a test names, and the grants evaluator over the
 * `tailnetPolicy` output. Feature tests ask each whether the intended client gets through and a
 * neighbour does not.
 */
import { ZeroTrustCluster } from "../../sdk";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { buildCluster, type K8sObject, ReachabilityEngine } from "../../sdk/reach";
import { type AccessQuery, TailnetPolicyEvaluator } from "../../sdk/tailnet/evaluator";
import { type CreatedResource, construct, outputValue } from "../harness";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** A pod a test names: `namespace/name`, its labels, optionally its IP. */
export interface TestPod {
  key: string;
  labels?: { [k: string]: string };
  ip?: string;
}

export interface Built {
  created: CreatedResource[];
  /** Whether a pod (`ns/name`) may open a connection to a pod or to an address. */
  reaches(from: string, to: string, port: number, protocol?: "TCP" | "UDP"): boolean;
  /** The grants evaluator's verdict over the created `tailnetPolicy`. */
  tailnet(query: AccessQuery): boolean;
  tailnetPolicy: any;
  tailnetFlows: string[];
  flows: string[];
}

/** Constructs the component under mocks and builds both engines over what it created. */
export async function build(spec: ZeroTrustSpec, pods: TestPod[]): Promise<Built> {
  const { component, created } = await construct((o) => new ZeroTrustCluster("t", spec as any, o));
  const namespaces = new Set(pods.map((p) => p.key.split("/")[0]));
  let n = 0;
  const objects: K8sObject[] = [
    ...[...namespaces].map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })),
    ...pods.map((p) => {
      const [namespace, name] = p.key.split("/");
      return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace, labels: { ...(p.labels ?? {}) } },
        status: { podIP: p.ip ?? `10.42.9.${++n}` },
      };
    }),
    ...created
      .filter((r) => r.type === NETWORK_POLICY)
      .map((r) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", ...r.inputs })),
  ];
  const engine = new ReachabilityEngine(buildCluster(objects, "mock"));
  const tailnetPolicy = JSON.parse(await outputValue(component.tailnetPolicy));
  const evaluator = new TailnetPolicyEvaluator(tailnetPolicy);
  return {
    created,
    reaches: (from, to, port, protocol = "TCP") =>
      engine.check({ from: { pod: from }, to: to.includes("/") ? { pod: to } : { ip: to }, port, protocol })
        .allowed,
    tailnet: (query) => evaluator.check(query).allowed,
    tailnetPolicy,
    tailnetFlows: await outputValue(component.tailnetFlows),
    flows: await outputValue(component.flows),
  };
}
