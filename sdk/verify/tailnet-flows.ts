import { describeEndpoint } from "../core/flows";
import type { NormalizedExposure } from "../core/normalize";
import type { Plan } from "../core/plan";
import { proxyPodLabels } from "../core/proxies";
import { clientPorts } from "../core/tailnet";
import { ExposeVia } from "../core/types";
import type { ReachabilityEngine } from "../reach/engine";
import type { PodInfo } from "../reach/model";
import type { Protocol } from "../reach/ports";
import { evaluateAccess } from "../tailnet/evaluator";
import { identityForSource } from "../tailnet/identity";

/**
 * End-to-end paths from the tailnet to the backend pods: a source reaches a backend only if a
 * grant admits it to the Service's proxy tag and port AND the cluster's policies let that proxy
 * reach the backend's targetPort. Both halves are evaluated, by the grants evaluator and by the
 * NetworkPolicy engine.
 */
export interface TailnetFlow {
  /** Where the source was declared, e.g. `expose[0].access[1]`. */
  path: string;
  source: string;
  /** `group:sre -> k8s-grafana:80 -> monitoring/app=grafana:3000` */
  text: string;
  allowed: boolean;
  /** Why not, naming the half that refuses (empty when allowed). */
  reason: string;
}

const FUNNEL_SOURCE = "internet (funnel)";

const findPod = (engine: ReachabilityEngine, namespace: string, labels: { [k: string]: string }) =>
  engine.cluster.pods.find(
    (p: PodInfo) => p.namespace === namespace && Object.entries(labels).every(([k, v]) => p.labels[k] === v),
  );

function exposureFlows(
  plan: Plan,
  engine: ReachabilityEngine,
  e: NormalizedExposure,
  index: number,
): TailnetFlow[] {
  const proxy = findPod(engine, plan.operatorNamespace, proxyPodLabels(e));
  const backend = findPod(engine, e.namespace, e.podLabels);
  const backendText = describeEndpoint({ namespace: e.namespace, podLabels: e.podLabels });
  const sources = [...e.access.map((s, j) => ({ source: s, path: `expose[${index}].access[${j}]` }))];
  if (e.funnel) sources.push({ source: FUNNEL_SOURCE, path: `expose[${index}].funnel` });
  return clientPorts(e).flatMap((client, i) => {
    const servicePort = e.via === ExposeVia.Ingress ? e.ports[0] : e.ports[i];
    const cluster =
      proxy && backend
        ? engine.check({
            from: { pod: proxy.key },
            to: { pod: backend.key },
            port: servicePort.targetPort,
            protocol: servicePort.protocol as Protocol,
          })
        : undefined;
    return sources.map(({ source, path }) => {
      const text = `${source} -> ${e.hostname}:${client.port} -> ${backendText}:${servicePort.targetPort}`;
      const tailnet =
        source === FUNNEL_SOURCE
          ? { allowed: true, explanation: "" }
          : evaluateAccess(plan.tailnet.policy, {
              src: identityForSource(source),
              dst: { kind: "tagged", tags: e.tags },
              port: client.port,
              proto: client.protocol.toLowerCase(),
            });
      const reasons = [
        tailnet.allowed ? "" : `the tailnet policy refuses it: ${tailnet.explanation}`,
        cluster?.allowed
          ? ""
          : `the cluster refuses the proxy: ${cluster?.reason ?? "no representative pods"}`,
      ].filter(Boolean);
      return { path, source, text, allowed: reasons.length === 0, reason: reasons.join("; ") };
    });
  });
}

/** Every tailnet path of the plan, in declaration order. */
export function tailnetFlows(plan: Plan, engine: ReachabilityEngine): TailnetFlow[] {
  return plan.spec.exposures.flatMap((e, i) => exposureFlows(plan, engine, e, i));
}
