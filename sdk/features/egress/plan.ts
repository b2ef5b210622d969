import { ANNOTATIONS, MANAGED_BY_LABEL, OPERATOR_POD_LABELS, PROXY_LOCAL_PORT } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import type { Labels, Service } from "../../kernel/kube";
import type { NormalizedSpec, Port } from "../../kernel/normalize";
import { proxyGroupPodLabels, singleProxyLabels } from "../../kernel/proxies";
import { drainFlow, healthPolicyName } from "../proxy-groups/objects";
import type { NormalizedEgress } from "./normalize";

/**
 * The operator rewrites `spec.externalName` to its proxy's headless Service (svc.go 311-317); any
 * value will do until then. The component ignores later changes to it.
 */
export const PLACEHOLDER_EXTERNAL_NAME = "placeholder";

/** Container ports an egress ProxyGroup picks for a Service's ports (egress-services.go 55-61). */
export const PROXY_GROUP_PORTS = { first: 10000, last: 10999 };
/** The pods that carry this egress's traffic: its own proxy, or its ProxyGroup's. */
export const egressProxyLabels = (e: NormalizedEgress): Labels =>
  e.proxyGroup !== undefined
    ? proxyGroupPodLabels(e.proxyGroup)
    : singleProxyLabels(e.namespace, e.name, "svc");

/** The ports clients open to the proxy pods: the Service ports, or a ProxyGroup's port range. */
export function proxyPorts(e: NormalizedEgress): Port[] {
  if (e.proxyGroup === undefined) return e.ports.map((p) => ({ protocol: p.protocol, port: p.port }));
  const protocols = [...new Set(e.ports.map((p) => p.protocol))].sort();
  return protocols.map((protocol) => ({
    protocol,
    port: PROXY_GROUP_PORTS.first,
    endPort: PROXY_GROUP_PORTS.last,
  }));
}

/** Base of the client -> proxy policy names, one per client (two clients may share a namespace). */
export const egressPolicyName = (e: NormalizedEgress, client: number) =>
  `egress-${e.namespace}-${e.name}${client > 0 ? `-${client + 1}` : ""}`;

/**
 * Both halves of each client -> proxy path, and the operator's health check and the drain check
 * between the pods of an egress ProxyGroup created elsewhere (a group in `proxyGroups` gets them
 * from that feature).
 */
export function egressFlows(own: NormalizedEgress[], spec: NormalizedSpec): PlannedFlow[] {
  const opns = spec.operator.namespace;
  const flows: PlannedFlow[] = own.flatMap((e) =>
    e.from.map((client, j) => ({
      kind: "egress",
      policyName: egressPolicyName(e, j),
      name: e.name,
      from: { namespace: client.namespace, podLabels: client.podLabels },
      to: { namespace: opns, podLabels: egressProxyLabels(e) },
      ports: proxyPorts(e),
      toDisplay:
        e.proxyGroup !== undefined
          ? `${opns}/proxygroup(${e.proxyGroup})`
          : `${opns}/proxy(${e.namespace}/${e.name})`,
    })),
  );
  const external = own.flatMap((e) => (e.proxyGroup !== undefined && !e.groupDeclared ? [e.proxyGroup] : []));
  for (const group of [...new Set(external)].sort()) {
    flows.push({
      kind: "egress",
      policyName: healthPolicyName(group),
      name: `${group}-health`,
      from: { namespace: opns, podLabels: { ...OPERATOR_POD_LABELS } },
      to: { namespace: opns, podLabels: proxyGroupPodLabels(group) },
      ports: [{ protocol: "TCP", port: PROXY_LOCAL_PORT }],
      toDisplay: `${opns}/proxygroup(${group})`,
    });
    flows.push(drainFlow(opns, group));
  }
  return flows;
}

/** The Service the operator turns into an egress proxy: `ExternalName`, annotated with the target. */
export function egressService(e: NormalizedEgress): Service {
  const annotations: { [key: string]: string } = {
    ...(e.tailnetFqdn !== undefined ? { [ANNOTATIONS.tailnetFqdn]: e.tailnetFqdn } : {}),
    ...(e.tailnetIp !== undefined ? { [ANNOTATIONS.tailnetIp]: e.tailnetIp } : {}),
    // No spaces: the operator splits on "," and would send " tag:b" to the API. A ProxyGroup's
    // proxies carry the group's tags, so the annotation would only mislead there.
    ...(e.proxyGroup === undefined ? { [ANNOTATIONS.tags]: e.tags.join(",") } : {}),
    ...(e.proxyGroup !== undefined ? { [ANNOTATIONS.proxyGroup]: e.proxyGroup } : {}),
    ...(e.proxyClass !== undefined ? { [ANNOTATIONS.proxyClass]: e.proxyClass } : {}),
  };
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: e.name, namespace: e.namespace, labels: { ...MANAGED_BY_LABEL }, annotations },
    spec: {
      type: "ExternalName",
      externalName: PLACEHOLDER_EXTERNAL_NAME,
      ports: e.ports.map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
      })),
    },
  };
}
