import { hostCidr } from "./dataplane/normalize";
import { STUN_PORT } from "./defaults";
import type { Labels } from "./kube";
import type { NormalizedEndpoint, NormalizedSpec, Port } from "./normalize";

/**
 * Why a flow exists: `declared` by the user, one of the core's defaults (`dns`, `operator`), or a
 * feature's (`proxy` for exposures, `egress`...): the first word of its `flows` line.
 */
export type FlowKind = string;

/**
 * One allowed flow. Every NetworkPolicy the component writes is derived from this list (the
 * egress rule on the source side, the ingress rule on the destination side, each where the
 * namespace is managed), so the `flows` output and the policies cannot disagree.
 */
export interface PlannedFlow {
  kind: FlowKind;
  /** Base of the NetworkPolicy names: `<policyName>-egress` and `<policyName>-ingress`. */
  policyName: string;
  /** The flow's own name (for declared flows, the user's). */
  name: string;
  from: NormalizedEndpoint;
  to: NormalizedEndpoint;
  /** Empty = every port and protocol. */
  ports: Port[];
  /** For a declared flow with a `namespaceLabels` side: which selector chose its namespaces. */
  selectedBy?: string;
  /** Short names for the endpoints where labels would be unreadable (the operator's proxies). */
  fromDisplay?: string;
  toDisplay?: string;
}

/** Code-unit order: unlike localeCompare, the same on every machine and locale. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Declared flows first, the features' next, the core's defaults last. */
const kindRank = (kind: FlowKind) =>
  kind === "declared" ? 0 : kind === "dns" ? 2 : kind === "operator" ? 3 : 1;

const describeLabels = (labels: Labels | undefined, except: Labels | undefined) => {
  const terms = (l: Labels | undefined, op: string) =>
    Object.keys(l ?? {})
      .sort()
      .map((k) => `${k}${op}${l![k]}`);
  const all = [...terms(labels, "="), ...terms(except, "!=")];
  return all.length ? all.join(",") : "*";
};

/**
 * `apps/app=backend`, `apps/*` (every pod), `tailscale/app!=nameserver` (every pod but those; the
 * kubectl selector syntax), `10.0.0.0/8`, `0.0.0.0/0 except 10.0.0.0/8`.
 */
export function describeEndpoint(ep: NormalizedEndpoint): string {
  if (ep.cidr !== undefined) return ep.except?.length ? `${ep.cidr} except ${ep.except.join(",")}` : ep.cidr;
  return `${ep.namespace}/${describeLabels(ep.podLabels, ep.exceptPodLabels)}`;
}

/** Every pod of the operator namespace but those that need none of its egress (`quiet`). */
const operatorPods = (namespace: string, quiet: Labels): NormalizedEndpoint => ({
  namespace,
  podLabels: {},
  ...(Object.keys(quiet).length ? { exceptPodLabels: { ...quiet } } : {}),
});

/** `TCP/8080`, `TCP/8000-8010`, `UDP/*`; an empty list is `any port`. */
export function describePorts(ports: Port[]): string {
  if (ports.length === 0) return "any port";
  return ports
    .map((p) => `${p.protocol}/${p.port ?? "*"}${p.endPort !== undefined ? `-${p.endPort}` : ""}`)
    .join(",");
}

/** One line per flow, e.g. `declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080`. */
export function describeFlow(flow: PlannedFlow): string {
  const from = flow.fromDisplay ?? describeEndpoint(flow.from);
  const to = flow.toDisplay ?? describeEndpoint(flow.to);
  const selected = flow.selectedBy ? ` (${flow.selectedBy})` : "";
  return `${flow.kind} ${flow.name}: ${from} -> ${to} on ${describePorts(flow.ports)}${selected}`;
}

/** Flows in a stable order (kind, then text), so that preview diffs show real changes only. */
export function sortFlows(flows: PlannedFlow[]): PlannedFlow[] {
  return [...flows].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || compareText(describeFlow(a), describeFlow(b)),
  );
}

