import type { Issues } from "./issues";

/**
 * Secrets stay out of plain fields (issue 23): a Tailscale key (`tskey-...`) or a private key
 * pasted as a hostname, a label value, a tag or a Helm value would land in plaintext in the
 * Kubernetes objects, the Pulumi state and the outputs. Only the fields declared as secrets
 * (`operator.oauthClientId`, `operator.oauthClientSecret`) may hold one. And no error ever quotes
 * more than a short prefix of a value that may be a secret.
 */

const TAILSCALE_KEY = /tskey-[a-z0-9_-]*/i;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** What the value looks like, or undefined when it looks like no secret. */
export function secretKind(value: string): string | undefined {
  if (TAILSCALE_KEY.test(value)) return "a Tailscale key";
  if (PRIVATE_KEY.test(value)) return "a private key";
  return undefined;
}

/** How many characters of a value an error may show. */
export const SHOWN = 12;

/**
 * A value as an error may quote it: JSON-quoted, cut to a short prefix when long, and a secret
 * cut to the prefix that names its kind (`"tskey-auth-…"`).
 */
export function quoteValue(value: unknown, max = 40): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const limit = secretKind(text) !== undefined ? SHOWN : max;
  if (text.length <= limit) return typeof value === "string" ? JSON.stringify(text) : text;
  const cut = `${text.slice(0, limit)}…`;
  return typeof value === "string"
    ? `${JSON.stringify(cut).slice(0, -1)}" (${text.length} characters)`
    : `${cut} (${text.length} characters)`;
}

/** A message with every secret-looking token in it cut to its prefix. */
export function redactSecrets(message: string): string {
  return message
    .replace(/tskey-[a-z0-9_-]*/gi, (k) => (k.length > SHOWN ? `${k.slice(0, SHOWN)}…` : k))
    .replace(
      /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
      "-----BEGIN $1PRIVATE KEY-----…",
    );
}

type ShapeLike = { [field: string]: unknown };

/**
 * Refuses a secret-looking string anywhere in the declaration but the secret fields: every string,
 * list item, label key and value, map key and nested Helm value, by the declaration's shape.
 */
export function checkNoSecrets(issues: Issues, value: unknown, shape: ShapeLike, path = ""): void {
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const expected = shape[key];
    if (expected === "secret") continue;
    if (expected === undefined || typeof expected === "string") scan(issues, at, child, 0);
    else if (typeof expected === "object" && expected !== null && "each" in expected) {
      if (Array.isArray(child))
        child.forEach((item, i) =>
          checkNoSecrets(issues, item, (expected as { each: ShapeLike }).each, `${at}[${i}]`),
        );
    } else if (typeof expected === "object" && expected !== null && "values" in expected) {
      if (typeof child === "object" && child !== null)
        for (const [name, item] of Object.entries(child)) {
          refuse(issues, `${at}`, name, "a key");
          checkNoSecrets(issues, item, (expected as { values: ShapeLike }).values, `${at}.${name}`);
        }
    } else checkNoSecrets(issues, child, expected as ShapeLike, at);
  }
}

function refuse(issues: Issues, path: string, text: string, what = "its value") {
  const kind = secretKind(text);
  if (kind)
    issues.add(
      path,
      `${what === "a key" ? "has a key that" : ""} looks like ${kind} (${quoteValue(text)}): a plain field would store it in plaintext in the objects, the Pulumi state and the outputs; pass credentials only as operator.oauthClientId/oauthClientSecret (Pulumi secrets), and revoke this one if it was real`.trim(),
    );
}

/** Every string under a value (lists, maps, their keys), depth-capped against cycles. */
function scan(issues: Issues, path: string, value: unknown, depth: number): void {
  if (depth > 64) {
    issues.add(path, "is nested more than 64 levels deep, deeper than any real value: flatten it");
    return;
  }
  if (typeof value === "string") refuse(issues, path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => scan(issues, `${path}[${i}]`, v, depth + 1));
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) {
      refuse(issues, path, k, "a key");
      scan(issues, `${path}.${k}`, v, depth + 1);
    }
}
