import type { ValidationIssue } from "./validate";

/**
 * The field names each part of the declaration accepts. TypeScript users get typos caught by the
 * compiler; users of YAML args files, Python or Go do not, and a misspelt `podLabel` silently
 * widening a rule to every pod is exactly the mistake a zero-trust tool must not let through.
 */
type Shape = { [field: string]: Shape | "leaf" | "map" | { each: Shape } | { values: Shape } };

const PORT: Shape = { port: "leaf", endPort: "leaf", protocol: "leaf" };
const ENDPOINT: Shape = { namespace: "leaf", podLabels: "map", cidr: "leaf", except: "leaf" };
const SPEC: Shape = {
  operator: {
    oauthClientId: "leaf",
    oauthClientSecret: "leaf",
    install: "leaf",
    namespace: "leaf",
    chartVersion: "leaf",
    hostname: "leaf",
    operatorTags: "leaf",
    proxyTags: "leaf",
    apiServer: { cidrs: "leaf", ports: "leaf" },
    clusterCidrs: "leaf",
    isolate: "leaf",
    helmValues: "map",
  },
  clusterDns: { namespace: "leaf", podLabels: "map" },
  namespaces: { values: { create: "leaf", labels: "map", allowDns: "leaf" } },
  allow: { each: { name: "leaf", from: ENDPOINT, to: ENDPOINT, ports: { each: PORT } } },
  expose: {
    each: {
      namespace: "leaf",
      service: "leaf",
      hostname: "leaf",
      podLabels: "map",
      ports: { each: { port: "leaf", targetPort: "leaf", protocol: "leaf", name: "leaf" } },
      tags: "leaf",
      access: "leaf",
      via: "leaf",
      funnel: "leaf",
      proxyClass: "leaf",
      patchExisting: "leaf",
      allowProxyTraffic: "leaf",
    },
  },
  tailnet: {
    manage: "leaf",
    basePolicy: "leaf",
    createOAuthClient: "leaf",
    allowFunnel: "leaf",
    domain: "leaf",
  },
};

/** Levenshtein distance, for "did you mean" on misspelt field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

const isPlainObject = (v: unknown): v is { [k: string]: unknown } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function walk(value: unknown, shape: Shape, path: string, out: ValidationIssue[]) {
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const expected = shape[key];
    if (expected === undefined) {
      const known = Object.keys(shape);
      const lower = key.toLowerCase();
      const prefixed = known.find(
        (k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()),
      );
      const nearest = [...known].sort((x, y) => distance(key, x) - distance(key, y))[0];
      const best = prefixed ?? (nearest && distance(key, nearest) <= 3 ? nearest : undefined);
      const hint = best ? `did you mean "${best}"?` : `known fields: ${known.join(", ")}`;
      out.push({ path: at, message: `is not a known field: ${hint}` });
    } else if (expected === "leaf" || expected === "map" || child === undefined) {
      // Leaves and free-form maps (labels, Helm values) are checked by the field rules.
    } else if ("each" in expected && Array.isArray(child)) {
      child.forEach((item, i) => walk(item, expected.each as Shape, `${at}[${i}]`, out));
    } else if ("values" in expected && isPlainObject(child)) {
      for (const [name, item] of Object.entries(child))
        walk(item, expected.values as Shape, `${at}.${name}`, out);
    } else if (!("each" in expected) && !("values" in expected)) {
      walk(child, expected as Shape, at, out);
    }
  }
}

/** Fields the declaration does not know, each with the closest known name. */
export function unknownFields(spec: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  walk(spec, SPEC, "", out);
  return out;
}
