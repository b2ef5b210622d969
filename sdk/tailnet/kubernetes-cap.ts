/**
 * The Kubernetes operator's application capability, `tailscale.com/cap/kubernetes` (tailcfg.go
 * 1608), as the API server proxy reads it (kube/kubetypes/grants.go 14-59, k8s-operator/api-proxy/
 * proxy.go 510-556): every matching grant's rules add up; `impersonate.groups` become
 * `Impersonate-Group` headers (deduplicated), `recorder` names tsrecorder tags, and one
 * `enforceRecorder: true` makes an unrecordable session fail closed.
 */
import type { TailnetIdentity, TailnetPolicyEvaluator } from "./evaluator";

/** Anything that answers capability questions: the evaluator, or a proof context over it. */
export type CapabilitySource = Pick<TailnetPolicyEvaluator, "capability">;

import { isObject } from "./policy";

export const KUBERNETES_CAPABILITY = "tailscale.com/cap/kubernetes";

/** One capability rule, as a grant's `app` entry carries it. */
export interface KubernetesCapRule {
  impersonate?: { groups?: string[] };
  recorder?: string[];
  enforceRecorder?: boolean;
  enableEvents?: boolean;
}

/** What the proxy would do for one caller, from the capability rules the caller holds at it. */
export interface KubernetesAccess {
  /** Groups the caller is impersonated as, sorted. */
  groups: string[];
  /** Recorder tags sessions go to, sorted. */
  recorders: string[];
  enforceRecorder: boolean;
  enableEvents: boolean;
  /** The grants that gave the rules. */
  grants: string[];
}

const stringsOf = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** Reads the capability `src` holds at the proxy device `proxy`. */
export function kubernetesAccess(
  source: CapabilitySource,
  src: TailnetIdentity,
  proxy: TailnetIdentity,
): KubernetesAccess {
  const decision = source.capability(src, proxy, KUBERNETES_CAPABILITY);
  const rules = decision.values.filter(isObject) as KubernetesCapRule[];
  const groups = new Set<string>();
  const recorders = new Set<string>();
  for (const rule of rules) {
    for (const g of stringsOf(isObject(rule.impersonate) ? rule.impersonate.groups : undefined))
      groups.add(g);
    for (const r of stringsOf(rule.recorder)) recorders.add(r);
  }
  return {
    groups: [...groups].sort(),
    recorders: [...recorders].sort(),
    enforceRecorder: rules.some((r) => r.enforceRecorder === true),
    enableEvents: rules.some((r) => r.enableEvents === true),
    grants: decision.matched.map((m) => m.description),
  };
}
