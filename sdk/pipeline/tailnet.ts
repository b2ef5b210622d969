import type { ValidationIssue } from "../kernel/issues";
import type { NormalizedSpec } from "../kernel/normalize";
import type { TailnetPlan } from "../kernel/tailnet-plan";
import { combineFragments } from "../tailnet/combine";
import { HujsonSyntaxError } from "../tailnet/hujson";
import { withLine } from "../tailnet/locate";
import { mergeTailnetPolicy } from "../tailnet/merge";
import { canonicalJson, type TailnetPolicy, TailnetPolicyError } from "../tailnet/policy";
import { runPolicyTests } from "../tailnet/policy-tests";
import { verifyTailnetPolicy } from "../tailnet/verify";
import { FEATURES } from "./registry";

export type { TailnetPlan } from "../kernel/tailnet-plan";

/** Each feature's part of the fragment. @throws TailnetPolicyError from a feature's part. */
const fragmentParts = (spec: NormalizedSpec) =>
  FEATURES.flatMap((f) => (f.tailnet ? [{ feature: f, part: f.tailnet(spec.features[f.id], spec) }] : []));

/** The fragment: every feature's part, united. @throws TailnetPolicyError from a feature's part. */
export function tailnetFragment(spec: NormalizedSpec): TailnetPolicy {
  return combineFragments(fragmentParts(spec).map((p) => p.part));
}

/** The args field of the feature whose part holds this policy test (the place to look), else `expose`. */
function testOwner(spec: NormalizedSpec, test: unknown): string {
  const text = canonicalJson(test);
  const owner = fragmentParts(spec).find((p) => (p.part.tests ?? []).some((t) => canonicalJson(t) === text));
  return Object.keys(owner?.feature.fields ?? {})[0] ?? "expose";
}

/** Paths a feature's tailnet error may start with: its own fields, and the operator's tag lists. */
const featurePath = () =>
  new RegExp(
    `^(${[...FEATURES.flatMap((f) => Object.keys(f.fields)), "operatorTags", "proxyTags", "tagOwners", "grants", "tests"].join("|")})`,
  );

/** Splits a multi-line tailnet error (`expose[0].access[1]: ...` per line) into validation issues. */
function issuesOf(err: Error, fallbackPath: string): ValidationIssue[] {
  return err.message
    .split("\n")
    .map((line) => line.trim().replace(/^- /, ""))
    .filter(Boolean)
    .map((line) => {
      const match = line.match(/^([\w.[\]"-]+): (.*)$/s);
      return match && featurePath().test(match[1])
        ? { path: match[1].replace(/^(operatorTags|proxyTags)/, "operator.$1"), message: match[2] }
        : { path: fallbackPath, message: line };
    });
}

/**
 * Generates the fragment, merges it into the base policy, and checks the result offline (tag
 * owners, groups, and the policy's own `tests`), because Tailscale checks them only when
 * `pulumi up` saves the policy. Returns the plan, or the problems as validation issues.
 */
export function planTailnet(spec: NormalizedSpec): { plan?: TailnetPlan; issues: ValidationIssue[] } {
  let fragment: TailnetPolicy;
  try {
    fragment = tailnetFragment(spec);
  } catch (err) {
    if (err instanceof TailnetPolicyError) return { issues: issuesOf(err, "expose") };
    throw err;
  }
  return mergeFragment(fragment, spec.tailnet, (test) => testOwner(spec, test));
}

/**
 * Merges a fragment into `basePolicy` (or keeps it alone) and checks the result offline: tag
 * owners, groups and the policy's own `tests`. The fleet merges its clusters' united fragments here too.
 */
export function mergeFragment(
  fragment: TailnetPolicy,
  tailnet: { basePolicy?: string; includeTests: boolean },
  /** The field a failing generated test belongs to. */
  ownerOf: (test: unknown) => string = () => "tailnet",
): { plan?: TailnetPlan; issues: ValidationIssue[] } {
  // The tests are always run here; `includeTests: false` only keeps them out of the saved text.
  const { tests: _tests, ...withoutTests } = fragment;
  const emitted: TailnetPolicy = tailnet.includeTests ? fragment : withoutTests;
  let policy = emitted;
  let text = `${JSON.stringify(emitted, null, 2)}\n`;
  let unchecked: string[] = [];
  const base = tailnet.basePolicy;
  if (base !== undefined) {
    let checked: TailnetPolicy;
    try {
      checked = mergeTailnetPolicy(base, fragment).policy;
      ({ policy, text } = mergeTailnetPolicy(base, emitted));
    } catch (err) {
      if (err instanceof HujsonSyntaxError) return { issues: issuesOf(err, "tailnet.basePolicy") };
      if (err instanceof TailnetPolicyError) {
        const located = new TailnetPolicyError(
          err.message
            .split("\n")
            .map((line) => withLine(base, line))
            .join("\n"),
        );
        return { issues: issuesOf(located, "tailnet.basePolicy") };
      }
      throw err;
    }
    const verification = verifyTailnetPolicy(checked);
    unchecked = verification.unchecked;
    if (verification.errors.length) {
      return {
        issues: verification.errors.map((message) => ({
          path: "tailnet.basePolicy",
          message: `the merged policy would be refused by Tailscale: ${withLine(base, message)}`,
        })),
      };
    }
  } else if ((fragment.grants?.length ?? 0) > 0) {
    // The fragment alone cannot be checked for undefined groups (the base defines them), but its
    // own tests can run: they must pass before Tailscale ever sees them. (Without grants the
    // fragment alone would read as the default allow-all, which no real policy file is.)
    const report = runPolicyTests(fragment);
    const failures = report.failures;
    unchecked = report.unchecked;
    if (failures.length) {
      return {
        issues: failures.map((f) => ({
          path: ownerOf(fragment.tests?.[f.test]),
          message: `the generated tailnet policy fails its own test: ${f.message}`,
        })),
      };
    }
  }
  return { plan: { fragment, policy, text, complete: base !== undefined, unchecked }, issues: [] };
}
