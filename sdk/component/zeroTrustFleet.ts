import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { planFleet, proveFleet } from "../fleet";
import { linkLines } from "../fleet/prove";
import { TAILNET_ACL_SUFFIX } from "../pipeline/plan";
import type { ZeroTrustClusterArgs } from "./args";
import type { ZeroTrustFleetArgs } from "./fleetArgs";
import { rememberProven } from "./proven";
import { asPropertyErrors, refuseWithoutTailscale, ZeroTrustCluster } from "./zeroTrustCluster";

const OAUTH_CLIENT_TYPE = "tailscale:index/oauthClient:OauthClient";

/**
 * Several clusters on one tailnet, from one declaration: a ZeroTrustCluster child per cluster on
 * its own Kubernetes provider, the links between them (an egress Service in the source cluster,
 * the source's egress proxy tag in the destination exposure's `access`, the grant between the two
 * proxies' tags) and ONE tailnet policy for the fleet (one `tailscale.Acl` with `tailnet.manage`).
 *
 * Before anything is registered, the fleet is validated (unknown clusters in links, links to
 * Services nobody exposes, tags and device names claimed by two clusters), each cluster is proven
 * as its child would be, and each link end to end: the client reaches its egress proxy, the grant
 * admits that proxy to the destination's tag, the destination proxy reaches the backend, and a
 * neighbour is refused at each of those points.
 *
 * Providers: a cluster's `kubeconfig`, or in TypeScript a provider keyed by the cluster's name in
 * the resource options (`{ providers: { edge: edgeProvider, tailscale: ts } }`); other entries
 * (the Tailscale provider) apply to the whole fleet.
 */
export class ZeroTrustFleet extends pulumi.ComponentResource {
  /** One line per link path, each proven at its four points, e.g. `edge/shop/app=web -> egress orders (tag:k8s-edge-egress-orders) -> tag:k8s-core-orders TCP/443 -> core/shop/app=orders TCP/8443`. */
  public readonly links: pulumi.Output<string[]>;
  /** The fleet's tailnet policy as JSON: every cluster's fragment merged into `tailnet.basePolicy` once. */
  public readonly tailnetPolicy: pulumi.Output<string>;
  /** Each cluster's `flows`, by cluster name. */
  public readonly flows: pulumi.Output<{ [cluster: string]: string[] }>;
  /** Each cluster's `tailnetFlows`, by cluster name. */
  public readonly tailnetFlows: pulumi.Output<{ [cluster: string]: string[] }>;

  constructor(name: string, args: ZeroTrustFleetArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const plan = asPropertyErrors(() => planFleet(args));
    const proof = proveFleet(plan);
    const { byCluster, shared } = splitProviders(opts, Object.keys(args.clusters));
    requireOneProviderEach(args, byCluster);
    const tailnet = args.tailnet ?? {};
    refuseWithoutTailscale(
      [
        ...(tailnet.manage ? ["tailnet.manage"] : []),
        ...(tailnet.createOAuthClient ? ["tailnet.createOAuthClient"] : []),
      ],
      { ...opts, providers: shared },
    );
    super("tailnet-zerotrust:index:ZeroTrustFleet", name, {}, { ...opts, providers: shared });

    const acl = tailnet.manage
      ? new tailscale.Acl(
          `${name}-${TAILNET_ACL_SUFFIX}`,
          { acl: plan.tailnet.text, overwriteExistingContent: true },
          { parent: this },
        )
      : undefined;
    // Each operator's OAuth client carries tags the fleet's policy defines: it comes after the Acl.
    const afterAcl: pulumi.ResourceTransformation = (a) =>
      acl && a.type === OAUTH_CLIENT_TYPE
        ? { props: a.props, opts: { ...a.opts, dependsOn: [...dependencies(a.opts.dependsOn), acl] } }
        : undefined;
    for (const member of plan.members) {
      const kubeconfig = args.clusters[member.name].kubeconfig;
      const own =
        byCluster[member.name] ??
        (kubeconfig !== undefined
          ? new KubernetesProvider(
              `${name}-${member.name}`,
              { kubeconfig: pulumi.secret(kubeconfig) },
              { parent: this },
            )
          : undefined);
      const childArgs = member.spec as ZeroTrustClusterArgs;
      rememberProven(childArgs, { plan: member.plan, proof: proof.proofs[member.name] });
      new ZeroTrustCluster(`${name}-${member.name}`, childArgs, {
        parent: this,
        providers: [...Object.values(shared), ...(own ? [own] : [])],
        transformations: [afterAcl],
      });
    }

    this.links = pulumi.output(linkLines(proof.links));
    this.tailnetPolicy = pulumi.output(plan.tailnet.text);
    this.flows = pulumi.output(Object.fromEntries(proof.exports.map((x) => [x.cluster, x.flows])));
    this.tailnetFlows = pulumi.output(
      Object.fromEntries(
        Object.entries(proof.proofs).map(([cluster, p]) => [cluster, p.tailnetFlows.map((f) => f.text)]),
      ),
    );
    this.registerOutputs({
      links: this.links,
      tailnetPolicy: this.tailnetPolicy,
      flows: this.flows,
      tailnetFlows: this.tailnetFlows,
    });
  }
}

/** The provider's package (`kubernetes`, `tailscale`); internal to the SDK's typings, present at runtime. */
const packageOf = (p: pulumi.ProviderResource) => (p as unknown as { getPackage(): string }).getPackage();

const dependencies = (d: pulumi.ResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] =>
  Array.isArray(d) ? d : d ? [d as pulumi.Input<pulumi.Resource>] : [];

/** Splits the resource options' providers: those keyed by a cluster's name, and the rest (the fleet's). */
function splitProviders(opts: pulumi.ComponentResourceOptions, clusters: string[]) {
  const byCluster: { [cluster: string]: pulumi.ProviderResource } = {};
  const shared: { [pkg: string]: pulumi.ProviderResource } = {};
  const given = opts.providers;
  const entries: [string, pulumi.ProviderResource][] = Array.isArray(given)
    ? given.map((p) => [packageOf(p), p])
    : Object.entries(given ?? {});
  for (const [key, provider] of entries) {
    if (clusters.includes(key) && packageOf(provider) === "kubernetes") byCluster[key] = provider;
    else shared[key] = provider;
  }
  return { byCluster, shared };
}

/** At most one cluster may use the program's default Kubernetes provider: two would share one cluster. */
function requireOneProviderEach(args: ZeroTrustFleetArgs, byCluster: { [cluster: string]: unknown }) {
  const ambient = Object.entries(args.clusters)
    .filter(([name, c]) => c.kubeconfig === undefined && !byCluster[name])
    .map(([name]) => name);
  if (ambient.length < 2) return;
  const reason = `clusters ${ambient.join(", ")} would all use the program's default Kubernetes provider, that is one cluster: give each its kubeconfig, or pass providers: { ${ambient.map((a) => `${a}: ...`).join(", ")} } in the resource options`;
  throw new pulumi.InputPropertiesError({
    message: ambient
      .slice(1)
      .map((a) => `clusters.${a}.kubeconfig: ${reason}`)
      .join("\n"),
    errors: ambient.slice(1).map((a) => ({ propertyPath: `clusters.${a}.kubeconfig`, reason })),
  });
}
