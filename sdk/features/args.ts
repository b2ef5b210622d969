import type { ApiServerProxyArgs } from "./control-plane/types";
import type { EgressArgs } from "./egress/args";
import type { ExposeArgs } from "./exposure/args";
import type { ProxyGroupArgs } from "./proxy-groups/args";

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
  expose?: ExposeArgs[];
  /**
   * Tailnet devices and services reachable from the cluster through operator egress proxies, each
   * as a Service of its own, by the declared clients only.
   * @default []
   */
  egress?: EgressArgs[];
  /**
   * Highly available proxies (`ProxyGroup` resources), by name: `ingress` groups serve exposed
   * Services as Tailscale Services (`expose[].proxyGroup`), `egress` groups carry traffic to the
   * tailnet. Created after the operator, with the paths their pods need.
   * @default {}
   */
  proxyGroups?: { [name: string]: ProxyGroupArgs };
  /**
   * kubectl by tailnet identity: the operator's API server proxy, who may use it, the Kubernetes
   * groups they are impersonated as and the roles those groups get (ClusterRoleBindings and
   * RoleBindings), and optionally a session Recorder.
   * @default - no API server proxy
   */
  apiServerProxy?: ApiServerProxyArgs;
}
