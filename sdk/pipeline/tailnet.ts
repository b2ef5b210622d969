import type { ValidationIssue } from "../kernel/issues";
import type { NormalizedSpec } from "../kernel/normalize";
import type { TailnetPlan } from "../kernel/tailnet-plan";
import { combineFragments } from "../tailnet/combine";
import { issueLine, pathUnder } from "../tailnet/issues";
import { lineOfPath, segmentsOf } from "../tailnet/locate";
import { mergeTailnetPolicy } from "../tailnet/merge";
import { canonicalJson, type TailnetPolicy, TailnetPolicyError } from "../tailnet/policy";
import { runPolicyTests } from "../tailnet/policy-tests";
import { verifyTailnetPolicy } from "../tailnet/verify";
import { FEATURES } from "./registry";

export type { TailnetPlan } from "../kernel/tailnet-plan";

/** Each feature's part of the fragment. @throws TailnetPolicyError from a feature's part. */
const fragmentParts = (spec: NormalizedSpec) =>
  FEATURES.flatMap((f) => (f.tailnet ? [{ feature: f, part: f.tailnet(spec.features[f.id], spec) }] : []));

/**
 * The fragment: every feature's part, united.
 * @throws TailnetPolicyError from a feature's part, its issues at argument paths (`expose[1].tags`).
 */
export function tailnetFragment(spec: NormalizedSpec): TailnetPolicy {
  return combineFragments(fragmentParts(spec).map((p) => p.part));
}

/** The args field of the feature whose part holds this entry of a list section (the place to look). */
function entryOwner(spec: NormalizedSpec, section: string, entry: unknown): string {
  const text = canonicalJson(entry);
  const owner = fragmentParts(spec).find((p) => {
    const list = p.part[section];
    return Array.isArray(list) && list.some((e) => canonicalJson(e) === text);
  });
  // Every entry of the fragment comes from a part; should one not, it is the tailnet policy's.
  return Object.keys(owner?.feature.fields ?? {})[0] ?? "tailnet";
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
    if (err instanceof TailnetPolicyError) return { issues: err.issues };
    throw err;
  }
  return mergeFragment(fragment, spec.tailnet, {
    ownerOf: (section, entry) => entryOwner(spec, section, entry),
  });
}

/** Where the problems of a merge are reported. */
export interface MergeWhere {
  /** The path of the base policy's field (`tailnet.basePolicy`; "" for paths inside the file itself). */
  base?: string;
  /** The field a generated entry of a list section (`tests`, `grants`) belongs to; else `tailnet`, unnamed. */
  ownerOf?: (section: string, entry: unknown) => string;
}

/**
 * An issue of the merged policy reported against the base text: at its own path under `basePath`,
 * with its line, when the base has that entry; else (a generated entry, or the whole document)
 * under the base as a whole, naming the merged policy's path in the message and, for a generated
 * entry, the field it was generated for (`grants[1].src[0] (generated for expose)`).
 */
function inBase(
  base: string,
  basePath: string,
  issue: ValidationIssue,
  generatedFor?: (path: string) => string | undefined,
  prefix = "",
): ValidationIssue {
  const line = issue.path === "" ? undefined : lineOfPath(base, issue.path);
  if (line !== undefined)
    return { path: pathUnder(basePath, issue.path), message: `line ${line}: ${prefix}${issue.message}` };
  const owner = issue.path === "" ? undefined : generatedFor?.(issue.path);
  const where = owner === undefined ? issue.path : `${issue.path} (generated for ${owner})`;
  return { path: basePath, message: `${prefix}${issueLine({ path: where, message: issue.message })}` };
}

/** The field the merged policy's entry at `path` was generated for, when it is a fragment entry of a list. */
function generatedEntryOwner(
  merged: TailnetPolicy,
  fragment: TailnetPolicy,
  ownerOf: (section: string, entry: unknown) => string,
): (path: string) => string | undefined {
  return (path) => {
    const [section, index] = segmentsOf(path) ?? [];
    if (typeof section !== "string" || typeof index !== "number") return undefined;
    const list = merged[section];
    const generated = fragment[section];
    if (!Array.isArray(list) || !Array.isArray(generated)) return undefined;
    const text = canonicalJson(list[index]);
    return generated.some((e) => canonicalJson(e) === text) ? ownerOf(section, list[index]) : undefined;
  };
}

/**
 * Merges a fragment into `basePolicy` (or keeps it alone) and checks the result offline: tag
 * owners, groups and the policy's own `tests`. The fleet merges its clusters' united fragments here too.
 */
export function mergeFragment(
  fragment: TailnetPolicy,
  tailnet: { basePolicy?: string; includeTests: boolean },
  where: MergeWhere = {},
): { plan?: TailnetPlan; issues: ValidationIssue[] } {
  const basePath = where.base ?? "tailnet.basePolicy";
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
      // A syntax error too: its one issue is the whole document's.
      if (err instanceof TailnetPolicyError)
        return { issues: err.issues.map((i) => inBase(base, basePath, i)) };
      throw err;
    }
    const verification = verifyTailnetPolicy(checked);
    unchecked = verification.unchecked;
    if (verification.issues.length) {
      return {
        issues: verification.issues.map((i) =>
          inBase(
            base,
            basePath,
            i,
            where.ownerOf && generatedEntryOwner(checked, fragment, where.ownerOf),
            "the merged policy would be refused by Tailscale: ",
          ),
        ),
      };
    }
  } else if ((fragment.grants?.length ?? 0) > 0) {
    // The fragment alone cannot be checked for undefined groups (the base defines them), but its
    // own tests can run: they must pass before Tailscale ever sees them. (Without grants the
    // fragment alone would read as the default allow-all, which no real policy file is.)
    const report = runPolicyTests(fragment);
    unchecked = report.unchecked;
    if (report.failures.length) {
      return {
        issues: report.failures.map((f) => ({
          path: where.ownerOf?.("tests", fragment.tests?.[f.test]) ?? "tailnet",
          message: `the generated tailnet policy fails its own test: ${issueLine(f)}`,
        })),
      };
    }
  }
  return { plan: { fragment, policy, text, complete: base !== undefined, unchecked }, issues: [] };
}
