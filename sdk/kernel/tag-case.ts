import { DEFAULT_OPERATOR_TAGS, DEFAULT_PROXY_TAGS } from "./defaults";
import type { Issues } from "./issues";
import type { CoreSpec } from "./types";

/**
 * Tags without case (issue 23): Tailscale compares tags case-insensitively, so `tag:K8s-Operator`
 * on an exposure IS the operator's `tag:k8s-operator`, and a grant to it opens the operator (the
 * API server proxy). Every tag the declaration writes, wherever it is (operator and proxy tags,
 * exposures, egress, proxy groups, connectors, access sources...), must be spelt the way its first
 * use (the operator's defaults first) spells it; a second spelling is refused.
 */

const isTag = (v: string) => v.slice(0, 4).toLowerCase() === "tag:";

/** Every `tag:` string in a value, with its path. */
function collect(value: unknown, path: string, out: { tag: string; path: string }[], depth = 0) {
  if (depth > 32) return;
  if (typeof value === "string") {
    if (isTag(value)) out.push({ tag: value, path });
  } else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${path}[${i}]`, out, depth + 1));
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) {
      // Helm values and the base policy are other documents, with their own readers.
      if (k === "helmValues" || k === "basePolicy") continue;
      collect(v, path ? `${path}.${k}` : k, out, depth + 1);
    }
}

export function checkTagCase(issues: Issues, spec: CoreSpec): void {
  const found: { tag: string; path: string }[] = [];
  if (spec.operator?.operatorTags === undefined)
    found.push(...DEFAULT_OPERATOR_TAGS.map((tag) => ({ tag, path: "operator.operatorTags (default)" })));
  if (spec.operator?.proxyTags === undefined)
    found.push(...DEFAULT_PROXY_TAGS.map((tag) => ({ tag, path: "operator.proxyTags (default)" })));
  collect(spec, "", found);
  const first = new Map<string, { tag: string; path: string }>();
  for (const f of found) {
    const key = f.tag.toLowerCase();
    const seen = first.get(key);
    if (!seen) first.set(key, f);
    else if (seen.tag !== f.tag)
      issues.add(
        f.path,
        `${JSON.stringify(f.tag)} is ${JSON.stringify(seen.tag)} (${seen.path}) but for case: Tailscale compares tags without case, so they are the same tag; write ${JSON.stringify(seen.tag)}, or choose another tag`,
      );
  }
}
