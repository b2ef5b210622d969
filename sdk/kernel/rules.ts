import { PROTOCOLS as POLICY_PROTOCOLS } from "../reach/model/ports";
import { tagProblem } from "../tailnet/selectors";

/**
 * Field-level checks shared by the validator: each returns why a value is unacceptable (quoting
 * it and suggesting the fix), or undefined when it is fine. The rules are Kubernetes' and
 * Tailscale's own, so that bad input fails here instead of half-way through `pulumi up`.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TAILNET_HOSTNAME = /^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The protocols a flow may name: reach's list, as the mutable `string[]` this export always had. */
export const PROTOCOLS: string[] = [...POLICY_PROTOCOLS];

/** Lower-cases and replaces runs of other characters with "-", for "did you mean" suggestions. */
export const slug = (text: string, max = 63) =>
  String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "") || "x";

function dnsLabelProblem(value: string, what: string, pattern: RegExp, rule: string): string | undefined {
  if (typeof value !== "string" || value === "") return `${what} must be a non-empty string`;
  if (value.length > 63) {
    return `"${value}" is ${value.length} characters long; ${what} allows at most 63, e.g. "${slug(value)}"`;
  }
  if (!pattern.test(value)) return `"${value}" is not a valid ${what}: ${rule}, e.g. "${slug(value)}"`;
  return undefined;
}

/** A namespace name, or any other RFC 1123 label (flow names). */
export const checkDnsLabel = (value: string, what = "name") =>
  dnsLabelProblem(
    value,
    what,
    DNS_LABEL,
    'use lower-case letters, digits and "-", starting and ending alphanumeric',
  );

/** A Service name (RFC 1035: it must start with a letter). */
export const checkServiceName = (value: string) =>
  dnsLabelProblem(
    value,
    "Service name",
    DNS_1035_LABEL,
    'use lower-case letters, digits and "-", starting with a letter and ending alphanumeric',
  );

/** A tailnet device name (Tailscale's dnsname.ValidLabel: 1-63 of [A-Za-z0-9-]). */
export const checkTailnetHostname = (value: string) =>
  dnsLabelProblem(value, "tailnet hostname", TAILNET_HOSTNAME, 'use letters, digits and "-" only');

/** A label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function checkLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `label key "${key}" has an invalid prefix "${prefix}": it must be a lower-case DNS subdomain such as "example.com"`;
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `label key "${key}" is invalid: the name part must be 1-63 characters of letters, digits, "-", "_" and ".", starting and ending alphanumeric`;
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of letters, digits, "-", "_", ".". */
export function checkLabelValue(key: string, value: string): string | undefined {
  if (typeof value !== "string")
    return `label "${key}" must have a string value, not ${JSON.stringify(value)}`;
  if (value === "") return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return `label "${key}" has the invalid value "${value}": use at most 63 letters, digits, "-", "_" and ".", starting and ending alphanumeric, e.g. "${slug(value)}"`;
  }
  return undefined;
}

/** A Tailscale ACL tag (tailcfg.CheckTag), with no spaces anywhere: the tailnet module's rule. */
export const checkTag = (value: string): string | undefined => tagProblem(value);

export function checkPort(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    return `${JSON.stringify(value)} is not a port: use a whole number from 1 to 65535`;
  }
  return undefined;
}

export function checkProtocol(value: string, allowed = PROTOCOLS): string | undefined {
  if (allowed.includes(value)) return undefined;
  const upper = String(value).toUpperCase();
  const hint = allowed.includes(upper) ? `write "${upper}" (upper case)` : `use one of ${allowed.join(", ")}`;
  return `"${value}" is not a protocol: ${hint}`;
}

export function checkExactVersion(value: string): string | undefined {
  if (EXACT_VERSION.test(value)) return undefined;
  const bare = String(value)
    .replace(/^[v^~=]+/, "")
    .replace(/\.x$/, ".0");
  const hint = EXACT_VERSION.test(bare) ? `, e.g. "${bare}"` : "";
  return `"${value}" is not an exact chart version: pin one published version such as "1.102.2" (no ranges, "v" or "latest")${hint}`;
}

/** A Service port name: an IANA service name (at most 15 lower-case letters, digits and "-", with a letter). */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;

export function checkPortName(value: string): string | undefined {
  if (value.length <= 15 && PORT_NAME.test(value)) return undefined;
  return `"${value}" is not a valid port name: at most 15 lower-case letters, digits and single "-", with at least one letter, e.g. "http"`;
}

/**
 * Plain scalars a YAML parser reads as something other than a string (YAML 1.1 booleans and null,
 * integers in any base, exponent floats), as go-yaml resolves them. A chart that renders a value
 * unquoted (`value: {{ .Values.x }}`) turns such a string into a number or a boolean.
 */
const YAML_NON_STRING = [
  /^(y|yes|n|no|true|false|on|off|null)$/i,
  /^[0-9]+$/,
  /^0[xob][0-9a-f]+$/i,
  /^[0-9]+e[0-9]+$/i,
];

/** A value the chart renders unquoted: it must stay a string when the rendered YAML is parsed. */
export function checkYamlString(value: string, what: string): string | undefined {
  if (!YAML_NON_STRING.some((re) => re.test(value))) return undefined;
  return `"${value}" would be read as a number or a boolean where the chart renders the ${what} unquoted, and the Deployment refused: add a letter-led part, e.g. "ts-${value.toLowerCase()}"`;
}

/** Levenshtein distance, for "did you mean" on misspelt field names. */
export function distance(a: string, b: string): number {
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
