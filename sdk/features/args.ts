import type { CoreSpec } from "../kernel/types";
import type { Connector } from "./connectors/args";
import type { ApiServerProxy } from "./control-plane/types";
import type { Egress } from "./egress/args";
import type { Expose } from "./exposure/args";
import type { Metrics } from "./metrics/args";
import type { ProxyGroup } from "./proxy-groups/args";

/**
 * The args fields the features add to the declaration, one line each. Both `ZeroTrustSpec` (plain
 * data: the CLI and the core) and the component's `ZeroTrustClusterArgs` extend this interface, so
 * a new feature's field is declared once, here, with its TSDoc.
 */
export interface FeatureArgs {
  /**
   * Services reachable from the tailnet through the operator. Each also gets the rules that let
   * its proxy reach the backend pods.
   * @default []
   */
  expose?: Expose[];
  /**
   * Tailnet devices and services reachable from the cluster through operator egress proxies, each
   * as a Service of its own, by the declared clients only.
   * @default []
   */
  egress?: Egress[];
  /**
   * Highly available proxies (`ProxyGroup` resources), by name: `ingress` groups serve exposed
   * Services as Tailscale Services (`expose[].proxyGroup`), `egress` groups carry traffic to the
   * tailnet. Created after the operator, with the paths their pods need.
   * @default {}
   */
  proxyGroups?: { [name: string]: ProxyGroup };
  /**
   * kubectl by tailnet identity: the operator's API server proxy, who may use it, the Kubernetes
   * groups they are impersonated as and the roles those groups get (ClusterRoleBindings and
   * RoleBindings), and optionally a session Recorder.
   * @default - no API server proxy
   */
  apiServerProxy?: ApiServerProxy;
  /**
   * Subnet routers, exit nodes and app connectors (`Connector` resources), by name: their pods'
   * egress to the routes on the granted ports, the managed workloads that admit them, and the
   * route approvals and grants on the tailnet.
   * @default {}
   */
  connectors?: { [name: string]: Connector };
  /**
   * In-cluster MagicDNS: the operator's `DNSConfig` (a nameserver for `ts.net` names in the
   * operator namespace) and cluster DNS's path to it on UDP and TCP 1053. The CoreDNS stub zone
   * is yours to add: the plan prints it.
   * @default false
   */
  nameserver?: boolean;
  /**
   * Who may scrape the proxies' metrics port (9002, served when a `ProxyClass` sets
   * `metrics.enable`): that workload, and nothing else.
   * @default - nobody
   */
  metrics?: Metrics;
}

/**
 * The whole declaration as plain data: the kernel's fields (`CoreSpec`) and the features'
 * (`FeatureArgs`); credentials are opaque here. It lives beside `FeatureArgs` (not in the kernel,
 * which imports no feature) because every feature's `validate` and `normalize` read it.
 */
export interface ZeroTrustSpec extends CoreSpec, FeatureArgs {}
