import type { ValidationIssue } from "../tailnet/issues";
import { checkLabelKey, checkLabelValue } from "./rules";
import { redactSecrets } from "./secrets";

export type { ValidationIssue } from "../tailnet/issues";

/**
 * How validation reports problems: every issue names the field's path as the user wrote it
 * (`expose[0].hostname`) and says what to do, and all of them are thrown together.
 */

/** Thrown before anything is created; lists every problem, not just the first. */
export class ZeroTrustValidationError extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    /** What these problems kept from being checked, one sentence each: unchecked, never passed. */
    readonly unchecked: string[] = [],
  ) {
    super(
      `Invalid ZeroTrustCluster arguments (nothing was created):\n${issues
        .map((i) => `  - ${i.path}: ${redactSecrets(i.message)}`)
        .join("\n")}${uncheckedNote(unchecked)}`,
    );
    this.name = "ZeroTrustValidationError";
  }
}

/** The lines after the problems that say what was not checked because of them ("" when nothing). */
export const uncheckedNote = (unchecked: string[]) =>
  unchecked.length
    ? `\nNot checked (unchecked, not passed):\n${unchecked.map((u) => `  - ${u}`).join("\n")}`
    : "";

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
