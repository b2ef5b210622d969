import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { controlPlaneReport } from "../features/control-plane";
import { clusterExport } from "../fleet/export";
import { OAUTH_SECRET_KEYS } from "../kernel/defaults";
import { flowsMarkdown } from "../kernel/report";
import { type ExposedHostname, flowLines, type Plan, planZeroTrust } from "../pipeline/plan";
import { ZeroTrustValidationError } from "../pipeline/validate";
import { assertPlanHolds, enforcedBy } from "../verify/plan-check";
import type { ZeroTrustClusterArgs } from "./args";
import { createChild } from "./children";
import { takeProven } from "./proven";
import { tailscaleProviderConfigured } from "./tailscaleProvider";

/**
 * A Kubernetes cluster under zero trust, from one declaration.
 *
 * - North-south: nothing is exposed to the internet. Chosen Services are reachable only from the
 *   tailnet, through the Tailscale Kubernetes operator (installed here from a pinned Helm chart,
 *   its OAuth credentials kept in a Secret and out of Helm values and outputs).
 * - East-west: every managed namespace starts with default-deny for ingress AND egress; only
 *   declared flows are allowed. A connection needs the source's egress and the destination's
 *   ingress, so each flow gets both rules.
 *
 * What a hand-written setup forgets is added by default, each with an opt-out: DNS egress
 * (`namespaces.<ns>.allowDns`), the proxy -> backend rules (`expose[].allowProxyTraffic`) and the
 * operator's own egress to the API server, DNS and Tailscale (`operator.isolate`).
 *
 * The arguments are validated, and the planned policies are evaluated by the built-in
 * NetworkPolicy engine over representative workloads, before any child is registered: bad input or
 * policies that would not do what the declaration says fail with every problem listed, and
 * nothing is half-created.
 */
export class ZeroTrustCluster extends pulumi.ComponentResource {
  /** The namespace of the operator and its proxies. */
  public readonly operatorNamespace: pulumi.Output<string>;
  /** The namespaces under default-deny, sorted. */
  public readonly namespaces: pulumi.Output<string[]>;
  /** Each exposed Service (`namespace/service`) with its tailnet name and MagicDNS URL. */
  public readonly hostnames: pulumi.Output<{ [service: string]: ExposedHostname }>;
  /**
   * Every allowed flow (declared, DNS, proxy -> backend, operator egress), one sorted line each,
   * so that `pulumi preview --diff` shows who-can-reach-what changing.
   */
  public readonly flows: pulumi.Output<string[]>;
  /**
   * The same flows as a markdown table (with the policies that allow each, as the reachability
   * engine found them) and a mermaid graph, for pull-request comments.
   */
  public readonly flowsMarkdown: pulumi.Output<string>;
  /**
   * The tailnet policy as JSON: the fragment this declaration needs (tagOwners, grants, nodeAttrs,
   * tests), merged into `tailnet.basePolicy` when one is given (then ready to save as a whole).
   */
  public readonly tailnetPolicy: pulumi.Output<string>;
  /**
   * Every path from a tailnet source through an exposed Service to its backend pods, each proven
   * by the grants evaluator and the NetworkPolicy engine, e.g.
   * `group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000`.
   */
  public readonly tailnetFlows: pulumi.Output<string[]>;
  /**
   * What a fleet's tailnet stack needs from this cluster, as JSON text: its device names and tags,
   * its tailnet policy fragment, and the proven hops of its exposures and egress (with neighbours
   * refused). Export it from the stack and hand it to `FleetTailnet` through a stack reference.
   */
  public readonly fleetExport: pulumi.Output<string>;
  /**
   * With `apiServerProxy`: the command each person runs to point kubectl at the proxy, e.g.
   * `tailscale configure kubeconfig tailscale-operator`.
   */
  public readonly kubeconfigCommands: pulumi.Output<string[]>;
  /**
   * With `apiServerProxy`: who can do what through it, one sorted line per tailnet source, computed
   * from the tailnet policy and the bindings, e.g.
   * `group:sre -> tailscale-operator (impersonating sre) -> ClusterRole view (cluster)`.
   */
  public readonly access: pulumi.Output<string[]>;

