/**
 * Runs a policy's `sshTests` offline against its `ssh` rules, as Tailscale does on every save
 * (a failing one refuses the whole file with `test(s) failed`). Semantics, from the hosted control
 * plane's answers in headscale's captures (`sshtest_results`):
 * - `src` is one identity, `dst` a list of devices (tags, users, `autogroup:self` is not one);
 *   `accept`, `check` and `deny` list local user names; a test with none of them, or with an empty
 *   user name, fails;
 * - `accept` wants a matching `accept` rule, `check` a matching `check` rule, `deny` no rule;
 * - a `dst` that is `autogroup:internet` or a CIDR is refused; a tag not in `tagOwners` too
 *   (`tag:server:22` is read as an unknown tag);
 * - a dst that is an IP or a `hosts` alias depends on which device holds it: unchecked here.
 * Like {@link runPolicyTests}, each assertion is decided under the least and the most access its
 * identities can have given the file; what differs is reported unchecked with the reason.
 */
import { isAddressLiteral } from "./addresses";
import { type TailnetIdentity, TailnetPolicyEvaluator } from "./evaluator";
import { fieldOf, isObject, keyOf, TailnetPolicyError } from "./policy";
import type { PolicyTestReport } from "./policy-tests";
import { compileSshRules, type SshRule, sshActions } from "./ssh";
import { type Bounds, destinationBounds, sourceBounds } from "./test-identities";

type Want = "accept" | "check" | "deny";

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The actions possible under one bound; undefined when the identity is unknown (anything possible). */
function actionsUnder(
  rules: readonly SshRule[],
  evaluator: TailnetPolicyEvaluator,
  src: TailnetIdentity | undefined,
  dst: TailnetIdentity | undefined,
  user: string,
): Set<string> | undefined {
  if (src === undefined || dst === undefined) return undefined;
  return new Set(sshActions(rules, evaluator, src, dst, user).map((a) => a.action));
}

const upperOf = (b: Bounds) => b.upper ?? (b.unknown ? undefined : b.lower);

/** Why Tailscale refuses an sshTests dst, or undefined when it is a device selector. */
function refusedDestination(policy: object, dst: string): string | undefined {
  const d = dst.toLowerCase();
  if (d === "autogroup:internet" || (dst.includes("/") && isAddressLiteral(dst)))
    return `SSH tests dst contains disallowed element ${JSON.stringify(dst)}`;
  if (d.startsWith("tag:")) {
    const owners = fieldOf(policy, "tagOwners");
    if (!isObject(owners) || keyOf(owners, dst) === undefined)
      return `SSH tests dst contains unknown tag ${JSON.stringify(dst)}`;
  }
  return undefined;
}

/**
 * Evaluates every entry of the policy's `sshTests` against its `ssh` rules.
 * @returns the same report shape as {@link runPolicyTests}.
 * @throws TailnetPolicyError when the `ssh` rules themselves are invalid (see {@link compileSshRules}).
 */
export function runSshTests(policy: object): PolicyTestReport {
  const evaluator = new TailnetPolicyEvaluator(policy);
  const rules = compileSshRules(policy, evaluator);
  const report: PolicyTestReport = { passed: 0, failures: [], unchecked: [] };
  const tests = fieldOf(policy, "sshTests");
  if (tests === undefined || tests === null) return report;
  if (!Array.isArray(tests)) throw new TailnetPolicyError("sshTests", "expected a list");
  tests.forEach((test, index) => {
    const where = `sshTests[${index}]`;
    const fail = (src: string, message: string, destination?: string) =>
      report.failures.push({ test: index, path: where, src, destination, message });
    if (!isObject(test)) return fail("", "expected an object");
    const src = fieldOf(test, "src");
    if (typeof src !== "string" || src === "") return fail("", "src is missing or empty");
    const wants: { user: string; want: Want }[] = (["accept", "check", "deny"] as const).flatMap((want) =>
      strings(fieldOf(test, want)).map((user) => ({ user, want })),
    );
    if (wants.length === 0) return fail(src, "has neither accept, check nor deny");
    const source = sourceBounds(policy, evaluator, src);
    for (const dst of strings(fieldOf(test, "dst"))) {
      const refused = refusedDestination(policy, dst);
      if (refused) {
        fail(src, refused, dst);
        continue;
      }
      const target = "lower" in source ? destinationBounds(policy, evaluator, dst, source) : source;
      for (const { user, want } of wants) {
        if (user === "") {
          fail(src, "an empty user name is not a user", dst);
          continue;
        }
        if (!("lower" in target)) {
          report.unchecked.push(
            `${where}: ${src} -> ${dst} as ${user}: ${target.unchecked ?? target.refused}`,
          );
          continue;
        }
        if (!("lower" in source)) continue;
        const lower = actionsUnder(rules, evaluator, source.lower, target.lower, user) ?? new Set();
        const upper = actionsUnder(rules, evaluator, upperOf(source), upperOf(target), user);
        const other = want === "accept" ? "check" : "accept";
        const passes =
          want === "deny"
            ? upper !== undefined && upper.size === 0
            : lower.has(want) && upper !== undefined && !upper.has(other);
        const fails = want === "deny" ? lower.size > 0 : upper !== undefined && !upper.has(want);
        if (passes) report.passed++;
        else if (fails) {
          const got =
            lower.size === 0 ? "Deny" : [...lower].map((a) => a[0].toUpperCase() + a.slice(1)).join("+");
          const rule = sshActions(rules, evaluator, source.lower, target.lower, user)[0]?.rule;
          fail(
            src,
            `test(s) failed for ${src}: ssh to ${dst} as ${JSON.stringify(user)}: want: ${want[0].toUpperCase()}${want.slice(1)}, got: ${got}${rule ? ` (ssh[${rule.index}])` : ""}`,
            dst,
          );
        } else {
          const reasons = [source.unknown, target.unknown].filter(Boolean);
          const both = lower.has("accept") && lower.has("check");
          const why = both
            ? "both an accept and a check rule match; which one applies is Tailscale's rule order"
            : [...new Set(reasons)].join("; ") || "what the policy file does not say";
          report.unchecked.push(`${where}: ${src} -> ${dst} as ${user} (${want}) depends on ${why}`);
        }
      }
    }
  });
  return report;
}
