import * as fs from "node:fs";
import * as path from "node:path";
import type { ZeroTrustSpec } from "../core/types";
import { parseDocuments } from "./files";
import { CliUsageError } from "./io";

/** Stands in for the OAuth credentials, which come from Pulumi config in a real deployment. */
export const SECRET_PLACEHOLDER = "<secret: set in Pulumi config>";

/**
 * Reads a ZeroTrustCluster args file (YAML or JSON, the same fields as the component). The
 * credentials are never needed offline: when absent they are filled with a placeholder, and the
 * plan prints placeholders in any case.
 */
export function readArgsFile(file: string, cwd: string): ZeroTrustSpec {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (err) {
    throw new CliUsageError(`${file}: cannot read: ${(err as Error).message}`);
  }
  const docs = parseDocuments(text, file).filter((d) => d !== null && d !== undefined);
  if (docs.length !== 1 || typeof docs[0] !== "object" || Array.isArray(docs[0])) {
    throw new CliUsageError(
      `${file}: expected one mapping of ZeroTrustCluster args (operator, namespaces, allow, expose, ...)`,
    );
  }
  const spec = docs[0] as ZeroTrustSpec;
  // Only where credentials are expected: a created OAuth client replaces them.
  if (spec.operator?.install !== false && !spec.tailnet?.createOAuthClient) {
    spec.operator = {
      ...spec.operator,
      oauthClientId: spec.operator?.oauthClientId ?? SECRET_PLACEHOLDER,
      oauthClientSecret: spec.operator?.oauthClientSecret ?? SECRET_PLACEHOLDER,
    };
  }
  return spec;
}
