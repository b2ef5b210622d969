/**
 * One problem, located: the path of what it is about and what to do. This is the shape every
 * validation issue has (sdk/kernel/issues.ts re-exports it as the declaration's `ValidationIssue`);
 * it is defined here, at the bottom, because the tailnet policy library reports its problems the
 * same way. For a policy document the path is inside the document (`grants[2].ip[0]`,
 * `tagOwners["tag:ci"]`, `ssh[1]`) and "" means the document as a whole (it does not parse, it is
 * not an object); for a generated fragment it is the argument the fragment came from
 * (`expose[1].tags`).
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The issue as one line: `path: message`, or the message alone when it is about the whole document. */
export const issueLine = (issue: ValidationIssue): string =>
  issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;

/** A document path under the path of the field holding the document: `tailnet.basePolicy` + `grants[0]`. */
export function pathUnder(base: string, path: string): string {
  if (path === "") return base;
  if (base === "" || path.startsWith("[")) return `${base}${path}`;
  return `${base}.${path}`;
}
