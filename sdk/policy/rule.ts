import { type Subject, subjectKey } from "./subject";
import { isUnknown, type Unknown } from "./unknown";

/** The shapes every rule shares: how it reports, and how it names what it could not check. */

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

/** What a rule found: a violation, or a part it cannot judge before the update. */
export interface Finding {
  readonly policy: string;
  /** `Kind namespace/name`, or undefined for the stack as a whole. */
  readonly resource?: string;
  readonly message: string;
  /** Set when the rule could not judge (a value unknown at preview): never a pass, never a failure. */
  readonly unchecked?: boolean;
  /** The Pulumi resource name of the subject, to find its URN in a stack. */
  readonly pulumiName?: string;
}

/** Where a rule reports; both the Pulumi shell and `audit` provide one. */
export interface Reporter {
  violation(message: string, subject?: Subject): void;
  /** The rule could not judge `subject` before the update, for `reason`. */
  unchecked(reason: string, subject?: Subject): void;
}

/** A rule over one object. `config` has every default filled in. */
export interface ResourceRule<C> {
  readonly name: string;
  /** The kinds it reads; others are skipped without a call. */
  readonly kinds: readonly string[];
  check(subject: Subject, config: C, report: Reporter): void;
}

/** A rule over the whole desired state (the stack, or an export). */
export interface StackRule<C> {
  readonly name: string;
  check(state: DesiredState, config: C, report: Reporter): void;
}

/** The objects of a stack or export, with what links a NetworkPolicy to its Namespace when names are unknown. */
export interface DesiredState {
  readonly subjects: readonly Subject[];
  /**
   * For a NetworkPolicy (or other namespaced object) whose `metadata.namespace` is unknown at
   * preview, the Namespace subject it takes it from (Pulumi `propertyDependencies.metadata`).
   */
  readonly namespaceOf: ReadonlyMap<Subject, Subject>;
}

/**
 * Whether an allow-list (`namespace/name` or `namespace/*` entries) names the subject; an
 * {@link Unknown} when the subject's name or namespace is not known yet and the list is not empty.
 */
export function allowListed(list: readonly string[], subject: Subject): boolean | Unknown {
  if (list.length === 0) return false;
  const key = subjectKey(subject);
  if (isUnknown(key)) return key;
  const ns = key.split("/")[0];
  return list.includes(key) || list.includes(`${ns}/*`) || list.includes("*");
}

/** The subject's namespace: its text, an {@link Unknown}, or "default" when not set. */
export function namespaceText(subject: Subject): string | Unknown {
  const ns = (subject.object.metadata as any)?.namespace;
  if (isUnknown(ns)) return ns;
  return typeof ns === "string" && ns !== "" ? ns : "default";
}

/** Reports `message` unless the allow-list names the subject; reports unchecked when it cannot tell. */
export function violationUnlessAllowed(
  list: readonly string[],
  subject: Subject,
  report: Reporter,
  message: string,
): void {
  const allowed = allowListed(list, subject);
  if (allowed === true) return;
  if (allowed === false) report.violation(message, subject);
  else
    report.unchecked(
      `${subject.ref} would be reported (${message.split(":")[0]}), but its ${allowed.path} is unknown until the update, so the allow-list cannot be matched`,
      subject,
    );
}
