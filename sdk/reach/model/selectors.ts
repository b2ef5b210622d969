import { FieldError } from "./errors";
import { isRecord } from "./records";

/**
 * Kubernetes label selectors (meta/v1 LabelSelector), compiled once into a list of requirements so
 * that matching a pod or a namespace is a short loop without re-reading the raw object.
 */

/** The labels of a pod or namespace read from the cluster (the kernel's `Labels` is the map the planner writes). */
export type ReadonlyLabels = Readonly<Record<string, string>>;

/** The four `matchExpressions` operators (R18-R21); `matchLabels` entries become `In` with one value. */
export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: ReadonlySet<string>;
}

/** A compiled label selector. All requirements are ANDed (R22); no requirement selects everything (R16). */
export class Selector {
  /** A canonical text, equal for selectors that select the same objects by construction; used as a cache key. */
  readonly key: string;

  constructor(readonly requirements: readonly Requirement[]) {
    this.key = requirements
      .map((r) => `${r.key} ${r.operator} ${[...r.values].sort().join(",")}`)
      .sort()
      .join(";");
  }

  /** Whether the selector is empty, i.e. selects every object (`{}`). */
  get selectsAll(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: ReadonlyLabels): boolean {
    for (const r of this.requirements) {
      const has = Object.hasOwn(labels, r.key);
      switch (r.operator) {
        case "In":
          if (!has || !r.values.has(labels[r.key])) return false;
          break;
        case "NotIn": // matches objects lacking the key too (R19)
          if (has && r.values.has(labels[r.key])) return false;
          break;
        case "Exists":
          if (!has) return false;
          break;
        case "DoesNotExist":
          if (has) return false;
          break;
      }
    }
    return true;
  }

  /** Human form, as kubectl prints selectors: `app=web,tier in (a,b),!legacy`; `{}` selects all. */
  toString(): string {
    if (this.selectsAll) return "{}";
    return this.requirements
      .map((r) => {
        const values = [...r.values].join(",");
        switch (r.operator) {
          case "In":
            return r.values.size === 1 ? `${r.key}=${values}` : `${r.key} in (${values})`;
          case "NotIn":
            return `${r.key} notin (${values})`;
          case "Exists":
            return r.key;
          default:
            return `!${r.key}`;
        }
      })
      .join(",");
  }
}

/** The empty selector, which selects every object. */
export const SELECT_ALL = new Selector([]);

const OPERATORS: ReadonlySet<string> = new Set(["In", "NotIn", "Exists", "DoesNotExist"]);

/**
 * Compiles a raw selector. `null`/`undefined` yield the empty selector, which is what the API does
 * for `spec.podSelector` (R03); callers that must tell "absent" from "empty" check before calling.
 * Throws {@link FieldError} at `path` for shapes the apiserver would reject.
 */
export function parseSelector(raw: unknown, path: string): Selector {
  if (raw === undefined || raw === null) return SELECT_ALL;
  if (!isRecord(raw)) throw new FieldError(path, "a label selector must be an object");
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = raw;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) throw new FieldError(`${path}.matchLabels`, "must be a map of strings");
    for (const [key, value] of Object.entries(matchLabels)) {
      if (typeof value !== "string") {
        throw new FieldError(
          `${path}.matchLabels.${key}`,
          `label value must be a string, got ${JSON.stringify(value)}`,
        );
      }
      assertLabelKey(key, `${path}.matchLabels`);
      assertLabelValue(value, `${path}.matchLabels.${key}`);
      requirements.push({ key, operator: "In", values: new Set([value]) });
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) throw new FieldError(`${path}.matchExpressions`, "must be a list");
    for (const [i, expr] of matchExpressions.entries()) {
      requirements.push(parseRequirement(expr, `${path}.matchExpressions[${i}]`));
    }
  }
  return new Selector(requirements);
}

function parseRequirement(raw: unknown, path: string): Requirement {
  if (!isRecord(raw)) throw new FieldError(path, "must be an object with key, operator and values");
  const { key, operator, values } = raw;
  if (typeof key !== "string" || key === "")
    throw new FieldError(`${path}.key`, "must be a non-empty string");
  assertLabelKey(key, `${path}.key`);
  if (typeof operator !== "string" || !OPERATORS.has(operator)) {
    throw new FieldError(
      `${path}.operator`,
      `must be In, NotIn, Exists or DoesNotExist, got ${JSON.stringify(operator)}`,
    );
  }
  const list = values === undefined || values === null ? [] : values;
  if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) {
    throw new FieldError(`${path}.values`, "must be a list of strings");
  }
  const needsValues = operator === "In" || operator === "NotIn";
  if (needsValues && list.length === 0)
    throw new FieldError(`${path}.values`, `must not be empty for ${operator}`);
  if (!needsValues && list.length > 0)
    throw new FieldError(`${path}.values`, `must be empty for ${operator}`);
  (list as string[]).forEach((v, i) => {
    assertLabelValue(v, `${path}.values[${i}]`);
  });
  return { key, operator: operator as SelectorOperator, values: new Set(list as string[]) };
}

// The API server's rules for label keys and values (apimachinery validation IsQualifiedName and
// IsValidLabelValue): an object breaking them is refused, so it can never select anything.
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_RULE =
  "must be at most 63 characters, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyName', 'my.name', '123-abc')";

/** Why `key` is not a valid label key, or `undefined` when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return "its prefix must be a lowercase DNS subdomain of at most 253 characters (e.g. 'example.com')";
  if (name.length > 63 || !NAME_PART.test(name)) return `its name part ${NAME_RULE}`;
  return undefined;
}

/** Why `value` is not a valid label value, or `undefined` when it is (empty is valid). */
export function labelValueProblem(value: string): string | undefined {
  return value === "" || (value.length <= 63 && NAME_PART.test(value))
    ? undefined
    : `a label value ${NAME_RULE}`;
}

export function assertLabelKey(key: string, path: string): void {
  const problem = labelKeyProblem(key);
  if (problem) throw new FieldError(path, `invalid label key ${JSON.stringify(key)}: ${problem}`);
}

export function assertLabelValue(value: string, path: string): void {
  const problem = labelValueProblem(value);
  if (problem) throw new FieldError(path, `invalid label value ${JSON.stringify(value)}: ${problem}`);
}
