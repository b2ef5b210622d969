/**
 * The proxy-groups feature's args: highly available sets of operator proxies (`ProxyGroup`
 * resources, `tailscale.com/v1alpha1`, cluster-scoped). Plain, schema-friendly interfaces.
 * Facts (v1.102.2): k8s-operator/apis/v1alpha1/types_proxygroup.go.
 */

/** What a ProxyGroup's proxies do. */
export enum ProxyGroupType {
  /** Serve cluster Services and Ingresses to the tailnet as Tailscale Services (`expose[].proxyGroup`). */
  Ingress = "ingress",
  /** Carry cluster workloads' traffic to tailnet services (`egress[].proxyGroup`). */
  Egress = "egress",
}

/** A ProxyGroup: `replicas` proxy pods in the operator namespace, one tailnet device each. */
export interface ProxyGroup {
  /** What the proxies do; immutable once created. */
  type: ProxyGroupType;
  /**
   * How many proxy pods (and tailnet devices) to run.
   * @default 2
   */
  replicas?: number;
  /**
   * ACL tags of the proxies' devices (owned by the operator's tags in the generated policy);
   * immutable once the devices exist.
   * @default - `tag:k8s-<name>` (the `k8s-` prefix not doubled), a tag of the group's own
   */
  tags?: string[];
  /**
   * A cluster-scoped `ProxyClass` for the proxy pods (e.g. one with `metrics.enable`).
   * @default - the operator's default proxy class
   */
  proxyClass?: string;
  /**
   * Device names are this prefix and the pod's ordinal (`<prefix>-0`, `<prefix>-1`...): lower-case
   * letters, digits and "-", 1-62 characters.
   * @default - the ProxyGroup's name
   */
  hostnamePrefix?: string;
}

/** @deprecated Renamed {@link ProxyGroup} (generated SDKs read `ProxyGroupArgs`); this alias goes at 1.0. */
export type ProxyGroupArgs = ProxyGroup;
