/**
 * Values a policy cannot see yet. At `pulumi preview` an input that is another resource's output
 * (an auto-generated name, a Service's address) is unknown; the policy engine hands it over as a
 * sentinel behind a proxy that throws when touched. The rules here never touch the proxy: the
 * Pulumi shell copies the inputs into plain data first, with an {@link Unknown} in place of each
 * unknown value, so a rule can judge everything it does know and name what it could not check.
 */

/** A value that is known only after the update; `path` says where it sits (`spec.ingress[0]`). */
export class Unknown {
  constructor(readonly path: string) {}
}

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

/** A plain object read from YAML or from Pulumi inputs, possibly with {@link Unknown}s in it. */
export type Plain = { [key: string]: unknown };

/** The value at `path` (keys or indices), the first {@link Unknown} met on the way, or undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (isUnknown(v) || v === null || typeof v !== "object") return isUnknown(v) ? v : undefined;
    v = (v as any)[key];
  }
  return v;
}

/** Every {@link Unknown} inside a value, depth first. */
export function unknownsIn(value: unknown): Unknown[] {
  const found: Unknown[] = [];
  const visit = (v: unknown) => {
    if (isUnknown(v)) found.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** An array at a value, `[]` for undefined or anything else; unknown arrays are returned as is. */
export function list(v: unknown): unknown[] | Unknown {
  if (isUnknown(v)) return v;
  return Array.isArray(v) ? v : [];
}
