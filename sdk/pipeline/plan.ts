import type { ZeroTrustSpec } from "../features/args";
import type { PlanContext } from "../features/feature";
import { cidrOverlapWarnings } from "../kernel/cidr-overlap";
import { ciliumApiServerPolicy } from "../kernel/dataplane/cilium";
import { enforceablePorts } from "../kernel/dataplane/ports";
import { dataplaneWarnings } from "../kernel/dataplane/warnings";
import { MANAGED_BY_LABEL } from "../kernel/defaults";
import { describeFlow, type PlannedFlow, planFlows } from "../kernel/flows";
import type { Labels, Namespace, NetworkPolicy } from "../kernel/kube";
import type { NormalizedSpec } from "../kernel/normalize";
import {
  deepMerge,
  helmRelease,
  helmValueWarnings,
  oauthSecret,
  operatorNamespace,
} from "../kernel/operator";
import { DEFAULT_DENY_NAME, defaultDenyPolicy, policiesForFlows } from "../kernel/policies";
import type { CustomResourceObject, PlannedResource } from "../kernel/resources";
import { planInvariantIssues } from "./plan-invariants";
import { FEATURES } from "./registry";
import type { TailnetPlan } from "./tailnet";
import { checkSpec, ZeroTrustValidationError } from "./validate";

export type { CustomResourceObject, OAuthClientPlan, PlannedResource } from "../kernel/resources";

/** Scopes the operator needs: keys for itself and its proxies, device cleanup, Services. */
export const OPERATOR_OAUTH_SCOPES = ["auth_keys", "devices:core", "services"];

export interface ExposedHostname {
  /** The tailnet device name. */
  hostname: string;
  /** The MagicDNS name and port (the short name unless `tailnet.domain` is set), e.g. `pihole:53`. */
  address: string;
  /** The URL, only where the port speaks HTTP(S) (an Ingress, port 80 or 443, a port named http or https). */
  url?: string;
}

/** Everything the component creates for a declaration, in creation order. */
export interface Plan {
  spec: NormalizedSpec;
  operatorNamespace: string;
  /** Namespaces under default-deny, sorted. */
  managedNamespaces: string[];
  resources: PlannedResource[];
  flows: PlannedFlow[];
  /** `namespace/service` -> tailnet name and URL. */
  hostnames: { [service: string]: ExposedHostname };
  /** The tailnet policy (fragment, or merged into `tailnet.basePolicy`). */
  tailnet: TailnetPlan;
  /** Things that work but deserve a look (printed by the CLI, logged by the component). */
  warnings: string[];
  /**
   * Managed namespaces with `enforce: false`, sorted: their allow policies are created, their
   * default-deny is not (staged rollout). Proofs judge them as if enforced.
   */
  observing: string[];
}

export const OPERATOR_SUFFIX = "operator";
export const OAUTH_SECRET_SUFFIX = "operator-oauth";
export const OAUTH_CLIENT_SUFFIX = "operator-oauth-client";
export const TAILNET_ACL_SUFFIX = "tailnet-policy";

