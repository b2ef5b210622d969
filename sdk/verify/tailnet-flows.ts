import type { ProofContext } from "../features/feature";
import type { TailnetFlow } from "../kernel/proof";
import type { Plan } from "../pipeline/plan";
import { FEATURES } from "../pipeline/registry";
import type { PodInfo } from "../reach/model/model";
import type { ReachabilityEngine } from "../reach/netpol/engine";
import { TailnetPolicyEvaluator } from "../tailnet/evaluator";

export type { TailnetFlow } from "../kernel/proof";

/** The first pod of a namespace with the labels, looked up in that namespace only (one per exposure). */
function podFinder(engine: ReachabilityEngine) {
  const byNamespace = new Map<string, PodInfo[]>();
  for (const p of engine.cluster.pods) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  return (namespace: string, labels: { [k: string]: string }) =>
    byNamespace.get(namespace)?.find((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
}

/** The two engines, as the features ask them: the representative pods by labels, the plan's policy. */
export function proofContext(plan: Plan, engine: ReachabilityEngine): ProofContext {
  let evaluator: TailnetPolicyEvaluator | undefined;
  const findPod = podFinder(engine);
  const policy = () => {
    evaluator ??= new TailnetPolicyEvaluator(plan.tailnet.policy);
    return evaluator;
  };
  return {
    plan,
    cluster(from, to, port, protocol) {
      const src = findPod(from.namespace, from.podLabels);
      const dst = "ip" in to ? undefined : findPod(to.namespace, to.podLabels);
      if (!src || (!("ip" in to) && !dst)) return { allowed: false, reason: "no representative pods" };
      const verdict = engine.check({
        from: { pod: src.key },
        to: "ip" in to ? { ip: to.ip } : { pod: dst!.key },
        port,
        protocol,
      });
      return { allowed: verdict.allowed, reason: verdict.reason };
    },
    tailnet: (query) => policy().check(query),
    capability: (src, dst, name) => policy().capability(src, dst, name),
  };
}

/** Every tailnet path of the plan, feature by feature, each in declaration order. */
export function tailnetFlows(plan: Plan, engine: ReachabilityEngine): TailnetFlow[] {
  const ctx = proofContext(plan, engine);
  return FEATURES.flatMap((f) => f.tailnetPaths?.(plan.spec.features[f.id], ctx) ?? []);
}
