import { PROXY_LABELS, PROXY_LOCAL_PORT } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import type { Labels } from "../../kernel/kube";
import type { NormalizedEndpoint, NormalizedSpec } from "../../kernel/normalize";
import { proxyPodLabels } from "../../kernel/proxies";
import { exposure } from "../exposure";
import { ExposeVia } from "../exposure/args";
import { ownOf } from "../feature";

/**
 * The proxies that serve metrics on 9002 when their ProxyClass enables them (v1.102.2): Ingress
 * proxies, every ProxyGroup (proxygroup.go 420-424, any type; the kube-apiserver k8s-proxy too) and
 * Connectors, and single Service proxies of an exposure. Not single EGRESS proxies: metrics are
 * "currently not supported for egress proxies" (sts.go 864-873), and their PREROUTING rule DNATs
 * every port but tailscale0's to the tailnet target (iptables_runner.go 309-312), so a rule to
 * them on 9002 would hand the scraper a path to `<target>:9002`. Ingress and egress single proxies
 * both carry `parent-resource-type=svc`, so Service proxies are named one by one: a Service proxy
 * created elsewhere is not scraped (declare its exposure, or serve it from a ProxyGroup).
 */
interface Target {
  /** Base of the policy names (`proxy-metrics` keeps the name the rule had when it was one). */
  policyName: string;
  name: string;
  podLabels: Labels;
  display: string;
}

const byType = (type: string): Labels => ({
  [PROXY_LABELS.managed]: "true",
  [PROXY_LABELS.parentType]: type,
});

function targets(spec: NormalizedSpec): Target[] {
  const ns = spec.operator.namespace;
  const services = ownOf(exposure, spec)
    .filter((e) => e.proxyGroup === undefined && e.via !== ExposeVia.Ingress)
    .map((e) => ({
      policyName: `proxy-metrics-${e.namespace}-${e.service}`,
      name: `${e.namespace}-${e.service}`,
      podLabels: proxyPodLabels(e),
      display: `${ns}/proxy(${e.namespace}/${e.service})`,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    {
      policyName: "proxy-metrics",
      name: "proxygroups",
      podLabels: byType("proxygroup"),
      display: `${ns}/proxygroups`,
    },
    {
      policyName: "proxy-metrics-ingresses",
      name: "ingresses",
      podLabels: byType("ingress"),
      display: `${ns}/ingress-proxies`,
    },
    {
      policyName: "proxy-metrics-connectors",
      name: "connectors",
      podLabels: byType("connector"),
      display: `${ns}/connectors`,
    },
    ...services,
  ];
}

/** The scraper reaches each kind of proxy that serves metrics on 9002, both halves. */
export function metricsFlows(from: NormalizedEndpoint, spec: NormalizedSpec): PlannedFlow[] {
  return targets(spec).map((t) => ({
    kind: "metrics",
    policyName: t.policyName,
    name: t.name,
    from,
    to: { namespace: spec.operator.namespace, podLabels: t.podLabels },
    ports: [{ protocol: "TCP", port: PROXY_LOCAL_PORT }],
    toDisplay: t.display,
  }));
}
