import type { Level, ResourceRule, StackRule } from "./rule";
import { noFunnel, noPublicIngress, noPublicService } from "./rules/exposure";
import { dnsReachable, namespaceDefaultDeny, operatorIsolated, SYSTEM_NAMESPACES } from "./rules/isolation";
import { noAllowAll, noWorldIngress } from "./rules/netpol";
import { noHostNetwork } from "./rules/pods";
import { noOAuthSecretInValues } from "./rules/secrets";

/**
 * Every rule with what users see of it: description, default level, severity, config (JSON
 * schema with defaults) and remediation steps. The Pulumi pack and `audit` both read this table,
 * so they cannot disagree. Names are a contract: a user's pack config refers to them.
 */

type Severity = "low" | "medium" | "high" | "critical";

export interface RuleEntry {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: Level;
  readonly severity: Severity;
  readonly remediationSteps: string;
  /** JSON schema of each config property, with its default. */
  readonly config: {
    readonly [key: string]: { type: string; description: string; default: unknown; items?: { type: string } };
  };
  readonly rule: { readonly resource: ResourceRule<any> } | { readonly stack: StackRule<any> };
}

const strings = (description: string, value: string[]) => ({
  type: "array",
  items: { type: "string" },
  description,
  default: value,
});
const allowList = (what: string) =>
  strings(`${what} allowed anyway, as "namespace/name" or "namespace/*".`, []);
const dnsConfig = {
  dnsNamespace: {
    type: "string",
    description: "The namespace of the cluster DNS pods.",
    default: "kube-system",
  },
  dnsPodLabels: {
    type: "object",
    description: "Labels of the cluster DNS pods (CoreDNS keeps k8s-app: kube-dns).",
    default: { "k8s-app": "kube-dns" },
  },
};

