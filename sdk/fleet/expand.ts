import type { Egress } from "../features/egress/args";
import type { Expose } from "../features/exposure/args";
import { clientPorts } from "../features/exposure/tailnet";
import { DEFAULT_OPERATOR_HOSTNAME, DEFAULT_OPERATOR_TAGS, DEFAULT_PROXY_TAGS } from "../kernel/defaults";
import { perServiceTag } from "../tailnet/selectors";
import type { FleetClusterSpec, FleetSpec, Link } from "./types";

/**
 * A fleet turned into one ZeroTrustCluster declaration per cluster: device names and default tags
 * prefixed with the cluster's name (unique on the tailnet), and each link split into what its two
 * ends need. Pure and shape-preserving: credentials and other opaque values pass through untouched.
 */

/** `<prefix>-<name>`, unless the prefix is empty or the name already carries it. */
export const prefixed = (prefix: string, name: string) =>
  prefix === "" || name.startsWith(`${prefix}-`) ? name : `${prefix}-${name}`;

export const prefixOf = (name: string, cluster: FleetClusterSpec) => cluster.prefix ?? name;

/** The tailnet device name of an exposure in the fleet. */
export const fleetHostname = (prefix: string, e: Pick<Expose, "hostname" | "namespace" | "service">) =>
  prefixed(prefix, e.hostname ?? `${e.namespace}-${e.service}`);

/** The tag a link's egress proxy carries: `tag:k8s-<prefix>-egress-<link>`. */
export const linkEgressTag = (prefix: string, link: Pick<Link, "name">) =>
  perServiceTag(prefixed(prefix, `egress-${link.name}`));

/** The exposure a link points at, by namespace and Service. */
export const findExposure = (cluster: FleetClusterSpec | undefined, to: Link["to"]) =>
  (cluster?.expose ?? []).findIndex((e) => e.namespace === to.namespace && e.service === to.service);

/** The exposure's tag a grant to it names: its first tag that is not the operator's or a default proxy tag. */
export function exposureOwnTag(cluster: FleetClusterSpec, prefix: string, e: Expose): string | undefined {
  if (e.tags === undefined) return perServiceTag(fleetHostname(prefix, e));
  const shared = new Set(
    [
      ...(cluster.operator?.operatorTags ?? DEFAULT_OPERATOR_TAGS),
      ...(cluster.operator?.proxyTags ?? DEFAULT_PROXY_TAGS),
    ].map((t) => t.toLowerCase()),
  );
  return e.tags.find((t) => !shared.has(t.toLowerCase()));
}

/** The link's ports: as given, or every port tailnet clients dial on the exposure. */
export function linkPorts(link: Link, e: Expose): { port: number; protocol: "TCP" | "UDP" }[] {
  if (link.ports) {
    return link.ports.map((p) => ({ port: p.port, protocol: p.protocol === "UDP" ? "UDP" : "TCP" }));
  }
  const via = e.via ?? "annotation";
  return clientPorts({
    via,
    ports: e.ports.map((p) => ({ ...p, protocol: p.protocol ?? "TCP" })),
  } as Parameters<typeof clientPorts>[0]);
}

/**
 * One ZeroTrustCluster declaration per cluster (`kubeconfig` and `prefix` removed). Links must
 * already be valid (known clusters, an exposed destination with a tag of its own, a domain).
 */
export function expandFleet(spec: FleetSpec): { [cluster: string]: FleetClusterSpec } {
  const out: { [cluster: string]: FleetClusterSpec } = {};
  const domain = spec.tailnet?.domain ?? "";
  for (const [name, cluster] of Object.entries(spec.clusters)) {
    const prefix = prefixOf(name, cluster);
    const { kubeconfig: _kubeconfig, prefix: _prefix, ...rest } = cluster;
    const operator = rest.operator ?? {};
    out[name] = {
      ...rest,
      operator: { ...operator, hostname: prefixed(prefix, operator.hostname ?? DEFAULT_OPERATOR_HOSTNAME) },
      expose: (rest.expose ?? []).map((e) => ({
        ...e,
        hostname: fleetHostname(prefix, e),
        ...(e.access ? { access: [...e.access] } : {}),
      })),
      egress: (rest.egress ?? []).map((e) => ({
        ...e,
        tags: e.tags ?? [perServiceTag(prefixed(prefix, `egress-${e.name}`))],
      })),
      tailnet: {
        ...(rest.tailnet?.allowFunnel ? { allowFunnel: rest.tailnet.allowFunnel } : {}),
        manage: false,
        createOAuthClient: spec.tailnet?.createOAuthClient ?? false,
        includeTests: spec.tailnet?.includeTests ?? true,
        ...(spec.tailnet?.domain !== undefined ? { domain: spec.tailnet.domain } : {}),
      },
    };
  }
  for (const link of spec.links ?? []) {
    const source = spec.clusters[link.from.cluster];
    const target = spec.clusters[link.to.cluster];
    const index = findExposure(target, link.to);
    const exposure = target.expose![index];
    const tag = linkEgressTag(prefixOf(link.from.cluster, source), link);
    const destination = out[link.to.cluster].expose![index];
    destination.access = [...new Set([...(destination.access ?? []), tag])];
    const egress: Egress = {
      name: link.name,
      namespace: link.from.namespace,
      tailnetFqdn: `${destination.hostname}.${domain}`,
      grantDst: exposureOwnTag(target, prefixOf(link.to.cluster, target), exposure)!,
      ports: linkPorts(link, exposure),
      from: [
        {
          namespace: link.from.namespace,
          ...(link.from.podLabels ? { podLabels: link.from.podLabels } : {}),
        },
      ],
      tags: [tag],
    };
    out[link.from.cluster].egress!.push(egress);
  }
  return out;
}
