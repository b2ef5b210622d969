import type { ValidationIssue } from "../tailnet/issues";
import { checkLabelKey, checkLabelValue } from "./rules";
import { redactSecrets } from "./secrets";

export type { ValidationIssue } from "../tailnet/issues";

/**
 * How validation reports problems: every issue names the field's path as the user wrote it
 * (`expose[0].hostname`) and says what to do, and all of them are thrown together.
 */

/**
 * An issue as it may be shown: secret-looking tokens cut in the message AND the path (a map key or
 * an unknown field name can be a pasted key: `namespaces.tskey-auth-…`).
 */
export const redactIssue = (i: ValidationIssue): ValidationIssue => ({
  path: redactSecrets(i.path),
  message: redactSecrets(i.message),
});

/** Thrown before anything is created; lists every problem, not just the first, secrets cut. */
export class ZeroTrustValidationError extends Error {
  readonly issues: ValidationIssue[];
  /** What these problems kept from being checked, one sentence each: unchecked, never passed. */
  readonly unchecked: string[];
  constructor(issues: ValidationIssue[], what = "ZeroTrustCluster", unchecked: string[] = []) {
    const shown = issues.map(redactIssue);
    const notChecked = unchecked.map(redactSecrets);
    super(
      `Invalid ${what} arguments (nothing was created):\n${shown.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}${
        notChecked.length
          ? `\nNot checked (unchecked, not passed):\n${notChecked.map((u) => `  - ${u}`).join("\n")}`
          : ""
      }`,
    );
    this.issues = shown;
    this.unchecked = notChecked;
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

/** Checks every key and value of a label map. */
export function checkLabels(issues: Issues, path: string, labels: { [k: string]: string } | undefined) {
  for (const [key, value] of Object.entries(labels ?? {})) {
    issues.check(`${path}["${key}"]`, checkLabelKey(key) ?? checkLabelValue(key, value));
  }
}