/** The operator's and proxies' egress: API server, Tailscale's servers and WireGuard peers. */
function operatorFlows(spec: NormalizedSpec, from: NormalizedEndpoint): PlannedFlow[] {
  const op = spec.operator;
  const internet = ["0.0.0.0/0", "::/0"].map((cidr) => {
    const family = cidr.includes(":") ? ":" : ".";
    const except = op.clusterCidrs.filter((c) => c.includes(family) && !c.endsWith("/0"));
    return { cidr, ...(except.length ? { except } : {}) };
  });
  const apiPorts = op.apiServerPorts.map((port) => ({ protocol: "TCP", port }));
  const internetPorts: Port[] = [
    { protocol: "TCP", port: 443 },
    { protocol: "UDP", port: STUN_PORT },
    { protocol: "UDP" },
  ];
  return [
    ...op.apiServerCidrs.map((cidr) => ({
      kind: "operator" as const,
      policyName: "operator-apiserver",
      name: "apiserver",
      from,
      to: { cidr },
      ports: apiPorts,
    })),
    ...internet.map((to) => ({
      kind: "operator" as const,
      policyName: "operator-internet",
      name: "tailscale",
      from,
      to,
      ports: internetPorts,
    })),
  ];
}

/**
 * The flows a dataplane adds to the defaults, derived from them so that their opt-outs carry over:
 * DNS to a node-local cache (its link-local address, and its pods where a Cilium local redirect
 * policy sends queries), and the API server by the `kubernetes` Service address where egress is
 * judged before DNAT (EKS). Each joins the policy of the flow it extends.
 */
function dataplaneFlows(flows: readonly PlannedFlow[], spec: NormalizedSpec): PlannedFlow[] {
  const dp = spec.dataplane;
  const local = dp.nodeLocalDns;
  const out: PlannedFlow[] = [];
  for (const flow of flows) {
    if (flow.kind === "dns" && local) {
      out.push({ ...flow, to: { namespace: spec.dns.namespace, podLabels: { ...local.podLabels } } });
      out.push({ ...flow, to: { cidr: hostCidr(local.address) } });
    }
  }
  const apiServer = flows.find((f) => f.kind === "operator" && f.policyName === "operator-apiserver");
  if (apiServer && dp.kubernetesServiceIp !== undefined) {
    const https: Port[] = [{ protocol: "TCP", port: 443 }];
    out.push({ ...apiServer, to: { cidr: hostCidr(dp.kubernetesServiceIp) }, ports: https });
  }
  return out;
}

/**
 * Every flow the declaration allows: the declared ones, the features' (`featureFlows`) and the
 * defaults. `quiet`: labels of operator-namespace pods that need none of the namespace's egress
 * (DNS, the API server, the internet), which its egress policies then leave out (a `NotIn` each).
 */
export function planFlows(
  spec: NormalizedSpec,
  featureFlows: readonly PlannedFlow[] = [],
  quiet: Labels = {},
): PlannedFlow[] {
  const dnsTarget: NormalizedEndpoint = { namespace: spec.dns.namespace, podLabels: spec.dns.podLabels };
  const dnsPorts: Port[] = [
    { protocol: "UDP", port: 53 },
    { protocol: "TCP", port: 53 },
  ];
  const dnsFlow = (from: NormalizedEndpoint): PlannedFlow => ({
    kind: "dns",
    policyName: "dns",
    name: "dns",
    from,
    to: dnsTarget,
    ports: dnsPorts,
  });
  const flows: PlannedFlow[] = spec.flows.map((f) => ({
    kind: "declared",
    policyName: `allow-${f.name}`,
    name: f.name,
    from: f.from,
    to: f.to,
    ports: f.ports,
    ...(f.selectedBy ? { selectedBy: f.selectedBy } : {}),
  }));
  flows.push(...featureFlows);
  for (const ns of spec.namespaces)
    if (ns.allowDns) flows.push(dnsFlow({ namespace: ns.name, podLabels: {} }));
  if (spec.operator.isolate) {
    const from = operatorPods(spec.operator.namespace, quiet);
    flows.push(dnsFlow(from), ...operatorFlows(spec, from));
  }
  return sortFlows([...flows, ...dataplaneFlows(flows, spec)]);
}
