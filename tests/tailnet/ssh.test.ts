import assert from "node:assert/strict";
import {
  goDuration,
  issueLine,
  runSshTests,
  TailnetPolicyError,
  verifyTailnetPolicy,
} from "../../sdk/tailnet";

// Policies shaped like the ones headscale captured against Tailscale's hosted API
// (hscontrol/policy/v2/testdata/ssh_results, sshtest_results); each comment says what the API answered.
const base = {
  groups: { "group:dev": ["thor@example.org", "odin@example.com"] },
  tagOwners: { "tag:server": [], "tag:prod": [] },
};
const rule = (over: object) => ({
  action: "accept",
  src: ["thor@example.org"],
  dst: ["tag:server"],
  users: ["root"],
  ...over,
});
const sshTest = (over: object) => ({ src: "thor@example.org", dst: ["tag:server"], ...over });
const run = (ssh: object[], sshTests: object[], extra: object = {}) =>
  runSshTests({ ...base, ...extra, ssh, sshTests });

describe("ssh rules: what Tailscale refuses", () => {
  const refuses = (r: object, message: RegExp) =>
    assert.throws(
      () => runSshTests({ ...base, ssh: [r] }),
      (e: Error) => e instanceof TailnetPolicyError && message.test(e.message),
    );

  it('refuses a rule without users, with empty users, or with "" or "*" as a user (400)', () => {
    refuses(rule({ users: undefined }), /^ssh\[0\]: users must be specified/);
    refuses(rule({ users: [] }), /^ssh\[0\]: users must be specified/);
    refuses(rule({ users: ["root", ""] }), /user "" is not valid/);
    refuses(rule({ users: ["*"] }), /user "\*" is not valid/);
  });

  it('refuses a missing or unknown action (actions are case-sensitive: "Accept" is refused)', () => {
    refuses(rule({ action: undefined }), /action must be specified/);
    refuses(rule({ action: "deny" }), /"deny" is not a valid action/);
    refuses(rule({ action: "Accept" }), /"Accept" is not a valid action/);
  });

  it("checkPeriod: a Go duration, positive, at most 168h; always and 0s are fine", () => {
    refuses(rule({ action: "check", checkPeriod: "200h" }), /above the max \(168h\)/);
    refuses(rule({ action: "check", checkPeriod: "168h0m1s" }), /above the max/);
    refuses(rule({ action: "check", checkPeriod: "-1m" }), /must be a positive duration/);
    refuses(rule({ action: "check", checkPeriod: "abc" }), /invalid duration "abc"/);
    for (const checkPeriod of ["always", "0s", "30s", "168h", "1h30m"])
      assert.doesNotThrow(() => runSshTests({ ...base, ssh: [rule({ action: "check", checkPeriod })] }));
    assert.equal(goDuration("1h30m"), 5.4e6);
  });

  it("refuses an empty acceptEnv value and an address or hosts alias as dst", () => {
    refuses(rule({ acceptEnv: [""] }), /acceptEnv values cannot be empty/);
    assert.throws(
      () => runSshTests({ ...base, hosts: { srv: "100.64.0.16" }, ssh: [rule({ dst: ["srv"] })] }),
      /ssh\[0\]: invalid dst "srv"/,
    );
  });

  it("accepts a destination tag with a trailing blank, as Tailscale does (ssh-dst-trailing-whitespace)", () => {
    assert.deepEqual(
      verifyTailnetPolicy({ ...base, grants: [], ssh: [rule({ dst: ["tag:server "] })] }).issues,
      [],
    );
  });

  it("verifyTailnetPolicy reports the refused rule and an ssh rule's unknown tag", () => {
    const { issues } = verifyTailnetPolicy({
      ...base,
      grants: [],
      ssh: [rule({ users: [] }), rule({ dst: ["tag:nope"] })],
    });
    const errors = issues.map(issueLine);
    assert.ok(
      errors.some((e) => /^ssh\[0\]: users must be specified/.test(e)),
      errors.join("\n"),
    );
    assert.ok(
      errors.some((e) => /^ssh\[1\]\.dst\[0\]: tag not found: "tag:nope"/.test(e)),
      errors.join("\n"),
    );
  });
});

