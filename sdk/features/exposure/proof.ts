import { describeEndpoint } from "../../kernel/flows";
import { onPort, type TailnetFlow, tailnetPath } from "../../kernel/proof";
import { proxyPodLabels } from "../../kernel/proxies";
import type { TailnetIdentity } from "../../tailnet/evaluator";
import { identityForSource } from "../../tailnet/identity";
import type { ProofContext } from "../feature";
import { ExposeVia } from "./args";
import type { NormalizedExposure } from "./normalize";
import { clientPorts, tailscaleService } from "./tailnet";

const FUNNEL_SOURCE = "internet (funnel)";

/**
 * End-to-end paths from the tailnet to one exposure's backend pods: a source reaches a backend only
 * if a grant admits it to the Service's proxy tag and port AND the cluster's policies let that
 * proxy reach the backend's targetPort.
 */
export function exposurePaths(ctx: ProofContext, e: NormalizedExposure, index: number): TailnetFlow[] {
  const proxy = { namespace: ctx.plan.operatorNamespace, podLabels: proxyPodLabels(e) };
  const backend = { namespace: e.namespace, podLabels: e.podLabels };
  const backendText = describeEndpoint(backend);
  const sources = [...e.access.map((s, j) => ({ source: s, path: `expose[${index}].access[${j}]` }))];
  if (e.funnel) sources.push({ source: FUNNEL_SOURCE, path: `expose[${index}].funnel` });
  const svc = tailscaleService(e);
  const dst: TailnetIdentity =
    svc !== undefined ? { kind: "service", name: svc, tags: e.tags } : { kind: "tagged", tags: e.tags };
  return clientPorts(e).flatMap((client, i) => {
    const servicePort = e.via === ExposeVia.Ingress ? e.ports[0] : e.ports[i];
    const cluster = ctx.cluster(
      proxy,
      backend,
      servicePort.targetPort,
      servicePort.protocol as "TCP" | "UDP",
    );
    return sources.map(({ source, path }) => {
      const hops = [
        { at: source },
        { at: svc ?? e.hostname, ports: onPort(client.protocol, client.port) },
        { at: backendText, ports: onPort(servicePort.protocol, servicePort.targetPort) },
      ];
      const tailnet =
        source === FUNNEL_SOURCE
          ? { allowed: true, explanation: "" }
          : ctx.tailnet({
              src: identityForSource(source),
              dst,
              port: client.port,
              proto: client.protocol.toLowerCase(),
            });
      return tailnetPath(path, source, hops, [
        tailnet.allowed ? "" : `the tailnet policy refuses it: ${tailnet.explanation}`,
        cluster.allowed ? "" : `the cluster refuses the proxy: ${cluster.reason}`,
      ]);
    });
  });
}
