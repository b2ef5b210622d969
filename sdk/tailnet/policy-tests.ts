/**
 * Runs a policy's own `tests` section offline, with {@link TailnetPolicyEvaluator}. Tailscale runs
 * the same assertions whenever the policy is saved and refuses the whole file if one fails, but with
 * the current `@pulumi/tailscale` that happens only at `pulumi up` and the message is a bare
 * `test(s) failed (400)` (docs/tailnet-policy.md §8). Running them here names the failing
 * assertion and the rule that caused it, before anything is created.
 *
 * Semantics (docs/tailnet-policy.md §4): `src` is one identity (legacy name `user`); `accept` /
 * `deny` (legacy `allow`) are `host:port` with exactly one port; without `proto` a test asks for
 * "TCP or UDP" access. A group `src` holds for the group as such, as on Tailscale; a group
 * destination uses a representative member; a `svc:` destination is that Tailscale Service.
 * Assertions whose outcome depends on what the file does not say (a login's role, the device
 * behind a tailnet IP, a route's approval, an `autogroup:tagged` device's tags) are reported as
 * unchecked with the reason (see test-identities.ts), never as passed or failed.
 */
import { type TailnetIdentity, TailnetPolicyEvaluator } from "./evaluator";
import type { ValidationIssue } from "./issues";
import { fieldOf, isObject, TailnetPolicyError } from "./policy";
import { protocolNumber } from "./ports";
import { destinationBounds, sourceBounds } from "./test-identities";

/** One failed assertion, an issue at the test (`path` is `tests[3]`). */
export interface PolicyTestFailure extends ValidationIssue {
  /** The index in the policy's `tests`. */
  test: number;
  src: string;
  /** The `host:port` that failed, when the failure is about one destination. */
  destination?: string;
  /** `test(s) failed for alice@example.com: address "tag:x:443": want: Deny, got: Accept (grants[2] ...)`. */
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

/** Decides one bound: allowed over any of the protocols (without `proto`: TCP or UDP). */
function allowedUnder(
  evaluator: TailnetPolicyEvaluator,
  src: TailnetIdentity | undefined,
  dst: TailnetIdentity | undefined,
  port: number,
  protos: string[],
  through: string[] | undefined,
): { allowed: boolean; why: string } {
  // An unknown identity may be anything: it is possibly allowed.
  if (src === undefined || dst === undefined) return { allowed: true, why: "" };
  const decisions = protos.map((proto) => evaluator.check({ src, dst, port, proto, through }));
  const admitted = decisions.filter((d) => d.allowed);
  const why = admitted.length
    ? admitted.map((d) => (d.defaultAllowAll ? "the default allow-all" : d.explanation)).join("; ")
    : "no grant or acl admits it";
  return { allowed: admitted.length > 0, why };
}

/**
 * Evaluates every entry of the policy's `tests` against its `grants` and `acls`. Each assertion is
 * decided under the least and the most access its identities can have given the file
 * ({@link sourceBounds}); when the two disagree the assertion is unchecked, with the reason.
 * @throws TailnetPolicyError when the rules themselves are invalid (see {@link TailnetPolicyEvaluator}).
 */
export function runPolicyTests(policy: object): PolicyTestReport {
  const evaluator = new TailnetPolicyEvaluator(policy);
  const report: PolicyTestReport = { passed: 0, failures: [], unchecked: [] };
  const tests = fieldOf(policy, "tests");
  if (tests === undefined) return report;
  if (!Array.isArray(tests)) throw new TailnetPolicyError("tests", "expected a list");
  tests.forEach((test, index) => {
    const where = `tests[${index}]`;
    const fail = (src: string, message: string, destination?: string) =>
      report.failures.push({ test: index, path: where, src, destination, message });
    if (!isObject(test)) return fail("", "expected an object");
    const src = fieldOf(test, "src") ?? fieldOf(test, "user");
    if (typeof src !== "string" || src === "") return fail("", "src is missing or empty");
    const accept = [...strings(fieldOf(test, "accept")), ...strings(fieldOf(test, "allow"))];
    const deny = strings(fieldOf(test, "deny"));
    if (accept.length === 0 && deny.length === 0) return fail(src, "has neither accept nor deny");
    const source = sourceBounds(policy, evaluator, src);
    if (!("lower" in source)) {
      report.unchecked.push(`${where}: ${source.unchecked ?? source.refused}`);
      return;
    }
    const proto = fieldOf(test, "proto");
    const protos = proto === undefined || proto === "" ? ["tcp", "udp"] : [String(proto)];
    if (protos.some((p) => protocolNumber(p) === undefined))
      throw new TailnetPolicyError(`${where}.proto`, `unknown protocol ${JSON.stringify(proto)}`);
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
      const target = destinationBounds(policy, evaluator, dest.host, source);
      if (!("lower" in target)) {
        if (target.refused) fail(src, `address ${JSON.stringify(entry)}: ${target.refused}`, entry);
        else report.unchecked.push(`${where}: ${target.unchecked}`);
        continue;
      }
      const lower = allowedUnder(evaluator, source.lower, target.lower, dest.port, protos, undefined);
      const upper = allowedUnder(
        evaluator,
        source.upper ?? (source.unknown ? undefined : source.lower),
        target.upper ?? (target.unknown ? undefined : target.lower),
        dest.port,
        protos,
        target.through,
      );
      // Upper admits at least what lower admits: accept holds if lower admits, deny if upper does not.
      if (want ? lower.allowed : !upper.allowed) {
        report.passed++;
        continue;
      }
      if (want ? upper.allowed : !lower.allowed) {
        const reason = [...new Set([source.unknown, target.unknown].filter(Boolean))].join("; ");
        report.unchecked.push(
          `${where}: ${src} -> ${entry} (${want ? "accept" : "deny"}) depends on ${reason}`,
        );
        continue;
      }
      // A group src holds for the group as such; if every member passes on its own, do not fail it.
      const members = source.members ?? [];
      if (
        members.length > 0 &&
        members.every(
          (m) => allowedUnder(evaluator, m, target.lower, dest.port, protos, undefined).allowed === want,
        )
      ) {
        report.unchecked.push(
          `${where}: ${src} -> ${entry} (${want ? "accept" : "deny"}) holds for each member of ${src} but not for the group as such, which is how Tailscale reads a group src`,
        );
        continue;
      }
      const why = want ? "no grant or acl admits it" : lower.why;
      fail(
        src,
        `test(s) failed for ${src}: address ${JSON.stringify(entry)}: want: ${want ? "Accept" : "Deny"}, got: ${want ? "Drop" : "Accept"} (${why})`,
        entry,
      );
    }
  });
  return report;
}
