import type { ValidationIssue } from "../kernel/issues";
import { distance } from "../kernel/rules";
import { quoteValue } from "../kernel/secrets";
import type { Leaf, Shape } from "../kernel/shape";
import { isRecord } from "../reach/model/records";
import { FEATURES } from "./registry";

export type { Leaf, Shape } from "../kernel/shape";

const PORT: Shape = { port: "number", endPort: "number", protocol: "string" };
const ENDPOINT: Shape = {
  namespace: "string",
  namespaceLabels: "labels",
  podLabels: "labels",
  cidr: "string",
  except: "strings",
  acknowledgeClusterOverlap: "boolean",
};
/** Built on first use: features may import this module's types while the registry is still loading. */
const buildSpecShape = (): Shape => ({
  operator: {
    oauthClientId: "secret",
    oauthClientSecret: "secret",
    install: "boolean",
    namespace: "string",
    chartVersion: "string",
    hostname: "string",
    operatorTags: "strings",
    proxyTags: "strings",
    apiServer: { cidrs: "strings", ports: "numbers" },
    clusterCidrs: "strings",
    isolate: "boolean",
    helmValues: "object",
  },
  clusterDns: { namespace: "string", podLabels: "labels" },
  namespaces: { values: { create: "boolean", labels: "labels", allowDns: "boolean", enforce: "boolean" } },
  unmanagedNamespaces: "strings",
  allow: { each: { name: "string", from: ENDPOINT, to: ENDPOINT, ports: { each: PORT } } },
  // The features' fields, in registry order, between the core's own.
  ...Object.assign({}, ...FEATURES.map((f) => f.fields)),
  dataplane: {
    cni: "string",
    version: "string",
    ciliumPolicyCidrMatchMode: "string",
    nodeLocalDns: { address: "string", podLabels: "labels" },
    kubernetesServiceIp: "string",
  },
  tailnet: {
    manage: "boolean",
    basePolicy: "string",
    createOAuthClient: "boolean",
    allowFunnel: "strings",
    includeTests: "boolean",
    domain: "string",
  },
});

const LEAF_CHECKS: { [leaf in Leaf]: { ok: (v: unknown) => boolean; expected: string } } = {
  string: { ok: (v) => typeof v === "string", expected: "a string" },
  boolean: { ok: (v) => typeof v === "boolean", expected: "true or false (unquoted)" },
  number: { ok: (v) => typeof v === "number", expected: "a number (unquoted)" },
  strings: {
    ok: (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
    expected: "a list of strings",
  },
  numbers: {
    ok: (v) => Array.isArray(v) && v.every((x) => typeof x === "number"),
    expected: "a list of numbers",
  },
  labels: {
    ok: (v) => isPlainObject(v) && Object.values(v).every((x) => typeof x === "string"),
    expected: 'a map of string labels, e.g. {"app": "web"} (quote numbers and booleans)',
  },
  object: { ok: (v) => isPlainObject(v), expected: "a map" },
  // Credentials may be Outputs (secrets) or strings; only their presence is checked.
  secret: { ok: () => true, expected: "" },
};

const isPlainObject = isRecord;

const describe = (v: unknown) => (Array.isArray(v) ? "a list" : v === null ? "null" : quoteValue(v));

/**
 * Records every unknown or mistyped field under `out`, and returns what did parse: the value with
 * those fields left out (a list item or map value that is not a map becomes `{}`, so that indices
 * and names stay as the user wrote them). The semantic checks then run on that, in the same pass.
 */
function walk(value: unknown, shape: Shape, path: string, out: ValidationIssue[]): { [k: string]: unknown } {
  if (!isPlainObject(value)) {
    out.push({ path: path || "args", message: `must be a map of fields, not ${describe(value)}` });
    return {};
  }
  const parsed: { [k: string]: unknown } = {};
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const expected = shape[key];
    if (expected === undefined) {
      out.push({ path: at, message: `is not a known field: ${suggestion(key, Object.keys(shape))}` });
    } else if (child === undefined) {
      // An absent optional field.
    } else if (typeof expected === "string") {
      const check = LEAF_CHECKS[expected];
      if (check.ok(child)) parsed[key] = child;
      else out.push({ path: at, message: `must be ${check.expected}, not ${describe(child)}` });
    } else if ("each" in expected) {
      if (!Array.isArray(child)) out.push({ path: at, message: `must be a list, not ${describe(child)}` });
      else parsed[key] = child.map((item, i) => walk(item, expected.each as Shape, `${at}[${i}]`, out));
    } else if ("values" in expected) {
      if (!isPlainObject(child)) {
        out.push({
          path: at,
          message: `must be a map keyed by name, e.g. {apps: {}}, not ${describe(child)}`,
        });
      } else
        parsed[key] = Object.fromEntries(
          Object.entries(child).map(([name, item]) => [
            name,
            walk(item ?? {}, expected.values as Shape, `${at}.${name}`, out),
          ]),
        );
    } else {
      parsed[key] = walk(child, expected as Shape, at, out);
    }
  }
  return parsed;
}

/** "did you mean" the closest known field, or the list of known fields. */
function suggestion(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const prefixed = known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  const nearest = [...known].sort((x, y) => distance(key, x) - distance(key, y))[0];
  const best = prefixed ?? (nearest && distance(key, nearest) <= 3 ? nearest : undefined);
  return best ? `did you mean "${best}"?` : `known fields: ${known.join(", ")}`;
}

/** The declaration's fields and their types (secret fields marked `secret`). */
export const declarationShape = (): Shape => specShape();

let cachedShape: Shape | undefined;
const specShape = () => {
  cachedShape ??= buildSpecShape();
  return cachedShape;
};

/** Fields the declaration does not know (each with the closest known name) or of the wrong type. */
export function unknownFields(spec: unknown): ValidationIssue[] {
  return checkShape(spec).issues;
}

/** The shape problems, and the part of the declaration that parsed (for the semantic checks). */
export function checkShape(spec: unknown): { issues: ValidationIssue[]; parsed: { [k: string]: unknown } } {
  const issues: ValidationIssue[] = [];
  const parsed = walk(spec, specShape(), "", issues);
  return { issues, parsed };
}
