import type { Issues } from "./issues";
import { quoteValue, secretKind } from "./secrets";

/**
 * The declaration-wide secret check (issue 23): a secret-looking value in any plain field is an
 * issue. Apart from secrets.ts (how a secret looks, how it is quoted and redacted), because
 * issues.ts redacts every message with that file and this one reports through `Issues`.
 */

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
