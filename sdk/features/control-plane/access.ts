import { TailnetPolicyEvaluator } from "../../tailnet/evaluator";
import { identityForSource } from "../../tailnet/identity";
import { kubernetesAccess } from "../../tailnet/kubernetes-cap";
import type { TailnetPolicy } from "../../tailnet/policy";
import type { ProofContext } from "../feature";
import type { NormalizedControlPlane } from "./normalize";
import { planBindings, rolesOfGroups } from "./rbac";
import { API_PORT } from "./tailnet";
import { ApiServerProxyMode } from "./types";

/**
 * Who can do what through the API server proxy, computed rather than echoed: the grants evaluator
 * says whether each declared source reaches the proxy on 443 and which groups the capability
 * makes it impersonate (every grant of the policy counts, the base's included), and the planned
 * bindings say what those groups may do.
 */
export interface ComputedAccess {
  source: string;
  /** Where the source was declared first, e.g. `apiServerProxy.access[0].sources[1]`. */
  path: string;
  /** Whether the tailnet policy lets the source reach the proxy at all. */
  reaches: boolean;
  groups: string[];
  roles: string[];
  /** `group:sre -> k8s-api (impersonating sre) -> ClusterRole view (cluster)` */
  text: string;
}

/** The two questions access asks of a tailnet policy: the evaluator, or the proof's context over it. */
export type TailnetOracle = Pick<ProofContext, "tailnet" | "capability">;

/** An oracle over one policy (the CLI and tests; the proof passes its own context). */
export function policyOracle(policy: TailnetPolicy): TailnetOracle {
  const evaluator = new TailnetPolicyEvaluator(policy);
  return { tailnet: (q) => evaluator.check(q), capability: (s, d, n) => evaluator.capability(s, d, n) };
}

export function controlPlaneAccess(cp: NormalizedControlPlane, oracle: TailnetOracle): ComputedAccess[] {
  const proxy = { kind: "tagged" as const, tags: cp.deviceTags };
  const bindings = planBindings(cp);
  const declared = new Map<string, string>();
  cp.access.forEach((a, i) =>
    a.sources.forEach((s, j) => {
      if (!declared.has(s)) declared.set(s, `apiServerProxy.access[${i}].sources[${j}]`);
    }),
  );
  return [...declared.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([source, path]) => {
      const src = identityForSource(source);
      const reaches = oracle.tailnet({ src, dst: proxy, port: API_PORT, proto: "tcp" }).allowed;
      const caps = kubernetesAccess(oracle, src, proxy);
      const auth = cp.mode === ApiServerProxyMode.Auth;
      const groups = auth ? caps.groups : [];
      const roles = rolesOfGroups(groups, bindings);
      const recorded = caps.recorders.length
        ? `; recorded by ${caps.recorders.join(", ")}${caps.enforceRecorder ? ", enforced" : ""}`
        : "";
      const how = auth
        ? `${groups.length ? `impersonating ${groups.join(", ")}` : "impersonating only its own identity"}${recorded}`
        : `noauth: its own Kubernetes credentials${recorded}`;
      const what = auth ? ` -> ${roles.length ? roles.join(", ") : "no role bound here"}` : "";
      const text = reaches
        ? `${source} -> ${cp.hostname} (${how})${what}`
        : `${source} -> ${cp.hostname}: refused by the tailnet policy (no grant on tcp:${API_PORT})`;
      return { source, path, reaches, groups, roles, text };
    });
}

/**
 * Declared access that the policy does not deliver: a source that cannot reach the proxy, or
 * that lacks a group its entry names. Empty when the plan holds.
 */
export function controlPlaneViolations(cp: NormalizedControlPlane, access: ComputedAccess[]): string[] {
  const bySource = new Map(access.map((a) => [a.source, a]));
  const problems: string[] = [];
  cp.access.forEach((entry, i) =>
    entry.sources.forEach((s, j) => {
      const got = bySource.get(s);
      if (!got) return;
      const at = `apiServerProxy.access[${i}].sources[${j}]`;
      if (!got.reaches)
        problems.push(`${at}: "${s}" cannot reach ${cp.hostname} on tcp:${API_PORT}: ${got.text}`);
      else if (cp.mode === ApiServerProxyMode.Auth) {
        const missing = entry.groups.filter((g) => !got.groups.includes(g));
        if (missing.length)
          problems.push(`${at}: "${s}" would not be impersonated as ${missing.join(", ")} at ${cp.hostname}`);
      }
    }),
  );
  return problems;
}