export const RULES: readonly RuleEntry[] = [
  {
    name: "namespace-default-deny",
    description:
      "Every namespace the stack creates is under effective default-deny for ingress and egress, as the reachability engine judges its NetworkPolicies and admin tiers: an allow-all rule defeats it.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
      "Add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] to the namespace, then allow each needed flow by peer and port. Remove rules that admit every peer on every port. ZeroTrustCluster does this for each namespace it manages.",
    config: {
      exemptNamespaces: strings("Namespaces not judged.", SYSTEM_NAMESPACES),
      requireEgress: { type: "boolean", description: "Require default-deny for egress too.", default: true },
      udpToInternetNamespaces: strings(
        "Namespaces whose pods may send UDP to the internet on any port (the Tailscale proxies' WireGuard).",
        ["tailscale"],
      ),
      ...dnsConfig,
    },
    rule: { stack: namespaceDefaultDeny },
  },
  {
    name: "dns-reachable",
    description:
      "Where egress is denied by default, pods still reach cluster DNS (the kube-dns/CoreDNS pods, or node-local DNS) on UDP and TCP 53.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
      "Allow egress from podSelector {} to namespaceSelector {matchLabels: {kubernetes.io/metadata.name: kube-system}} with podSelector {matchLabels: {k8s-app: kube-dns}} on UDP 53 and TCP 53. The label name: kube-system is not set by Kubernetes.",
    config: {
      ...dnsConfig,
      nodeLocalDnsAddresses: strings(
        "Addresses of node-local DNS (e.g. 169.254.20.10); reaching one on UDP and TCP 53 also passes.",
        [],
      ),
      exemptNamespaces: strings("Namespaces not judged.", SYSTEM_NAMESPACES),
    },
    rule: { stack: dnsReachable },
  },
  {
    name: "no-public-service",
    description:
      "No Service of type LoadBalancer or NodePort, nor with externalIPs, unless its loadBalancerClass is tailscale (or allowed in config).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      'Set spec.loadBalancerClass: tailscale, or use type ClusterIP with the annotation tailscale.com/expose: "true", so the Service is reachable only over the tailnet. Remove spec.externalIPs.',
    config: {
      allowedLoadBalancerClasses: strings("loadBalancerClass values whose load balancers are not public.", [
        "tailscale",
      ]),
      allow: allowList("Services"),
    },
    rule: { resource: noPublicService },
  },
  {
    name: "no-public-ingress",
    description: "No Ingress outside the tailscale IngressClass (or the classes allowed in config).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Set spec.ingressClassName: tailscale so the Ingress is served only on the tailnet, or list an internal IngressClass in config.",
    config: {
      ingressClasses: strings("IngressClasses that are not public.", ["tailscale"]),
      allow: allowList("Ingresses"),
    },
    rule: { resource: noPublicIngress },
  },
  {
    name: "no-funnel",
    description:
      "No tailscale.com/funnel annotation (a Funnel Ingress publishes to the internet) unless allowed in config.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
      "Remove the annotation tailscale.com/funnel (the remediate enforcement level removes it for you), or allow the object in config.",
    config: { allow: allowList("Ingresses and Services") },
    rule: { resource: noFunnel },
  },
  {
    name: "no-oauth-secret-in-values",
    description:
      "No Tailscale OAuth client secret or auth key in Helm release values: they belong in a Secret.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
      "Create the Secret operator-oauth (keys client_id, client_secret) in the operator's namespace and leave oauth.clientSecret out of the values, as ZeroTrustCluster does. Rotate the credential if the values were ever applied.",
    config: {
      charts: strings(
        "Charts whose credential-named values (clientSecret, authKey...) are judged; tskey- values are found in any chart.",
        ["tailscale-operator", "tailscale"],
      ),
    },
    rule: { resource: noOAuthSecretInValues },
  },
  {
    name: "no-world-ingress",
    description:
      "No NetworkPolicy ingress from 0.0.0.0/0 or ::/0, nor an ingress rule without from (it admits the internet too).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Admit the tailnet through the Tailscale proxies' pods, or name the sources' CIDRs; never a /0 block.",
    config: {
      allow: allowList("NetworkPolicies"),
      reportRulesWithoutFrom: {
        type: "boolean",
        description: "Also report ingress rules without from.",
        default: true,
      },
    },
    rule: { resource: noWorldIngress },
  },
  {
    name: "no-host-network",
    description:
      "No pod template with hostNetwork or hostPort outside allowed namespaces: NetworkPolicies do not select such pods.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps:
      "Remove hostNetwork and hostPort and reach the pods through a Service, or allow the namespace (CNI, node-local DNS) in config.",
    config: {
      allowedNamespaces: strings("Namespaces whose pods may use the node's network.", ["kube-system"]),
    },
    rule: { resource: noHostNetwork },
  },
  {
    name: "no-allow-all",
    description:
      "No NetworkPolicy that admits every source (or destination) on every port to every pod of a namespace.",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
      "Name the peers (podSelector, namespaceSelector) and ports of the flows you need instead of an empty rule.",
    config: {
      allow: allowList("NetworkPolicies"),
      directions: strings('Directions judged: "ingress", "egress".', ["ingress", "egress"]),
    },
    rule: { resource: noAllowAll },
  },
  {
    name: "operator-isolated",
    description:
      "The Tailscale operator's namespace is under default-deny, with egress limited to what the operator needs (DNS, API server, HTTPS, UDP to the internet).",
    enforcementLevel: "advisory",
    severity: "high",
    remediationSteps:
      "Put the operator namespace under default-deny and allow only DNS, the API server, TCP 443 and UDP to the internet (ZeroTrustCluster's operator.isolate, the default).",
    config: {
      operatorNamespace: { type: "string", description: "The operator's namespace.", default: "tailscale" },
      operatorPodLabels: {
        type: "object",
        description: "Labels of the operator's pod.",
        default: { app: "operator" },
      },
      allowedTcpPorts: {
        type: "array",
        items: { type: "number" },
        description: "TCP ports the operator may reach.",
        default: [53, 443, 6443],
      },
      allowUdpToInternet: {
        type: "boolean",
        description: "Allow UDP to the internet on any port (WireGuard).",
        default: true,
      },
      ...dnsConfig,
    },
    rule: { stack: operatorIsolated },
  },
];

/** A rule's config: its defaults, overridden by what the user gave. */
export function configOf(entry: RuleEntry, given: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(entry.config)) out[key] = given[key] ?? schema.default;
  return out;
}
