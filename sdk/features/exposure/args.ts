/**
 * The exposure feature's args: which Services the tailnet reaches, how, and by whom. Plain,
 * schema-friendly interfaces (`sdk/core/index.ts` re-exports them).
 */

/** How an exposed Service is put on the tailnet. */
export enum ExposeVia {
  /** The `tailscale.com/expose: "true"` annotation on a ClusterIP Service (an L3 proxy). */
  Annotation = "annotation",
  /** A `LoadBalancer` Service with `loadBalancerClass: tailscale` (an L3 proxy; status carries the MagicDNS name). */
  LoadBalancer = "loadBalancer",
  /** An HTTPS `Ingress` of class `tailscale`, served on 443 with a MagicDNS certificate (an L7 proxy). */
  Ingress = "ingress",
}

/** A port of an exposed Service. */
export interface ExposePort {
  /** The Service port: what tailnet clients connect to. */
  port: number;
  /**
   * The container port on the backend pods (a number): what the proxy reaches after kube-proxy.
   * @default - the same as `port`
   */
  targetPort?: number;
  /**
   * `TCP` or `UDP`.
   * @default "TCP"
   */
  protocol?: string;
  /**
   * The Service port's name.
   * @default - `<protocol>-<port>` in lower case (`tcp-80`, `udp-53`) when the exposure lists
   * several ports (the protocol keeps 53/TCP and 53/UDP apart), else none
   */
  name?: string;
}

/** @deprecated Renamed {@link ExposePort} (generated SDKs read `ExposePortArgs`); this alias goes at 1.0. */
export type ExposePortArgs = ExposePort;

/** A Service made reachable from the tailnet through the Tailscale operator. */
export interface Expose {
  /** The namespace of the Service (managed here or not). */
  namespace: string;
  /** The Service's name. */
  service: string;
  /**
   * The tailnet device name (a DNS label of at most 63 characters).
   * @default "<namespace>-<service>", the operator's own default
   */
  hostname?: string;
  /**
   * Labels of the backend pods: the Service selector, and the target of the ingress rule that lets
   * the operator's proxy reach them.
   */
  podLabels: { [key: string]: string };
  /** The Service's ports. */
  ports: ExposePort[];
  /**
   * ACL tags of this Service's proxy device (`tag:name`), replacing the operator's `proxyTags`.
   * A Service with `access` needs a tag no other exposure carries, so its grant opens it alone.
   * @default - `tag:k8s-<hostname>` (the `k8s-` prefix not doubled) when `access` or `funnel` is
   * set, else the operator's proxy tags
   */
  tags?: string[];
  /**
   * Tailnet sources allowed to reach this Service: users (`alice@example.com`), `group:`, `tag:`
   * or `autogroup:` selectors. They become grants in the generated tailnet policy.
   * @default [] - nobody but what the rest of the tailnet policy grants
   */
  access?: string[];
  /**
   * How the Service is exposed.
   * @default ExposeVia.Annotation
   */
  via?: ExposeVia;
  /**
   * Expose an Ingress to the public internet with Tailscale Funnel. Refused unless
   * `tailnet.allowFunnel` names this Service too.
   * @default false
   */
  funnel?: boolean;
  /**
   * A cluster-scoped `ProxyClass` that customises the proxy pods.
   * @default - the operator's default proxy class
   */
  proxyClass?: string;
  /**
   * An ingress ProxyGroup (a key of `proxyGroups` with type `ingress`) that serves this Service or
   * Ingress as the Tailscale Service `svc:<hostname>`, highly available, instead of a proxy of its
   * own. Grants name `svc:<hostname>`, and the ProxyGroup's pods get the rules to the backend.
   * @default - a dedicated proxy
   */
  proxyGroup?: string;
  /**
   * Annotate a Service that already exists (created elsewhere) with a server-side-apply patch
   * instead of creating it. Removing the exposure then leaves the Service in place.
   * @default false
   */
  patchExisting?: boolean;
  /**
   * Allow the proxy pods (in the operator namespace) to reach the backend pods on each
   * `targetPort`: the ingress rule in the backend namespace and the egress rule in the operator's.
   * @default true
   */
  allowProxyTraffic?: boolean;
}

/** @deprecated Renamed {@link Expose} (generated SDKs read `ExposeArgs`); this alias goes at 1.0. */
export type ExposeArgs = Expose;
