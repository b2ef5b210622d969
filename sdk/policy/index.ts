/**
 * `tailnet-zerotrust/policy`: the guardrails as a CrossGuard policy pack. `policies` goes into a
 * `new PolicyPack(...)` (the package's policy-pack/ folder is one, ready for
 * `pulumi preview --policy-pack`); the rules themselves are plain TypeScript, also run by
 * `tailnet-zerotrust audit` over cluster exports.
 */

import { makePolicies } from "./pulumi";

export { type AuditResult, type AuditViolation, audit, auditSubjects } from "./audit";
export { RULES, type RuleEntry } from "./catalog";
export { evaluate, type LevelledFinding, type PackConfig, plainState } from "./evaluate";
export { CannotCheckUntilUpdate, plainInputs, stackState } from "./pulumi";
export type { DesiredState, Finding, Level } from "./rule";
export { type Subject, subjectOfObject, subjectOfPulumi } from "./subject";

/** Every guardrail, as `@pulumi/policy` policies. */
export const policies = makePolicies();
