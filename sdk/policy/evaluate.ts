import { configOf, RULES, type RuleEntry } from "./catalog";
import type { DesiredState, Finding, Level, Reporter } from "./rule";
import type { Subject } from "./subject";

/**
 * Runs the rules over plain objects, without Pulumi: what `audit` does with an export. The pack
 * (pulumi.ts) runs the same rules one resource at a time as the policy engine asks.
 */

/** Per rule: a level, or `{ enforcementLevel?, ...config }`, as in `--policy-pack-config`. */
export type PackConfig = { [rule: string]: Level | ({ enforcementLevel?: Level } & Record<string, unknown>) };

export interface LevelledFinding extends Finding {
  readonly enforcementLevel: Level;
}

/** The level and config a pack config gives a rule. */
export function settingsOf(
  entry: RuleEntry,
  pack: PackConfig = {},
): { level: Level; config: Record<string, unknown> } {
  const given = pack[entry.name];
  if (typeof given === "string") return { level: given, config: configOf(entry) };
  const { enforcementLevel, ...rest } = given ?? {};
  return { level: enforcementLevel ?? entry.enforcementLevel, config: configOf(entry, rest) };
}

/** A reporter that collects findings of one rule. */
export function collector(policy: string, into: Finding[]): Reporter {
  return {
    violation: (message, subject) =>
      into.push({ policy, resource: subject?.ref, message, pulumiName: subject?.pulumiName }),
    unchecked: (message, subject) =>
      into.push({
        policy,
        resource: subject?.ref,
        message: `cannot check until update: ${message}`,
        unchecked: true,
      }),
  };
}

/** Every finding of every enabled rule over the state, in rule order. */
export function evaluate(state: DesiredState, pack: PackConfig = {}): LevelledFinding[] {
  const out: LevelledFinding[] = [];
  for (const entry of RULES) {
    const { level, config } = settingsOf(entry, pack);
    if (level === "disabled") continue;
    const found: Finding[] = [];
    const report = collector(entry.name, found);
    if ("resource" in entry.rule) {
      const rule = entry.rule.resource;
      for (const s of state.subjects) if (rule.kinds.includes(s.kind)) rule.check(s, config, report);
    } else {
      entry.rule.stack.check(state, config, report);
    }
    // A remediated violation that is still there is a mandatory one (as the policy engine reports it).
    const effective: Level = level === "remediate" ? "mandatory" : level;
    for (const f of found) out.push({ ...f, enforcementLevel: f.unchecked ? "advisory" : effective });
  }
  return out;
}

/** The state of plain objects: no unknowns, so no links are needed. */
export const plainState = (subjects: readonly Subject[]): DesiredState => ({
  subjects,
  namespaceOf: new Map(),
});
