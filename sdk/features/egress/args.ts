/**
 * The egress feature's args: cluster workloads reaching a device or service on the tailnet through
 * an operator egress proxy, and nothing else reaching it. Plain, schema-friendly interfaces.
 */

/** A port of a tailnet service, as the cluster clients dial it (and the proxy forwards it). */
export interface EgressPort {
  /** The port, on the egress Service and on the tailnet target alike. */
  port: number;
  /**
   * `TCP` or `UDP`.
   * @default "TCP"
   */
  protocol?: string;
  /**
   * The Service port's name.
   * @default - `<protocol>-<port>` in lower case (`tcp-5432`, `udp-53`) when there are several
   * ports, else none
   */
  name?: string;
}

/** @deprecated Renamed {@link EgressPort} (generated SDKs read `EgressPortArgs`); this alias goes at 1.0. */
export type EgressPortArgs = EgressPort;

/** Cluster workloads allowed to use an egress Service. */
export interface EgressClient {
  /**
   * The clients' namespace (managed here or not).
   * @default - the egress Service's namespace
   */
  namespace?: string;
  /**
   * Labels that select the client pods inside `namespace`.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
}

/** @deprecated Renamed {@link EgressClient} (generated SDKs read `EgressClientArgs`); this alias goes at 1.0. */
export type EgressClientArgs = EgressClient;

/**
 * A tailnet device or service made reachable from the cluster as the Service `name.namespace.svc`
 * (an `ExternalName` Service the operator points at its egress proxy). Give exactly one of
 * `tailnetFqdn` and `tailnetIp`.
 */
export interface Egress {
  /** The Service's name, what clients dial (`<name>.<namespace>.svc`). */
  name: string;
  /** The Service's namespace (managed here or not). */
  namespace: string;
  /**
   * The target's MagicDNS name (`db.tail1234.ts.net`): the `tailscale.com/tailnet-fqdn` annotation.
   * Needs `grantDst`: a name is not something a grant can name.
   * @default - none: give `tailnetIp` instead
   */
  tailnetFqdn?: string;
  /**
   * The target's tailnet address, one IPv4 or IPv6 address: the `tailscale.com/tailnet-ip` annotation.
   * @default - none: give `tailnetFqdn` instead
   */
  tailnetIp?: string;
  /**
   * What the tailnet grant names as its destination: a tag (`tag:db`), a `hosts` alias of
   * `tailnet.basePolicy`, or an IP address or CIDR.
   * @default - `tailnetIp` (required with `tailnetFqdn`)
   */
  grantDst?: string;
  /** The ports clients use; only these are open, in the cluster and in the grant. */
  ports: EgressPort[];
  /**
   * The cluster workloads that may use it: each gets egress to the proxy pods on `ports`, and the
   * operator namespace the matching ingress.
   * @default [] - nobody (with a warning): say who
   */
  from?: EgressClient[];
  /**
   * ACL tags of the egress proxy device (the source of the grant), replacing the operator's
   * `proxyTags`. At least one must be its own (no other proxy carries it), or the grant would let
   * other proxies reach the target too.
   * @default - `tag:k8s-egress-<name>`; with a `proxyGroup` declared in `proxyGroups`, that
   * group's tags (`tags` is then refused); with one created elsewhere, required
   */
  tags?: string[];
  /**
   * An egress `ProxyGroup` to serve it (high availability) instead of a proxy of its own: the
   * `tailscale.com/proxy-group` annotation. Its proxies carry the ProxyGroup's tags: leave `tags`
   * out for a group declared in `proxyGroups` (its tags are used), name them in `tags` for a group
   * created elsewhere.
   * @default - a proxy of its own
   */
  proxyGroup?: string;
  /**
   * Accept that the egress ProxyGroup serving this entry also serves entries whose clients differ.
   * The operator gives each egress Service a random port in 10000-10999 on the same group pods,
   * which a NetworkPolicy cannot tell apart, so every client of the group can reach every target it
   * serves. Without this on every entry of such a group, the declaration is refused; with it, a
   * warning names the cross-reach and `tailnetFlows` lists each such path as undeclared. Prefer one
   * egress ProxyGroup per trust domain (entries with the same clients).
   * @default false
   */
  acknowledgeSharedProxyGroup?: boolean;
  /**
   * A cluster-scoped `ProxyClass` that customises the proxy pods (not with `proxyGroup`: the
   * ProxyGroup's own class applies).
   * @default - the operator's default proxy class
   */
  proxyClass?: string;
}

/** @deprecated Renamed {@link Egress} (generated SDKs read `EgressArgs`); this alias goes at 1.0. */
export type EgressArgs = Egress;
