import type { NormalizedEgress } from "../features/egress/normalize";
import { egressProxyLabels, PROXY_GROUP_PORTS } from "../features/egress/plan";
import { sourceTags } from "../features/egress/tailnet";
import { ExposeVia } from "../features/exposure/args";
import type { NormalizedExposure } from "../features/exposure/normalize";
import { clientPorts } from "../features/exposure/tailnet";
import { describeEndpoint } from "../kernel/flows";
import type { Labels } from "../kernel/kube";
import { onPort, pathText } from "../kernel/proof";
import { proxyPodLabels } from "../kernel/proxies";
import { flowLines, type Plan } from "../pipeline/plan";
import type { PodInfo } from "../reach/model/model";
import type { ReachabilityEngine } from "../reach/netpol/engine";
import type { TailnetPolicy } from "../tailnet/policy";
import type { PlanProof } from "../verify/plan-check";
import { OUTSIDE_NAMESPACE } from "../verify/workloads";
import { claimsOf, type TailnetClaims } from "./collisions";

/**
 * What the cross-cluster proof needs from one cluster, as plain JSON: its tailnet claims and
 * fragment, and for each exposure and egress the verdicts of the NetworkPolicy engine on its own
 * cluster (the proxy reaching the backend, the clients reaching the egress proxy, and neighbours
 * refused at both). A stack exports it (`fleetExport`), a tailnet stack proves links from it.
 */

/** One connection the cluster's NetworkPolicy engine judged. */
export interface Hop {
  /** `apps/web-1 -> tailscale/proxy-orders TCP/443` (`pathText`) */
  what: string;
  allowed: boolean;
  reason: string;
}

export interface ExportedExposure {
  namespace: string;
  service: string;
  hostname: string;
  tags: string[];
  /** `shop/app=orders` */
  backend: string;
  /** Per port tailnet clients dial: the proxy reaching the backend, and neighbours that must not. */
  ports: { port: number; protocol: "TCP" | "UDP"; targetPort: number; proxy: Hop; neighbours: Hop[] }[];
}

export interface ExportedEgress {
  name: string;
  namespace: string;
  /** The target's device name (the first label of `tailnetFqdn`), lowercased; "" for an IP. */
  device: string;
  /** The proxy's own tags: the grant's source. */
  tags: string[];
  ports: { port: number; protocol: "TCP" | "UDP" }[];
  /** Each client and its hop to the proxy, per port (in `ports` order). */
  clients: { text: string; hops: Hop[] }[];
  /** Pods that are not clients, trying the proxy on each port: all must be refused. */
  neighbours: Hop[];
}

export interface ClusterExport {
  version: 1;
  cluster: string;
  claims: TailnetClaims;
  fragment: TailnetPolicy;
  exposures: ExportedExposure[];
  egress: ExportedEgress[];
  flows: string[];
}

const matches = (pod: PodInfo, labels: Labels) =>
  Object.entries(labels).every(([k, v]) => pod.labels[k] === v);

/** Asks the engine one pod-to-pod question, described. */
function hop(
  engine: ReachabilityEngine,
  from: PodInfo | undefined,
  to: PodInfo | undefined,
  port: number,
  protocol: "TCP" | "UDP",
): Hop {
  const what = pathText([{ at: from?.key ?? "?" }, { at: to?.key ?? "?", ports: onPort(protocol, port) }]);
  if (!from || !to) return { what, allowed: false, reason: "no representative pod" };
  const v = engine.check({ from: { pod: from.key }, to: { pod: to.key }, port, protocol });
  return { what, allowed: v.allowed, reason: v.reason };
}

/** The plain-data export of a proven cluster plan. */
export function clusterExport(cluster: string, plan: Plan, proof: PlanProof): ClusterExport {
  const engine = proof.report.engine;
  const pods = engine.cluster.pods;
  const find = (namespace: string, labels: Labels) =>
    pods.find((p) => p.namespace === namespace && matches(p, labels));
  const stranger = pods.find((p) => p.namespace === OUTSIDE_NAMESPACE);
  const exposures = (plan.spec.features.exposure ?? []) as NormalizedExposure[];
  const egress = (plan.spec.features.egress ?? []) as NormalizedEgress[];
  return {
    version: 1,
    cluster,
    claims: claimsOf(plan.spec),
    fragment: plan.tailnet.fragment,
    exposures: exposures.map((e) => {
      const proxyLabels = proxyPodLabels(e);
      const proxy = find(plan.operatorNamespace, proxyLabels);
      const backend = find(e.namespace, e.podLabels);
      // Another pod beside the proxy (the operator), and a pod of a namespace nobody manages.
      const beside = pods.find((p) => p.namespace === plan.operatorNamespace && !matches(p, proxyLabels));
      return {
        namespace: e.namespace,
        service: e.service,
        hostname: e.hostname.toLowerCase(),
        tags: e.tags,
        backend: describeEndpoint({ namespace: e.namespace, podLabels: e.podLabels }),
        ports: clientPorts(e).map((client, i) => {
          const served = e.via === ExposeVia.Ingress ? e.ports[0] : e.ports[i];
          const protocol = served.protocol === "UDP" ? "UDP" : "TCP";
          return {
            ...client,
            targetPort: served.targetPort,
            proxy: hop(engine, proxy, backend, served.targetPort, protocol),
            neighbours: [beside, stranger]
              .filter((p) => p !== undefined)
              .map((n) => hop(engine, n, backend, served.targetPort, protocol)),
          };
        }),
      };
    }),
    egress: egress.map((e) => {
      const proxy = find(plan.operatorNamespace, egressProxyLabels(e));
      const portOf = (p: { port: number }) => (e.proxyGroup === undefined ? p.port : PROXY_GROUP_PORTS.first);
      const isClient = (p: PodInfo) =>
        e.from.some((c) => c.namespace === p.namespace && matches(p, c.podLabels));
      // A pod of a client namespace that is no client, and a pod of a namespace nobody manages.
      const neighbours = [
        pods.find((p) => e.from.some((c) => c.namespace === p.namespace) && !isClient(p)),
        stranger,
      ].filter((p): p is PodInfo => p !== undefined);
      return {
        name: e.name,
        namespace: e.namespace,
        device: e.tailnetFqdn !== undefined ? e.tailnetFqdn.split(".")[0].toLowerCase() : "",
        tags: sourceTags(e, plan.spec),
        ports: e.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
        clients: e.from.map((c) => ({
          text: describeEndpoint(c),
          hops: e.ports.map((p) => hop(engine, find(c.namespace, c.podLabels), proxy, portOf(p), p.protocol)),
        })),
        neighbours: neighbours.flatMap((n) =>
          e.ports.map((p) => hop(engine, n, proxy, portOf(p), p.protocol)),
        ),
      };
    }),
    flows: flowLines(plan),
  };
}
