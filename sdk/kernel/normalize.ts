import { parseCidr } from "../reach/model/cidr";
import { normalizeDataplane } from "./dataplane/normalize";
import type { NormalizedDataplane } from "./dataplane/profiles";
import {
  ANY_IPV4,
  ANY_IPV6,
  DEFAULT_API_SERVER_PORTS,
  DEFAULT_CHART_VERSION,
  DEFAULT_DNS_NAMESPACE,
  DEFAULT_DNS_POD_LABELS,
  DEFAULT_OPERATOR_HOSTNAME,
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_OPERATOR_TAGS,
  DEFAULT_PROXY_TAGS,
} from "./defaults";
import type { Labels } from "./kube";
import { expandEndpoint } from "./namespace-selectors";

import type { CoreSpec, FlowEndpoint, FlowPort } from "./types";

/** A flow port with its defaults applied; no `port` = every port of the protocol. An empty list = everything. */
export interface Port {
  protocol: string;
  port?: number;
  endPort?: number;
}

/** A flow endpoint with its defaults applied: a workload (namespace + pod labels, {} = all pods) or an external network. */
export interface NormalizedEndpoint {
  namespace?: string;
  podLabels?: Labels;
  /**
   * Pods carrying any of these labels are not part of the workload (a `NotIn` expression per key):
   * the operator namespace's egress leaves out the pods that need none of it (the nameserver).
   */
  exceptPodLabels?: Labels;
  cidr?: string;
  except?: string[];
}

/** @deprecated Renamed {@link NormalizedEndpoint} (reach's query endpoint is another type); this alias goes at 1.0. */
export type Endpoint = NormalizedEndpoint;

/** The core's part of the declaration with every default applied. */
export interface NormalizedCore {
  operator: {
    install: boolean;
    namespace: string;
    chartVersion: string;
    hostname: string;
    operatorTags: string[];
    proxyTags: string[];
    apiServerCidrs: string[];
    /** True when no API server CIDRs were given, so any address is allowed on the API server ports. */
    apiServerDefaulted: boolean;
    apiServerPorts: number[];
    clusterCidrs: string[];
    isolate: boolean;
    helmValues: { [key: string]: any };
  };
  dns: { namespace: string; podLabels: Labels };
  namespaces: { name: string; create: boolean; labels: Labels; allowDns: boolean; enforce: boolean }[];
  /** The declared flows, each `namespaceLabels` side expanded to one flow per selected namespace. */
  flows: {
    name: string;
    from: NormalizedEndpoint;
    to: NormalizedEndpoint;
    ports: Port[];
    selectedBy?: string;
  }[];
  tailnet: {
    manage: boolean;
    basePolicy?: string;
    createOAuthClient: boolean;
    allowFunnel: string[];
    includeTests: boolean;
    domain?: string;
  };
  dataplane: NormalizedDataplane;
}

/**
 * The declaration with every default applied: what the planner works from. `features` holds each
 * feature's normalized args under its id (see `features/feature.ts`).
 */
export interface NormalizedSpec extends NormalizedCore {
  features: { [id: string]: unknown };
}

/** Ports with defaults, in a canonical order (protocol, then number): reordering them changes nothing. */
export const normalizePorts = (ports: FlowPort[] | undefined): Port[] =>
  (ports ?? [])
    .map((p) => ({
      protocol: p.protocol ?? "TCP",
      port: p.port,
      ...(p.endPort !== undefined && p.endPort !== p.port ? { endPort: p.endPort } : {}),
    }))
    .sort((a, b) => (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : a.port - b.port));

/** The canonical text of a CIDR (`2001:DB8:0::/32` -> `2001:db8::/32`), as the API server would store it. */
export const canonical = (cidr: string) => parseCidr(cidr)?.text ?? cidr;

const normalizeEndpoint = (ep: FlowEndpoint): NormalizedEndpoint =>
  ep.cidr !== undefined
    ? { cidr: canonical(ep.cidr), ...(ep.except?.length ? { except: ep.except.map(canonical) } : {}) }
    : { namespace: ep.namespace, podLabels: { ...(ep.podLabels ?? {}) } };

/** The kernel's fields with every default applied (the features' are `normalizeSpec`'s, in the pipeline). */
export function normalizeCore(spec: CoreSpec): NormalizedCore {
  const op = spec.operator ?? {};
  const proxyTags = op.proxyTags ?? DEFAULT_PROXY_TAGS;
  const apiServerCidrs = op.apiServer?.cidrs ?? [];
  return {
    operator: {
      install: op.install ?? true,
      namespace: op.namespace ?? DEFAULT_OPERATOR_NAMESPACE,
      chartVersion: op.chartVersion ?? DEFAULT_CHART_VERSION,
      hostname: op.hostname ?? DEFAULT_OPERATOR_HOSTNAME,
      operatorTags: [...(op.operatorTags ?? DEFAULT_OPERATOR_TAGS)],
      proxyTags: [...proxyTags],
      apiServerCidrs: apiServerCidrs.length ? apiServerCidrs.map(canonical) : [ANY_IPV4, ANY_IPV6],
      apiServerDefaulted: apiServerCidrs.length === 0,
      apiServerPorts: [...(op.apiServer?.ports ?? DEFAULT_API_SERVER_PORTS)],
      clusterCidrs: (op.clusterCidrs ?? []).map(canonical),
      isolate: op.isolate ?? true,
      helmValues: op.helmValues ?? {},
    },
    dns: {
      namespace: spec.clusterDns?.namespace ?? DEFAULT_DNS_NAMESPACE,
      podLabels: { ...(spec.clusterDns?.podLabels ?? DEFAULT_DNS_POD_LABELS) },
    },
    namespaces: Object.entries(spec.namespaces ?? {})
      .map(([name, ns]) => ({
        name,
        create: ns?.create ?? true,
        labels: { ...(ns?.labels ?? {}) },
        allowDns: ns?.allowDns ?? true,
        enforce: ns?.enforce ?? true,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    flows: (spec.allow ?? []).flatMap((f) =>
      expandEndpoint(spec, f.from).flatMap((from) =>
        expandEndpoint(spec, f.to).map((to) => {
          const selectedBy = [
            from.selectedBy && `from ${from.selectedBy}`,
            to.selectedBy && `to ${to.selectedBy}`,
          ]
            .filter(Boolean)
            .join(", ");
          return {
            name: f.name,
            from: normalizeEndpoint(from.endpoint),
            to: normalizeEndpoint(to.endpoint),
            ports: normalizePorts(f.ports),
            ...(selectedBy ? { selectedBy } : {}),
          };
        }),
      ),
    ),
    tailnet: {
      manage: spec.tailnet?.manage ?? false,
      ...(spec.tailnet?.basePolicy !== undefined ? { basePolicy: spec.tailnet.basePolicy } : {}),
      createOAuthClient: spec.tailnet?.createOAuthClient ?? false,
      allowFunnel: [...(spec.tailnet?.allowFunnel ?? [])],
      includeTests: spec.tailnet?.includeTests ?? true,
      ...(spec.tailnet?.domain !== undefined ? { domain: spec.tailnet.domain } : {}),
    },
    dataplane: normalizeDataplane(spec.dataplane),
  };
}
