import { isRecord } from "../reach/model/records";
import {
  CHART_NAME,
  CHART_REPO,
  MANAGED_BY_LABEL,
  OAUTH_SECRET_KEYS,
  OAUTH_SECRET_NAME,
  PRIVILEGED_NAMESPACE_LABELS,
  RELEASE_NAME,
  TAILSCALE_CLASS,
} from "./defaults";
import type { Namespace, Secret } from "./kube";
import type { NormalizedSpec } from "./normalize";

/** What the component hands to `helm.v3.Release`. */
export interface HelmReleasePlan {
  name: string;
  chart: string;
  version: string;
  repo: string;
  namespace: string;
  values: { [key: string]: any };
}

const isObject = isRecord;

/** Merges `over` into `base` key by key; arrays and scalars in `over` replace. */
export function deepMerge(
  base: { [key: string]: any },
  over: { [key: string]: any },
): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isObject(value) && isObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/**
 * The chart values. The credentials are NOT here: the chart mounts the pre-created
 * `operator-oauth` Secret when `oauth` is unset, which keeps them out of the Helm release.
 * Mind the types: `operatorConfig.defaultTags` is a list, while `proxyConfig.defaultTags` is
 * copied verbatim into an env var the operator splits on ",", so it must be a string with no spaces.
 */
export function helmValues(
  spec: NormalizedSpec,
  featureValues: { [key: string]: any } = {},
): { [key: string]: any } {
  const op = spec.operator;
  const computed = {
    operatorConfig: { defaultTags: [...op.operatorTags], hostname: op.hostname },
    proxyConfig: { defaultTags: op.proxyTags.join(",") },
  };
  // A feature adds keys of its own; the core's win over a feature's, the user's over both.
  return deepMerge(deepMerge(featureValues, computed), op.helmValues);
}

export function helmRelease(
  spec: NormalizedSpec,
  featureValues: { [key: string]: any } = {},
): HelmReleasePlan {
  return {
    name: RELEASE_NAME,
    chart: CHART_NAME,
    version: spec.operator.chartVersion,
    repo: CHART_REPO,
    namespace: spec.operator.namespace,
    values: helmValues(spec, featureValues),
  };
}

/** The operator namespace: Pod Security `privileged`, since the L3 proxies run privileged containers. */
export function operatorNamespace(spec: NormalizedSpec): Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: spec.operator.namespace,
      labels: { ...PRIVILEGED_NAMESPACE_LABELS, ...MANAGED_BY_LABEL },
    },
  };
}

/** The credentials Secret, with placeholders where the component puts the secret values. */
export function oauthSecret(spec: NormalizedSpec, placeholder = "<secret>"): Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: OAUTH_SECRET_NAME,
      namespace: spec.operator.namespace,
      labels: { ...MANAGED_BY_LABEL },
    },
    type: "Opaque",
    stringData: { [OAUTH_SECRET_KEYS.clientId]: placeholder, [OAUTH_SECRET_KEYS.clientSecret]: placeholder },
  };
}

/**
 * The IngressClass the operator watches: the chart's `ingressClass.name` (OPERATOR_INGRESS_CLASS_NAME),
 * `tailscale` unless `helmValues` rename it. An Ingress of another class is ignored by the operator.
 */
export function ingressClassName(spec: Pick<NormalizedSpec, "operator">): string {
  const name = spec.operator.helmValues?.ingressClass?.name;
  return typeof name === "string" && name !== "" ? name : TAILSCALE_CLASS;
}

/** Warnings for `helmValues` that turn on operator behaviour the policies do not model. */
export function helmValueWarnings(spec: Pick<NormalizedSpec, "operator">): string[] {
  const op = spec.operator;
  const values = op.helmValues ?? {};
  const warnings: string[] = [];
  if (op.isolate && values.loginServer !== undefined) {
    warnings.push(
      `operator.helmValues.loginServer points the operator and its proxies at a control server the isolated operator namespace reaches only on TCP 443 and UDP: if it listens elsewhere, declare that egress in allow (from namespace ${op.namespace})`,
    );
  }
  if (values.ingressClass?.enabled === false) {
    warnings.push(
      "operator.helmValues.ingressClass.enabled is false, so no IngressClass is installed: exposures with via ingress need one created elsewhere",
    );
  }
  return warnings;
}
