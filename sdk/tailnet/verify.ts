/**
 * The offline check of a whole policy before it is saved: what Tailscale would refuse, found at
 * `pulumi preview` with a precise message instead of at `pulumi up` as `test(s) failed (400)`.
 * - every tag used anywhere (grants, acls, nodeAttrs, tests, tag owners) must be defined in
 *   `tagOwners` (SaaS: `src=tag not found: "tag:x"`, docs/tailnet-policy.md §2.2);
 * - every policy group used (`group:name`, not IdP-synced `group:name@domain`) must be defined in
 *   `groups` (a test with an unknown group `src` is refused, §4);
 * - the `ssh` rules must be ones Tailscale accepts ({@link compileSshRules});
 * - the policy's own `tests` and `sshTests` must hold ({@link runPolicyTests}, {@link runSshTests}).
 */

import { issueLine, type ValidationIssue } from "./issues";
import { fieldOf, isObject, keyOf, TailnetPolicyError } from "./policy";
import { runPolicyTests } from "./policy-tests";
import { runSshTests } from "./ssh-tests";

/** The outcome of {@link verifyTailnetPolicy}. */
export interface PolicyVerification {
  /** Problems Tailscale would refuse the policy for, each at its path in the policy (`grants[0].src[2]`). */
  issues: ValidationIssue[];
  /** Test assertions that could not be evaluated offline. */
  unchecked: string[];
}

/** Every selector-bearing string of the policy, with where it is. */
function references(policy: Record<string, unknown>): { where: string; selector: string }[] {
  const found: { where: string; selector: string }[] = [];
  const add = (where: string, value: unknown, hostPort = false) => {
    if (!Array.isArray(value)) return;
    value.forEach((v, i) => {
      if (typeof v !== "string") return;
      const selector = hostPort && v.lastIndexOf(":") > 0 ? v.slice(0, v.lastIndexOf(":")) : v;
      found.push({ where: `${where}[${i}]`, selector });
    });
  };
  const each = (section: string, visit: (entry: Record<string, unknown>, where: string) => void) => {
    const list = fieldOf(policy, section);
    if (Array.isArray(list)) list.forEach((e, i) => isObject(e) && visit(e, `${section}[${i}]`));
  };
  each("grants", (g, at) => {
    add(`${at}.src`, fieldOf(g, "src"));
    add(`${at}.dst`, fieldOf(g, "dst"));
  });
  each("acls", (a, at) => {
    add(`${at}.src`, fieldOf(a, "src") ?? fieldOf(a, "users"));
    add(`${at}.dst`, fieldOf(a, "dst") ?? fieldOf(a, "ports"), true);
  });
  each("nodeAttrs", (n, at) => add(`${at}.target`, fieldOf(n, "target")));
  each("ssh", (r, at) => {
    add(`${at}.src`, fieldOf(r, "src"));
    add(`${at}.dst`, fieldOf(r, "dst"));
  });
  // A test's `src` is one selector, not a list: its path is the field itself.
  const addOne = (where: string, value: unknown) => {
    if (typeof value === "string") found.push({ where, selector: value });
  };
  each("sshTests", (t, at) => addOne(`${at}.src`, fieldOf(t, "src")));
  each("tests", (t, at) => {
    // `user` is the legacy name of `src`.
    if (fieldOf(t, "src") !== undefined) addOne(`${at}.src`, fieldOf(t, "src"));
    else addOne(`${at}.user`, fieldOf(t, "user"));
    add(`${at}.accept`, fieldOf(t, "accept"), true);
    add(`${at}.deny`, fieldOf(t, "deny"), true);
  });
  const owners = fieldOf(policy, "tagOwners");
  if (isObject(owners))
    for (const [tag, list] of Object.entries(owners)) add(`tagOwners[${JSON.stringify(tag)}]`, list);
  return found;
}

/** Checks references and runs the policy's tests; no `issues` means nothing we know of would be refused. */
export function verifyTailnetPolicy(policy: object): PolicyVerification {
  const issues: ValidationIssue[] = [];
  const record = policy as Record<string, unknown>;
  const tagOwners = fieldOf(record, "tagOwners");
  const groups = fieldOf(record, "groups");
  for (const { where, selector } of references(record)) {
    // Tailscale trims blanks around a selector ("tag:server " is tag:server, ssh_results capture).
    const s = selector.trim().toLowerCase();
    if (s.startsWith("tag:") && !(isObject(tagOwners) && keyOf(tagOwners, s) !== undefined)) {
      issues.push({
        path: where,
        message: `tag not found: ${JSON.stringify(selector)}; define it in tagOwners`,
      });
    }
    if (s.startsWith("group:") && !s.includes("@") && !(isObject(groups) && keyOf(groups, s) !== undefined)) {
      issues.push({
        path: where,
        message: `group not found: ${JSON.stringify(selector)}; define it in groups`,
      });
    }
  }
  const unchecked: string[] = [];
  // A rule Tailscale refuses (a reversed port range, an ssh rule without users) is an error too.
  for (const run of [runPolicyTests, runSshTests]) {
    try {
      const report = run(policy);
      issues.push(...report.failures.map(({ path, message }) => ({ path, message })));
      unchecked.push(...report.unchecked);
    } catch (err) {
      if (!(err instanceof TailnetPolicyError)) throw err;
      // Both runs compile the same rules: a refused rule is reported once.
      const seen = new Set(issues.map(issueLine));
      issues.push(...err.issues.filter((i) => !seen.has(issueLine(i))));
    }
  }
  return { issues, unchecked };
}
