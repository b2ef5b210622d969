import { checkLabelKey, checkLabelValue } from "./rules";
import { redactSecrets } from "./secrets";

/**
 * How validation reports problems: every issue names the field's path as the user wrote it
 * (`expose[0].hostname`) and says what to do, and all of them are thrown together.
 */

/** One problem with the arguments: the field's path (as the user wrote it) and what to do. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Thrown before anything is created; lists every problem, not just the first. */
export class ZeroTrustValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(
      `Invalid ZeroTrustCluster arguments (nothing was created):\n${issues
        .map((i) => `  - ${i.path}: ${redactSecrets(i.message)}`)
        .join("\n")}`,
    );
    this.name = "ZeroTrustValidationError";
  }
}

/** Collects issues; `check` records a rule's message under a path when the rule fails. */
export class Issues {
  readonly list: ValidationIssue[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  check(path: string, message: string | undefined) {
    if (message) this.add(path, message);
  }
}

/** A message from a checker that already starts with its field path (`expose[0].access[1]: ...`), without it. */
export const withoutPath = (message: string, path: string) =>
  message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;

/** Checks every key and value of a label map. */
export function checkLabels(issues: Issues, path: string, labels: { [k: string]: string } | undefined) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    issues.check(`${path}["${key}"]`, checkLabelKey(key) ?? checkLabelValue(key, value));
  }
}
