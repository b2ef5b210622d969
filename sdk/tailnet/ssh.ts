/**
 * The policy's `ssh` section (Tailscale SSH): who may log in to which device as which local user,
 * and whether the login needs a fresh check (`action: "check"`). Read as Tailscale's hosted
 * control plane reads it; the refusals below are the messages its API answered to the policies in
 * headscale's captures (`hscontrol/policy/v2/testdata/ssh_results`, docs/tailnet-policy.md):
 * - `action` must be exactly `accept` or `check` (`"deny" is not a valid action`);
 * - `users` must be given and non-empty (`users must be specified`); `""` and `"*"` are not users;
 * - `checkPeriod` is a Go duration (or `always`), positive and at most 168h;
 * - `acceptEnv` entries cannot be empty;
 * - `dst` names devices by tag, user, `autogroup:self` or `autogroup:tagged`: an address or a
 *   `hosts` alias is an `invalid dst`.
 * SSH access is decided by these rules alone: `grants`/`acls` opening TCP/22 neither give nor
 * take it (captures `sshtest-mixed-acls-tcp22-*`).
 */
import type { TailnetIdentity, TailnetPolicyEvaluator } from "./evaluator";
import { fieldOf, isObject, TailnetPolicyError } from "./policy";

/** One compiled `ssh` rule. */
export interface SshRule {
  index: number;
  action: "accept" | "check";
  src: string[];
  dst: string[];
  users: string[];
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
const MAX_CHECK_MS = 168 * 3.6e6;

/** Parses a Go duration (`12h`, `1h30m`, `-1m`) into milliseconds; undefined when it is not one. */
export function goDuration(text: string): number | undefined {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m) return text === "0" ? 0 : undefined;
  let total = 0;
  for (const part of text.replace(/^[+-]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2]];
  }
  return m[1] === "-" ? -total : total;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

/**
 * Compiles the `ssh` rules, refusing what Tailscale refuses.
 * @throws TailnetPolicyError naming the rule (`ssh[2]: users must be specified`).
 */
export function compileSshRules(policy: object, evaluator: TailnetPolicyEvaluator): SshRule[] {
  const section = fieldOf(policy, "ssh");
  if (section === undefined || section === null) return [];
  if (!Array.isArray(section)) throw new TailnetPolicyError("ssh", "expected a list");
  return section.map((rule, index) => {
    const where = `ssh[${index}]`;
    if (!isObject(rule)) throw new TailnetPolicyError(where, "expected an object");
    const rawAction = fieldOf(rule, "action");
    const action = typeof rawAction === "string" ? rawAction.trim() : "";
    if (action === "") throw new TailnetPolicyError(where, 'action must be specified ("accept" or "check")');
    if (action !== "accept" && action !== "check")
      throw new TailnetPolicyError(
        where,
        `${JSON.stringify(rawAction)} is not a valid action; use "accept" or "check"`,
      );
    const users = stringList(fieldOf(rule, "users")) ?? [];
    if (users.length === 0)
      throw new TailnetPolicyError(where, 'users must be specified (e.g. ["autogroup:nonroot"])');
    for (const user of users) {
      if (user === "" || user === "*")
        throw new TailnetPolicyError(
          where,
          `user ${JSON.stringify(user)} is not valid; name the users, or "autogroup:nonroot"`,
        );
    }
    const period = fieldOf(rule, "checkPeriod");
    if (typeof period === "string" && period !== "always") {
      const ms = goDuration(period);
      if (ms === undefined)
        throw new TailnetPolicyError(where, `checkPeriod: invalid duration ${JSON.stringify(period)}`);
      if (ms < 0) throw new TailnetPolicyError(where, `checkPeriod ${period} must be a positive duration`);
      if (ms > MAX_CHECK_MS)
        throw new TailnetPolicyError(where, `checkPeriod ${period} is above the max (168h)`);
    }
    const env = fieldOf(rule, "acceptEnv");
    if (Array.isArray(env) && env.some((e) => e === ""))
      throw new TailnetPolicyError(where, "acceptEnv values cannot be empty");
    const dst = stringList(fieldOf(rule, "dst")) ?? [];
    for (const d of dst) {
      if (evaluator.addresses.isAddressSelector(d))
        throw new TailnetPolicyError(
          where,
          `invalid dst ${JSON.stringify(d)}: ssh destinations are tags, users or autogroup:self, not addresses`,
        );
    }
    return { index, action, src: stringList(fieldOf(rule, "src")) ?? [], dst, users };
  });
}

/** True when a rule's `users` entry lets the source log in as `user`. */
function userAllowed(entry: string, user: string, src: TailnetIdentity): boolean {
  const e = entry.toLowerCase();
  if (e === "autogroup:nonroot") return user !== "root";
  if (e.startsWith("localpart:*@")) {
    // The source's own login name at that domain: odin@example.com may log in as "odin".
    if (src.kind !== "user") return false;
    const at = src.login.lastIndexOf("@");
    return (
      at > 0 &&
      src.login.slice(at + 1).toLowerCase() === e.slice("localpart:*@".length) &&
      src.login.slice(0, at) === user
    );
  }
  return entry === user;
}

/** The actions of every rule letting `src` log in to `dst` as `user` (empty: denied). */
export function sshActions(
  rules: readonly SshRule[],
  evaluator: TailnetPolicyEvaluator,
  src: TailnetIdentity,
  dst: TailnetIdentity,
  user: string,
): { action: "accept" | "check"; rule: SshRule }[] {
  return rules
    .filter(
      (r) =>
        r.src.some((s) => evaluator.matches(s, src)) &&
        r.dst.some((d) => evaluator.matches(d, dst, src)) &&
        r.users.some((u) => userAllowed(u, user, src)),
    )
    .map((rule) => ({ action: rule.action, rule }));
}