  constructor(name: string, args: ZeroTrustClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Plan and prove before registering anything, the component included: bad input leaves no trace.
    // A fleet hands over what it already planned and proved for this very args object.
    const { plan, proof } = takeProven(args) ?? proveArgs(args);
    requireTailscaleProvider(plan, opts);
    super("tailnet-zerotrust:index:ZeroTrustCluster", name, {}, opts);
    for (const warning of plan.warnings) pulumi.log.warn(warning, this);

    let credentials = operatorCredentials(
      args.operator?.oauthClientId ?? "",
      args.operator?.oauthClientSecret ?? "",
    );
    const created = new Map<string, pulumi.Resource>();
    for (const planned of plan.resources) {
      const dependsOn = planned.dependsOn.map((suffix) => created.get(suffix)!);
      const ignoreChanges = planned.ignoreChanges;
      const options = { parent: this, dependsOn, ...(ignoreChanges ? { ignoreChanges } : {}) };
      const child = createChild(name, planned, options, credentials);
      created.set(planned.suffix, child);
      if (child instanceof tailscale.OauthClient) {
        // The created client feeds the operator Secret: no credentials are copied by hand.
        credentials = operatorCredentials(child.id, child.key);
      }
    }

    this.operatorNamespace = pulumi.output(plan.operatorNamespace);
    this.namespaces = pulumi.output(plan.managedNamespaces);
    this.hostnames = pulumi.output(plan.hostnames);
    this.flows = pulumi.output(flowLines(plan));
    this.flowsMarkdown = pulumi.output(
      flowsMarkdown(plan.flows, enforcedBy(proof.report), proof.tailnetFlows),
    );
    this.tailnetPolicy = pulumi.output(plan.tailnet.text);
    this.tailnetFlows = pulumi.output(proof.tailnetFlows.map((f) => f.text));
    this.fleetExport = pulumi.output(JSON.stringify(clusterExport(name, plan, proof)));
    const controlPlane = controlPlaneReport(plan);
    this.kubeconfigCommands = pulumi.output(controlPlane.kubeconfigCommands);
    this.access = pulumi.output(controlPlane.access.map((a) => a.text));
    this.registerOutputs({
      fleetExport: this.fleetExport,
      kubeconfigCommands: this.kubeconfigCommands,
      access: this.access,
      tailnetPolicy: this.tailnetPolicy,
      tailnetFlows: this.tailnetFlows,
      operatorNamespace: this.operatorNamespace,
      namespaces: this.namespaces,
      hostnames: this.hostnames,
      flows: this.flows,
      flowsMarkdown: this.flowsMarkdown,
    });
  }
}

/** Refuses Tailscale resources that could not authenticate, before anything is registered. */
function requireTailscaleProvider(plan: Plan, opts: pulumi.ComponentResourceOptions | undefined) {
  const needs = plan.resources.filter((r) => r.kind === "TailnetAcl" || r.kind === "OAuthClient");
  const fields = needs.map((r) => (r.kind === "TailnetAcl" ? "tailnet.manage" : "tailnet.createOAuthClient"));
  refuseWithoutTailscale(fields, opts);
}

/** Refuses the fields that create Tailscale resources when no Tailscale provider can authenticate them. */
export function refuseWithoutTailscale(fields: string[], opts: pulumi.ComponentResourceOptions | undefined) {
  if (fields.length === 0 || tailscaleProviderConfigured(opts)) return;
  const reason =
    "needs a Tailscale provider: pass one in the resource options ({ providers: [new tailscale.Provider(...)] }), set tailscale:apiKey or tailscale:oauthClientId/oauthClientSecret in the stack config, or set TAILSCALE_API_KEY";
  throw new pulumi.InputPropertiesError({
    message: fields.map((f) => `${f}: ${reason}`).join("\n"),
    errors: fields.map((propertyPath) => ({ propertyPath, reason })),
  });
}

/**
 * The operator Secret's values, each wrapped as a secret on its own: the client ID and secret, given
 * or from the created OAuth client (a test checks each, not just the map the Secret wraps anyway).
 */
export function operatorCredentials(clientId: pulumi.Input<string>, clientSecret: pulumi.Input<string>) {
  return {
    [OAUTH_SECRET_KEYS.clientId]: pulumi.secret(clientId),
    [OAUTH_SECRET_KEYS.clientSecret]: pulumi.secret(clientSecret),
  };
}

/** Plans and proves a declaration, as the component does before registering anything. */
const proveArgs = (args: ZeroTrustClusterArgs) => {
  const plan = asPropertyErrors(() => planZeroTrust(args));
  return { plan, proof: assertPlanHolds(plan) };
};

/**
 * Runs a planning step, turning validation problems into per-property errors that the engine shows
 * next to the user's own line (and that read well in a TypeScript stack trace too).
 */
export function asPropertyErrors<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof ZeroTrustValidationError) {
      throw new pulumi.InputPropertiesError({
        message: err.message,
        errors: err.issues.map((i) => ({ propertyPath: i.path, reason: i.message })),
      });
    }
    throw err;
  }
}
