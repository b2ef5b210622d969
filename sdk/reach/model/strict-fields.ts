import { FieldError } from "./errors";
import { isRecord } from "./records";

/**
 * Unknown fields in a policy object read from a repository. The API server drops a field its
 * schema does not have (CRDs prune unknown fields), but `kubectl apply` asks it for strict field
 * validation (`--validate=strict`, the default since kubectl 1.27), which refuses the whole object:
 * `strict decoding error: unknown field "spec.ingress[0].ports"`. So such an object never reaches
 * the cluster the way it is written, and reading it as if the field were not there would answer
 * for a cluster the repository cannot produce: it is refused, naming the field and the fix.
 * (A `kubectl get` export never has unknown fields: the server pruned them.)
 */

/** Fields a user writes for another API version or kind, and what to write instead. */
export type FieldFixes = Readonly<Record<string, string>>;

/** Throws when `raw` has a field outside `known` (`null` values are absent, as in YAML). */
export function knownFieldsOnly(
  raw: unknown,
  path: string,
  known: readonly string[],
  fixes: FieldFixes = {},
): void {
  if (!isRecord(raw)) return;
  for (const [field, value] of Object.entries(raw)) {
    if (known.includes(field) || value === undefined || value === null) continue;
    const fix = fixes[field] ?? `remove it or correct its name (the fields here: ${known.join(", ")})`;
    throw new FieldError(
      `${path}.${field}`,
      `is not a field of this schema: kubectl apply refuses the object (strict field validation, the default since kubectl 1.27; without it the API server drops the field). Fix: ${fix}`,
    );
  }
}

/** A `metav1.LabelSelector`: `matchLabels`, and `matchExpressions` of `key`, `operator`, `values`. */
export function knownSelectorFields(raw: unknown, path: string): void {
  knownFieldsOnly(raw, path, ["matchLabels", "matchExpressions"]);
  if (!isRecord(raw) || !Array.isArray(raw.matchExpressions)) return;
  raw.matchExpressions.forEach((e, i) =>
    knownFieldsOnly(e, `${path}.matchExpressions[${i}]`, ["key", "operator", "values"]),
  );
}
