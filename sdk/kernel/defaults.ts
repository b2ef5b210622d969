/**
 * Every default the component applies, in one place, so the README, the TSDoc and the planner
 * cannot drift apart.
 */

/** The Helm repository of stable `tailscale-operator` charts. */
export const CHART_REPO = "https://pkgs.tailscale.com/helmcharts";
export const CHART_NAME = "tailscale-operator";
/** A published stable chart. Pinned: an unpinned chart drifts under `pulumi up`. */
export const DEFAULT_CHART_VERSION = "1.102.3";
/** The Helm release name, fixed so `helm ls` shows the operator as the docs name it. */
export const RELEASE_NAME = "tailscale-operator";

export const DEFAULT_OPERATOR_NAMESPACE = "tailscale";
export const DEFAULT_OPERATOR_HOSTNAME = "tailscale-operator";
/** Must equal the OAuth client's tags, or the operator cannot mint its own key (tailscale#15732). */
export const DEFAULT_OPERATOR_TAGS = ["tag:k8s-operator"];
export const DEFAULT_PROXY_TAGS = ["tag:k8s"];

/** The Secret the chart mounts at /oauth; its keys are fixed by the operator. */
export const OAUTH_SECRET_NAME = "operator-oauth";
export const OAUTH_SECRET_KEYS = { clientId: "client_id", clientSecret: "client_secret" } as const;

export const DEFAULT_API_SERVER_PORTS = [443, 6443];
export const ANY_IPV4 = "0.0.0.0/0";
export const ANY_IPV6 = "::/0";

export const DEFAULT_DNS_NAMESPACE = "kube-system";
export const DEFAULT_DNS_POD_LABELS = { "k8s-app": "kube-dns" };

/** Labels the operator puts on every proxy pod it creates (cmd/k8s-operator/sts.go). */
export const PROXY_LABELS = {
  managed: "tailscale.com/managed",
  parent: "tailscale.com/parent-resource",
  parentNamespace: "tailscale.com/parent-resource-ns",
  parentType: "tailscale.com/parent-resource-type",
} as const;

export const ANNOTATIONS = {
  expose: "tailscale.com/expose",
  hostname: "tailscale.com/hostname",
  tags: "tailscale.com/tags",
  proxyClass: "tailscale.com/proxy-class",
  funnel: "tailscale.com/funnel",
  /** Egress: the target's MagicDNS name (sts.go `AnnotationTailnetTargetFQDN`). */
  tailnetFqdn: "tailscale.com/tailnet-fqdn",
  /** Egress: the target's tailnet IP (sts.go `AnnotationTailnetTargetIP`; one address, no range). */
  tailnetIp: "tailscale.com/tailnet-ip",
  /** Serve a Service or Ingress from a ProxyGroup (sts.go `AnnotationProxyGroup`). */
  proxyGroup: "tailscale.com/proxy-group",
} as const;

/** The operator's custom resources (`ProxyGroup`, `Connector`, `DNSConfig`...), all cluster-scoped. */
export const TAILSCALE_API_VERSION = "tailscale.com/v1alpha1";

/** Labels of the operator's own pod (chart templates/deployment.yaml). */
export const OPERATOR_POD_LABELS = { app: "operator" };

/**
 * The proxies' local address (`TS_LOCAL_ADDR_PORT`, sts.go 104-105): metrics with a ProxyClass's
 * `metrics.enable`, and the health check the operator calls on egress ProxyGroup pods.
 */
export const PROXY_LOCAL_PORT = 9002;

export const TAILSCALE_CLASS = "tailscale";

/** Pod Security admission: the L3 proxies run privileged containers. */
export const PRIVILEGED_NAMESPACE_LABELS = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/warn": "privileged",
  "pod-security.kubernetes.io/audit": "privileged",
};

/** Marks every object this package creates, for `kubectl get -l`. */
export const MANAGED_BY_LABEL = { "app.kubernetes.io/managed-by": "tailnet-zerotrust" };

/** Tailscale's STUN port; its WireGuard port is random inside Kubernetes, so UDP is opened to any port. */
export const STUN_PORT = 3478;
