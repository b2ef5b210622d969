import type { ZeroTrustSpec } from "../features/args";
import { parseDocuments } from "./files";
import { readArgsText, STDIN } from "./input";
import { CliUsageError } from "./io";

/** Stands in for the OAuth credentials, which come from Pulumi config in a real deployment. */
export const SECRET_PLACEHOLDER = "<secret: set in Pulumi config>";

/**
 * Reads a ZeroTrustCluster args file (YAML or JSON, the same fields as the component). The
 * credentials are never needed offline: when absent they are filled with a placeholder, and the
 * plan prints placeholders in any case.
 */
export function readArgsFile(file: string, cwd: string): ZeroTrustSpec {
  return withPlaceholders(
    readArgsDocument(
      file,
      cwd,
      "ZeroTrustCluster args (operator, namespaces, allow, expose, ...)",
    ) as ZeroTrustSpec,
  );
}

/** Reads the one mapping an args file holds (a ZeroTrustCluster's args, or a fleet's). */
export function readArgsDocument(file: string, cwd: string, expected: string): { [key: string]: unknown } {
  const text = readArgsText(file, cwd);
  const docs = parseDocuments(text, file === STDIN ? "<stdin>" : file).filter(
    (d) => d !== null && d !== undefined,
  );
  if (docs.length !== 1 || typeof docs[0] !== "object" || Array.isArray(docs[0])) {
    throw new CliUsageError(`${file}: expected one mapping of ${expected}`);
  }
  return docs[0] as { [key: string]: unknown };
}

/** Fills absent OAuth credentials with the placeholder, where credentials are expected at all. */
export function withPlaceholders<T extends ZeroTrustSpec>(
  spec: T,
  createOAuthClient = spec.tailnet?.createOAuthClient,
): T {
  // Only where credentials are expected: a created OAuth client replaces them.
  if (spec.operator?.install !== false && !createOAuthClient) {
    spec.operator = {
      ...spec.operator,
      oauthClientId: spec.operator?.oauthClientId ?? SECRET_PLACEHOLDER,
      oauthClientSecret: spec.operator?.oauthClientSecret ?? SECRET_PLACEHOLDER,
    };
  }
  return spec;
}
