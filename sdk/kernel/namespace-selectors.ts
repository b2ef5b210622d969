import type { Labels } from "./kube";
import type { CoreSpec, FlowEndpoint } from "./types";

/**
 * Platform-wide flow endpoints: `namespaceLabels` selects the namespaces of `namespaces` whose
 * labels include every given one (`{}`: all of them). A selecting flow expands to one ordinary
 * flow per selected namespace before anything is planned, so its policies, the proof and the
 * `flows` output are exactly those of the flows a user would have written by hand.
 */

/** `team=shop,tier=web`, or `*` for every managed namespace. */
export const describeNamespaceLabels = (labels: Labels) => {
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(",") : "*";
};

/** The names of `spec.namespaces` whose labels include `selector`, sorted. */
export function selectedNamespaces(spec: CoreSpec, selector: Labels): string[] {
  return Object.entries(spec.namespaces ?? {})
    .filter(([, ns]) => Object.entries(selector).every(([k, v]) => ns?.labels?.[k] === v))
    .map(([name]) => name)
    .sort();
}

/** A flow endpoint with one namespace in place of `namespaceLabels`. */
export interface ExpandedEndpoint {
  readonly endpoint: FlowEndpoint;
  /** `namespaceLabels team=shop` when the namespace was selected, for the `flows` output. */
  readonly selectedBy?: string;
}

/** The endpoints a flow side stands for: itself, or one per selected namespace. */
export function expandEndpoint(spec: CoreSpec, ep: FlowEndpoint): ExpandedEndpoint[] {
  if (ep.namespaceLabels === undefined) return [{ endpoint: ep }];
  const selectedBy = `namespaceLabels ${describeNamespaceLabels(ep.namespaceLabels)}`;
  return selectedNamespaces(spec, ep.namespaceLabels).map((namespace) => ({
    endpoint: { namespace, ...(ep.podLabels ? { podLabels: ep.podLabels } : {}) },
    selectedBy,
  }));
}