describe("sshTests, run offline as Tailscale runs them", () => {
  it("accept holds for the rule's user and fails for another (want: Accept, got: Deny)", () => {
    assert.deepEqual(run([rule({})], [sshTest({ accept: ["root"] })]), {
      passed: 1,
      failures: [],
      unchecked: [],
    });
    const wrong = run([rule({})], [sshTest({ accept: ["ubuntu"] })]);
    assert.match(
      issueLine(wrong.failures[0]),
      /^sshTests\[0\]: test\(s\) failed for thor@example.org: ssh to tag:server as "ubuntu": want: Accept, got: Deny/,
    );
  });

  it("deny fails when a rule allows, passes when none does; accept and deny of one user cannot both hold", () => {
    assert.match(
      run([rule({})], [sshTest({ deny: ["root"] })]).failures[0].message,
      /want: Deny, got: Accept \(ssh\[0\]\)/,
    );
    assert.equal(run([rule({ dst: ["tag:prod"] })], [sshTest({ deny: ["root"] })]).passed, 1);
    assert.equal(run([rule({})], [sshTest({ accept: ["root"], deny: ["root"] })]).failures.length, 1);
  });

  it("check wants a check rule: a check rule passes check and fails accept", () => {
    const checkRule = rule({ action: "check", checkPeriod: "12h" });
    assert.equal(run([checkRule], [sshTest({ check: ["root"] })]).passed, 1);
    assert.match(
      run([checkRule], [sshTest({ accept: ["root"] })]).failures[0].message,
      /want: Accept, got: Check/,
    );
    // Tailscale accepts a policy with both for one user; which applies is its rule order: unchecked.
    const both = run([rule({}), checkRule], [sshTest({ accept: ["root"], check: ["root"] })]);
    assert.deepEqual(both.failures, []);
    assert.equal(both.unchecked.length, 2);
    assert.match(both.unchecked[0], /both an accept and a check rule match/);
  });

  it("grants opening tcp:22 give no SSH; a missing grant takes none away", () => {
    const grant = { grants: [{ src: ["thor@example.org"], dst: ["tag:server"], ip: ["tcp:22"] }] };
    assert.equal(run([], [sshTest({ accept: ["root"] })], grant).failures.length, 1);
    assert.equal(run([rule({})], [sshTest({ accept: ["root"] })], { acls: [] }).passed, 1);
  });

  it("autogroup:nonroot admits any user but root; localpart:*@domain only the source's own name there", () => {
    const nonroot = rule({ users: ["autogroup:nonroot"] });
    assert.equal(run([nonroot], [sshTest({ accept: ["alice"] })]).passed, 1);
    assert.equal(run([nonroot], [sshTest({ accept: ["root"] })]).failures.length, 1);
    const localpart = rule({
      src: ["odin@example.com", "thor@example.org"],
      users: ["localpart:*@example.com"],
    });
    assert.equal(run([localpart], [sshTest({ src: "odin@example.com", accept: ["odin"] })]).passed, 1);
    assert.equal(run([localpart], [sshTest({ accept: ["thor"] })]).failures.length, 1);
  });

  it("autogroup:self: a member reaches its own devices, not another user's; a role-dependent one is unchecked", () => {
    const self = rule({ src: ["autogroup:member"], dst: ["autogroup:self"] });
    const decided = run(
      [self],
      [
        sshTest({ dst: ["thor@example.org"], accept: ["root"] }),
        sshTest({ dst: ["odin@example.com"], deny: ["root"] }),
      ],
    );
    assert.deepEqual(decided, { passed: 2, failures: [], unchecked: [] });
    // A login no group lists is not known as a member: Tailscale knows; offline it is unchecked.
    const unknown = run(
      [self],
      [sshTest({ src: "loki@example.com", dst: ["loki@example.com"], accept: ["root"] })],
    );
    assert.deepEqual(unknown.failures, []);
    assert.match(unknown.unchecked[0], /depends on the tailnet role of loki@example\.com/);
  });

  it("refuses what Tailscale refuses in sshTests and leaves address destinations unchecked", () => {
    const report = run(
      [rule({})],
      [
        sshTest({ dst: ["autogroup:internet", "100.64.0.0/24", "tag:server:22"], accept: ["root"] }),
        sshTest({}),
        sshTest({ accept: [""] }),
        sshTest({ dst: ["100.64.0.16"], accept: ["root"] }),
      ],
    );
    assert.deepEqual(report.failures.map(issueLine), [
      'sshTests[0]: SSH tests dst contains disallowed element "autogroup:internet"',
      'sshTests[0]: SSH tests dst contains disallowed element "100.64.0.0/24"',
      'sshTests[0]: SSH tests dst contains unknown tag "tag:server:22"',
      "sshTests[1]: has neither accept, check nor deny",
      "sshTests[2]: an empty user name is not a user",
    ]);
    assert.match(
      report.unchecked[0],
      /^sshTests\[3\]: thor@example.org -> 100\.64\.0\.16 as root \(accept\) depends on .*which device holds 100\.64\.0\.16/,
    );
  });

  it("a tag source and a group rule source are decided from the file alone", () => {
    const report = run(
      [rule({ src: ["tag:prod"] }), rule({ src: ["group:dev"], users: ["ubuntu"] })],
      [
        sshTest({ src: "tag:prod", accept: ["root"], deny: ["ubuntu"] }),
        sshTest({ src: "group:dev", accept: ["ubuntu"] }),
      ],
    );
    assert.deepEqual(report, { passed: 3, failures: [], unchecked: [] });
  });
});
