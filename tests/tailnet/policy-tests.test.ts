import assert from "node:assert/strict";
import { issueLine, parseHujson, runPolicyTests } from "../../sdk/tailnet";

// The minimal operator policy of docs/tailnet-policy.md §7, verbatim (HuJSON, with its tests).
const minimalPolicy = `{
  "groups": {"group:sre": ["alice@example.com"]},
  "tagOwners": {
    "tag:k8s-operator": [],
    "tag:k8s":          ["tag:k8s-operator"],
    "tag:k8s-grafana":  ["tag:k8s-operator"],
  },
  "grants": [
    {"src": ["group:sre"], "dst": ["tag:k8s-grafana"], "ip": ["tcp:80"]},
    // every other rule the tailnet needs goes here: the Acl resource owns the WHOLE file
  ],
  "tests": [
    {"src": "alice@example.com", "accept": ["tag:k8s-grafana:80"], "deny": ["tag:k8s-grafana:443"]},
    {"src": "bob@example.com",   "deny":   ["tag:k8s-grafana:80"]},
  ],
}`;

describe("tailnet policy tests, run offline", () => {
  it("the doc's minimal operator policy passes its own tests", () => {
    const report = runPolicyTests(parseHujson(minimalPolicy) as object);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.unchecked, []);
    assert.equal(report.passed, 3);
  });

  it("a broad base rule makes the deny tests fail, naming the rule (§10.2)", () => {
    const policy = parseHujson(minimalPolicy) as { grants: object[] };
    policy.grants.push({ src: ["*"], dst: ["*"], ip: ["*"] });
    const report = runPolicyTests(policy);
    assert.deepEqual(
      report.failures.map((f) => [f.test, f.src, f.destination]),
      [
        [0, "alice@example.com", "tag:k8s-grafana:443"],
        [1, "bob@example.com", "tag:k8s-grafana:80"],
      ],
    );
    assert.match(
      issueLine(report.failures[1]),
      /^tests\[1\]: test\(s\) failed for bob@example.com: address "tag:k8s-grafana:80": want: Deny, got: Accept \(.*grants\[1\] \{"src":\["\*"\],"dst":\["\*"\],"ip":\["\*"\]\}/,
    );
  });

  it("a failing accept says Drop, like Tailscale's own output (#8377)", () => {
    const report = runPolicyTests({
      tagOwners: { "tag:homeserver": [] },
      grants: [],
      tests: [{ src: "ericswpark@github", accept: ["tag:homeserver:80"] }],
    });
    assert.equal(
      issueLine(report.failures[0]),
      'tests[0]: test(s) failed for ericswpark@github: address "tag:homeserver:80": want: Accept, got: Drop (no grant or acl admits it)',
    );
  });

  it("the tags page example: a group source with tag:prod:1234", () => {
    const policy = {
      groups: { "group:sre": ["alice@example.com", "bob@example.com"] },
      tagOwners: { "tag:prod": [] },
      grants: [{ src: ["group:sre"], dst: ["tag:prod"], ip: ["1234"] }],
      tests: [{ src: "group:sre", accept: ["tag:prod:1234"] }],
    };
    assert.deepEqual(runPolicyTests(policy).failures, []);
    assert.equal(runPolicyTests(policy).passed, 1, "one assertion for the group as such");
  });

  it("a group source holds for the group as such: a member's role does not break a deny", () => {
    // On Tailscale a deny test from a group that contains the admin passes.
    const policy = {
      groups: { "group:sre": ["alice@example.com", "bob@example.com"] },
      tagOwners: { "tag:prod": [] },
      grants: [{ src: ["autogroup:admin"], dst: ["tag:prod"], ip: ["tcp:22"] }],
      tests: [{ src: "group:sre", proto: "tcp", deny: ["tag:prod:22"] }],
    };
    assert.deepEqual(runPolicyTests(policy), { passed: 1, failures: [], unchecked: [] });
  });

  it("a group source that only some members pass fails; one every member passes by login is unchecked", () => {
    const policy = {
      groups: { "group:sre": ["alice@example.com", "bob@example.com"] },
      grants: [{ src: ["alice@example.com"], dst: ["tag:prod"], ip: ["tcp:22"] }],
      tests: [{ src: "group:sre", proto: "tcp", accept: ["tag:prod:22"] }],
    };
    const report = runPolicyTests(policy);
    assert.equal(report.failures.length, 1);
    assert.match(report.failures[0].message, /test\(s\) failed for group:sre: address "tag:prod:22"/);
    policy.grants[0].src.push("bob@example.com");
    const each = runPolicyTests(policy);
    assert.deepEqual(each.failures, []);
    assert.match(each.unchecked[0], /holds for each member of group:sre but not for the group as such/);
  });

  it("proto: icmp fails against a tcp-only rule (policytest-accept-fail-proto-icmp-not-allowed)", () => {
    const policy = {
      grants: [{ src: ["alice@example.com"], dst: ["tag:production"], ip: ["tcp:22"] }],
      tests: [{ src: "alice@example.com", proto: "icmp", accept: ["tag:production:0"] }],
    };
    assert.equal(runPolicyTests(policy).failures.length, 1);
    policy.grants[0].ip = ["*"];
    assert.deepEqual(runPolicyTests(policy).failures, []);
  });

  it("without proto a test means TCP or UDP: a UDP-only grant satisfies accept and fails deny", () => {
    const grants = [{ src: ["alice@example.com"], dst: ["tag:dns"], ip: ["udp:53"] }];
    assert.deepEqual(
      runPolicyTests({ grants, tests: [{ src: "alice@example.com", accept: ["tag:dns:53"] }] }).failures,
      [],
    );
    assert.equal(
      runPolicyTests({ grants, tests: [{ src: "alice@example.com", deny: ["tag:dns:53"] }] }).failures.length,
      1,
    );
    const tcp = runPolicyTests({
      grants,
      tests: [{ src: "alice@example.com", proto: "tcp", deny: ["tag:dns:53"] }],
    });
    assert.deepEqual(tcp.failures, []);
  });

  it("refuses destinations Tailscale refuses (port lists, ranges, *) and tests with neither accept nor deny", () => {
    const report = runPolicyTests({
      grants: [],
      tests: [
        { src: "alice@example.com", accept: ["webserver:80,443,8080", "tag:x:8000-8100", "tag:x:*"] },
        { src: "alice@example.com" },
        { accept: ["tag:x:1"] },
      ],
    });
    assert.deepEqual(report.failures.map(issueLine), [
      'tests[0]: "webserver:80,443,8080" must be "host:port" with exactly one port',
      'tests[0]: "tag:x:8000-8100" must be "host:port" with exactly one port',
      'tests[0]: "tag:x:*" must be "host:port" with exactly one port',
      "tests[1]: has neither accept nor deny",
      "tests[2]: src is missing or empty",
    ]);
  });

  it("reports what it cannot evaluate as unchecked, never as passed", () => {
    const report = runPolicyTests({
      grants: [{ src: ["*"], dst: ["*"], ip: ["*"] }],
      tests: [
        { src: "100.64.0.1", accept: ["tag:x:22"] },
        { src: "alice@example.com", accept: ["192.0.2.3:443"] },
        { src: "svc:web", accept: ["tag:x:22"] },
      ],
    });
    // "*" covers every tailnet device, so the device at a tailnet IP gets through whoever it is.
    assert.equal(report.passed, 1);
    assert.deepEqual(report.failures, []);
    assert.equal(
      report.unchecked.length,
      2,
      "a route not known to be approved, a Tailscale Service as a source",
    );
    assert.match(report.unchecked[0], /whether a route to 192\.0\.2\.3 is approved/);
  });

  it("evaluates a Tailscale Service destination (svc:) by its grants", () => {
    const report = runPolicyTests({
      grants: [{ src: ["group:sre"], dst: ["svc:grafana"], ip: ["tcp:80"] }],
      tests: [
        {
          src: "group:sre",
          proto: "tcp",
          accept: ["svc:grafana:80"],
          deny: ["svc:grafana:443", "svc:other:80"],
        },
        { src: "alice@example.com", proto: "tcp", deny: ["svc:grafana:80"] },
      ],
    });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.unchecked, []);
    assert.equal(report.passed, 4);
  });
});
