/**
 * Runs a policy's own `tests` section offline, with {@link TailnetPolicyEvaluator}. Tailscale runs
 * the same assertions whenever the policy is saved and refuses the whole file if one fails, but with
 * the current `@pulumi/tailscale` that happens only at `pulumi up` and the message is a bare
 * `test(s) failed (400)` (docs/tailnet-policy.md §8). Running them here names the failing
 * assertion and the rule that caused it, before anything is created.
 *
 * Semantics (docs/tailnet-policy.md §4): `src` is one identity (legacy name `user`); `accept` /
 * `deny` (legacy `allow`) are `host:port` with exactly one port; without `proto` a test asks for
 * "TCP or UDP" access. A group `src` must hold for every member the policy lists (headscale's
 * reading of an unsettled point, §11.2: the stricter one); a group the policy does not list is
 * evaluated for one synthetic member. A group destination uses a representative member.
 * A `svc:` destination is that Tailscale Service (its tags unknown here). Assertions this evaluator
 * cannot decide (IP or `hosts` sources and destinations, autogroups other than member and the
 * roles) are reported as unchecked, never as passing.
 */
import { describeIdentity, type TailnetIdentity, TailnetPolicyEvaluator } from "./evaluator";
import { fieldOf, isObject, TailnetPolicyError } from "./policy";

/** One failed assertion. */
export interface PolicyTestFailure {
  /** The index in the policy's `tests`. */
  test: number;
  src: string;
  /** The `host:port` that failed, when the failure is about one destination. */
  destination?: string;
  /** `test(s) failed for user: alice@example.com: address "tag:x:443": want: Deny, got: Accept (grants[2] ...)`. */
  message: string;
}

/** The outcome of {@link runPolicyTests}. */
export interface PolicyTestReport {
  /** How many assertions (one per source identity, destination and protocol) were checked and held. */
  passed: number;
  failures: PolicyTestFailure[];
  /** Assertions that could not be evaluated offline, with the reason. */
  unchecked: string[];
}

const ROLES = ["owner", "admin", "network-admin", "it-admin", "billing-admin", "auditor"];

/** The identities a test `src` or destination host stands for; undefined when it cannot be evaluated. */
function identitiesOf(
  selector: string,
  evaluator: TailnetPolicyEvaluator,
  representative: boolean,
): TailnetIdentity[] | undefined {
  const s = selector.toLowerCase();
  if (s.startsWith("tag:")) return [{ kind: "tagged", tags: [selector] }];
  // A Tailscale Service only receives connections.
  if (s.startsWith("svc:")) return representative ? [{ kind: "service", name: selector }] : undefined;
  if (s.startsWith("group:")) {
    const members = evaluator.groupMembers(selector);
    if (members === undefined || members.length === 0) {
      return [{ kind: "user", login: `a member of ${selector}`, groups: [selector] }];
    }
    const users = members.map((login): TailnetIdentity => ({ kind: "user", login }));
    return representative ? users.slice(0, 1) : users;
  }
  if (s === "autogroup:member" || s === "autogroup:members") {
    return [{ kind: "user", login: `a member (${selector})` }];
  }
  if (s.startsWith("autogroup:") && ROLES.includes(s.slice("autogroup:".length))) {
    return [{ kind: "user", login: `a user with ${selector}`, roles: [s.slice("autogroup:".length)] }];
  }
  if (/^[^\s@:]+@[^\s@:]+$/.test(selector)) return [{ kind: "user", login: selector }];
  return undefined;
}

/** Splits `host:port` (`[v6]:port` too); undefined when the port is not one number 0-65535. */
function splitDestination(entry: string): { host: string; port: number } | undefined {
  const colon = entry.lastIndexOf(":");
  if (colon < 0) return undefined;
  let host = entry.slice(0, colon);
  const port = entry.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host, port: Number(port) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Evaluates every entry of the policy's `tests` against its `grants` and `acls`.
 * @throws TailnetPolicyError when the rules themselves are invalid (see {@link TailnetPolicyEvaluator}).
 */
export function runPolicyTests(policy: object): PolicyTestReport {
  const evaluator = new TailnetPolicyEvaluator(policy);
  const report: PolicyTestReport = { passed: 0, failures: [], unchecked: [] };
  const tests = fieldOf(policy, "tests");
  if (tests === undefined) return report;
  if (!Array.isArray(tests)) throw new TailnetPolicyError("tests: expected a list");
  tests.forEach((test, index) => {
    const where = `tests[${index}]`;
    const fail = (src: string, message: string, destination?: string) =>
      report.failures.push({ test: index, src, destination, message: `${where}: ${message}` });
    if (!isObject(test)) return fail("", "expected an object");
    const src = fieldOf(test, "src") ?? fieldOf(test, "user");
    if (typeof src !== "string" || src === "") return fail("", "src is missing or empty");
    const accept = [...strings(fieldOf(test, "accept")), ...strings(fieldOf(test, "allow"))];
    const deny = strings(fieldOf(test, "deny"));
    if (accept.length === 0 && deny.length === 0) return fail(src, "has neither accept nor deny");
    const sources = identitiesOf(src, evaluator, false);
    if (sources === undefined) {
      report.unchecked.push(`${where}: src ${JSON.stringify(src)} cannot be evaluated offline`);
      return;
    }
    const proto = fieldOf(test, "proto");
    const protos = proto === undefined || proto === "" ? ["tcp", "udp"] : [String(proto)];
    const checks = [
      ...accept.map((entry) => ({ entry, want: true })),
      ...deny.map((entry) => ({ entry, want: false })),
    ];
    for (const { entry, want } of checks) {
      const dest = typeof entry === "string" ? splitDestination(entry) : undefined;
      if (dest === undefined) {
        fail(src, `${JSON.stringify(entry)} must be "host:port" with exactly one port`, entry);
        continue;
      }
      const targets = identitiesOf(dest.host, evaluator, true);
      if (targets === undefined) {
        report.unchecked.push(`${where}: destination ${JSON.stringify(entry)} cannot be evaluated offline`);
        continue;
      }
      for (const source of sources) {
        const decisions = targets.flatMap((dst) =>
          protos.map((p) => evaluator.check({ src: source, dst, port: dest.port, proto: p })),
        );
        // Without proto the test means "TCP or UDP": accept needs one, deny needs none.
        const admitted = decisions.filter((d) => d.allowed);
        if (admitted.length > 0 === want) {
          report.passed++;
          continue;
        }
        const why =
          admitted.length > 0
            ? admitted.map((d) => (d.defaultAllowAll ? "the default allow-all" : d.explanation)).join("; ")
            : "no grant or acl admits it";
        const identity = sources.length > 1 ? ` (member ${describeIdentity(source)})` : "";
        fail(
          src,
          `test(s) failed for ${src}${identity}: address ${JSON.stringify(entry)}: want: ${want ? "Accept" : "Deny"}, got: ${want ? "Drop" : "Accept"} (${why})`,
          entry,
        );
      }
    }
  });
  return report;
}
