/**
 * Secrets stay out of plain fields (issue 23): a Tailscale key (`tskey-...`) or a private key
 * pasted as a hostname, a label value, a tag or a Helm value would land in plaintext in the
 * Kubernetes objects, the Pulumi state and the outputs. Only the fields declared as secrets
 * (`operator.oauthClientId`, `operator.oauthClientSecret`) may hold one. And no error ever quotes
 * more than a short prefix of a value that may be a secret. The check over a whole declaration,
 * which reports through `Issues`, is in secret-check.ts (issues.ts redacts with this file).
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