/** Validates, applies defaults and plans. Throws ZeroTrustValidationError on bad input. */
export function planZeroTrust(input: ZeroTrustSpec): Plan {
  const checked = checkSpec(input);
  if (checked.issues.length)
    throw new ZeroTrustValidationError(checked.issues, "ZeroTrustCluster", checked.unchecked);
  // Checking built both (the tailnet policy's tests are reported with the other problems).
  const spec = checked.spec!;
  const tailnet = checked.tailnet!;
  const op = spec.operator;
  const resources: PlannedResource[] = [];
  // The tags must exist in the policy before an OAuth client may carry them.
  if (spec.tailnet.manage) {
    resources.push({
      kind: "TailnetAcl",
      suffix: TAILNET_ACL_SUFFIX,
      object: { acl: tailnet.text },
      dependsOn: [],
    });
  }
  if (spec.tailnet.createOAuthClient) {
    resources.push({
      kind: "OAuthClient",
      suffix: OAUTH_CLIENT_SUFFIX,
      object: {
        scopes: [...OPERATOR_OAUTH_SCOPES],
        tags: [...op.operatorTags],
        description: `tailscale-operator (tailnet-zerotrust)`,
      },
      dependsOn: spec.tailnet.manage ? [TAILNET_ACL_SUFFIX] : [],
    });
  }
  const nsSuffix = new Map<string, string>();

  if (op.install) {
    resources.push({
      kind: "Namespace",
      suffix: op.namespace,
      object: operatorNamespace(spec),
      dependsOn: [],
    });
    nsSuffix.set(op.namespace, op.namespace);
  }
  for (const ns of spec.namespaces) {
    const object: Namespace = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns.name, labels: { ...ns.labels, ...(ns.create ? MANAGED_BY_LABEL : {}) } },
    };
    if (ns.create) {
      resources.push({ kind: "Namespace", suffix: ns.name, object, dependsOn: [] });
      nsSuffix.set(ns.name, ns.name);
    } else if (Object.keys(ns.labels).length) {
      // Adopted: a server-side-apply patch owns only these labels and never deletes the namespace.
      resources.push({ kind: "NamespacePatch", suffix: `${ns.name}-labels`, object, dependsOn: [] });
    }
  }
  const inNamespace = (ns: string) => (nsSuffix.has(ns) ? [nsSuffix.get(ns)!] : []);

  const managed = new Set(spec.namespaces.map((n) => n.name));
  if (op.isolate) managed.add(op.namespace);
  const own = (f: (typeof FEATURES)[number]) => spec.features[f.id];
  const quiet: Labels = Object.assign({}, ...FEATURES.map((f) => f.quietPods?.(own(f), spec) ?? {}));
  const flows = planFlows(
    spec,
    FEATURES.flatMap((f) => f.flows?.(own(f), spec) ?? []),
    quiet,
  );
  const allows = policiesForFlows(flows, managed, (ports) => enforceablePorts(ports, spec));
  const allowSuffixes = new Map<string, string[]>();
  const addAllow = (ns: string, name: string, object: NetworkPolicy | CustomResourceObject) => {
    const suffix = `${ns}-${name}`;
    const dependsOn = inNamespace(ns);
    if (object.kind === "NetworkPolicy")
      resources.push({ kind: "NetworkPolicy", suffix, object: object as NetworkPolicy, dependsOn });
    else resources.push({ kind: "CustomResource", suffix, object, dependsOn });
    allowSuffixes.set(ns, [...(allowSuffixes.get(ns) ?? []), suffix]);
  };
  for (const policy of allows) addAllow(policy.metadata.namespace, policy.metadata.name, policy);
  // The dataplane's own policy kind (Cilium's API server rule) is ordered like the allows.
  const cilium = ciliumApiServerPolicy(spec, quiet);
  if (cilium) addAllow(spec.operator.namespace, cilium.metadata.name, cilium);
  // Default-deny last in each namespace: the allows exist before anything is cut off.
  const observing = spec.namespaces.filter((n) => !n.enforce).map((n) => n.name);
  for (const ns of [...managed].sort()) {
    if (observing.includes(ns)) continue; // staged: allows only, nothing cut off yet
    resources.push({
      kind: "NetworkPolicy",
      suffix: `${ns}-${DEFAULT_DENY_NAME}`,
      object: defaultDenyPolicy(ns),
      dependsOn: [...inNamespace(ns), ...(allowSuffixes.get(ns) ?? [])],
    });
  }

  if (op.install) {
    resources.push({
      kind: "Secret",
      suffix: OAUTH_SECRET_SUFFIX,
      object: oauthSecret(spec),
      dependsOn: [
        ...inNamespace(op.namespace),
        ...(spec.tailnet.createOAuthClient ? [OAUTH_CLIENT_SUFFIX] : []),
      ],
    });
    resources.push({
      kind: "HelmRelease",
      suffix: OPERATOR_SUFFIX,
      object: helmRelease(
        spec,
        FEATURES.reduce((values, f) => deepMerge(values, f.helmValues?.(own(f), spec) ?? {}), {}),
      ),
      // The operator's egress allows come first, so it can reach Tailscale as soon as it starts.
      dependsOn: [
        ...inNamespace(op.namespace),
        OAUTH_SECRET_SUFFIX,
        ...(allowSuffixes.get(op.namespace) ?? []),
      ],
    });
  }

  // Policy suffixes by name (one name in several namespaces), indexed as resources are added so
  // that each feature's lookup is one get and sees the policies of the features before it.
  const policySuffixes = new Map<string, string[]>();
  let indexed = 0;
  const suffixesNamed = (name: string) => {
    for (; indexed < resources.length; indexed++) {
      const r = resources[indexed];
      if (r.kind !== "NetworkPolicy") continue;
      const list = policySuffixes.get(r.object.metadata.name);
      if (list) list.push(r.suffix);
      else policySuffixes.set(r.object.metadata.name, [r.suffix]);
    }
    return policySuffixes.get(name) ?? [];
  };
  const ctx: PlanContext = {
    spec,
    managedNamespaces: managed,
    inNamespace,
    // The ingress half first: the order the component has always depended on them in.
    policiesFor: (policyName) =>
      ["ingress", "egress"].flatMap((half) => suffixesNamed(`${policyName}-${half}`)),
    operator: op.install ? [OPERATOR_SUFFIX] : [],
  };
  const hostnames: Plan["hostnames"] = {};
  for (const f of FEATURES) {
    resources.push(...(f.resources?.(own(f), ctx) ?? []));
    Object.assign(hostnames, f.hostnames?.(own(f), spec));
  }

  const warnings: string[] = [];
  if (op.isolate && op.apiServerDefaulted) {
    warnings.push(
      `operator.apiServer.cidrs is not set, so the operator and its proxies may reach any address on TCP ${op.apiServerPorts.join("/")}: set it to the API server endpoints (kubectl get endpoints kubernetes -n default -o jsonpath='{.subsets[*].addresses[*].ip}')`,
    );
  }
  if (managed.has("kube-system")) {
    warnings.push(
      "kube-system is under default-deny: CoreDNS and the other system pods now need declared egress (the API server, upstream DNS) or cluster DNS stops resolving",
    );
  }
  for (const ns of observing)
    warnings.push(
      `namespace ${ns} is observing (enforce: false): its allow policies exist but its default-deny does not, so nothing is blocked yet; check real traffic with \`tailnet-zerotrust observe -f ARGS --flows FLOWS\`, then set namespaces.${ns}.enforce to true (or remove it) to enforce`,
    );
  warnings.push(...dataplaneWarnings(spec));
  if (!op.isolate && op.install) {
    warnings.push(
      `operator.isolate is false, so the operator namespace ${op.namespace} is not under default-deny: the operator and its proxies may reach, and be reached from, anything (no flow of this declaration applies to them), and the proof does not judge them; leave isolate on unless another policy owns that namespace`,
    );
  }
  if (op.isolate && op.clusterCidrs.length === 0) {
    warnings.push(
      "operator.clusterCidrs is not set, so the operator's internet egress (TCP 443, UDP) also reaches pods in namespaces without default-deny: set it to the cluster's pod and Service CIDRs",
    );
  }
  warnings.push(...helmValueWarnings(spec));
  warnings.push(...cidrOverlapWarnings(flows, op.clusterCidrs));
  for (const f of FEATURES) warnings.push(...(f.warnings?.(own(f), spec) ?? []));
  if (tailnet.unchecked.length)
    warnings.push(
      `the tailnet policy has ${tailnet.unchecked.length} test assertion(s) its file does not decide (unchecked, not failed; docs/tailnet-policy.md says how to decide them): ${tailnet.unchecked.slice(0, 3).join(" | ")}${tailnet.unchecked.length > 3 ? " | ..." : ""}`,
    );
  const broken = planInvariantIssues(resources);
  if (broken.length) throw new ZeroTrustValidationError(broken);
  return {
    spec,
    operatorNamespace: op.namespace,
    managedNamespaces: [...managed].sort(),
    resources,
    flows,
    hostnames,
    tailnet,
    warnings,
    observing,
  };
}

/** The `flows` output: one sorted, human-readable line per allowed flow. */
export const flowLines = (plan: Plan) =>
  plan.flows.map((f) => {
    const observed = [f.from.namespace, f.to.namespace].filter(
      (n) => n !== undefined && plan.observing.includes(n),
    );
    return observed.length
      ? `${describeFlow(f)} (observing: ${[...new Set(observed)].join(", ")} not enforced)`
      : describeFlow(f);
  });
