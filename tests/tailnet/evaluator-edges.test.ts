import assert from "node:assert/strict";
import {
  type AccessQuery,
  runPolicyTests,
  TailnetPolicyError,
  TailnetPolicyEvaluator,
} from "../../sdk/tailnet";

const tagged = (...tags: string[]) => ({ kind: "tagged" as const, tags });
const query = (over: Partial<AccessQuery>): AccessQuery => ({
  src: tagged("tag:a"),
  dst: tagged("tag:b"),
  port: 22,
  proto: "tcp",
  ...over,
});

describe("tailnet evaluator edges (issue 23's mutations, issue 16's false refusals)", () => {
  it("refuses a reversed port range in a grant, a protocol grant and a legacy acl", () => {
    for (const policy of [
      { grants: [{ src: ["*"], dst: ["*"], ip: ["90-80"] }] },
      { grants: [{ src: ["*"], dst: ["*"], ip: ["tcp:90-80"] }] },
      { acls: [{ action: "accept", src: ["*"], dst: ["tag:b:90-80"] }] },
    ]) {
      assert.throws(() => new TailnetPolicyEvaluator(policy), TailnetPolicyError);
    }
    assert.doesNotThrow(
      () => new TailnetPolicyEvaluator({ grants: [{ src: ["*"], dst: ["*"], ip: ["80-90"] }] }),
    );
  });

  it("user:*@domain matches that domain only, not one that ends with it", () => {
    const e = new TailnetPolicyEvaluator({
      grants: [{ src: ["user:*@example.com"], dst: ["tag:b"], ip: ["*"] }],
    });
    const from = (login: string) => e.check(query({ src: { kind: "user", login } })).allowed;
    assert.equal(from("bob@example.com"), true);
    assert.equal(from("bob@evilexample.com"), false);
    assert.equal(from("bob@example.com.evil"), false);
  });

  it("icmp covers ICMPv6 too, in a grant and in a legacy acl", () => {
    const grant = new TailnetPolicyEvaluator({ grants: [{ src: ["*"], dst: ["tag:b"], ip: ["icmp:*"] }] });
    const acl = new TailnetPolicyEvaluator({
      acls: [{ action: "accept", proto: "icmp", src: ["*"], dst: ["tag:b:*"] }],
    });
    for (const e of [grant, acl]) {
      assert.equal(e.check(query({ proto: 58, port: 0 })).allowed, true);
      assert.equal(e.check(query({ proto: "icmp", port: 0 })).allowed, true);
      assert.equal(e.check(query({ proto: "tcp" })).allowed, false);
    }
  });

  it("matches IPv6 addresses and CIDRs (and hosts aliases of them), not only IPv4", () => {
    const e = new TailnetPolicyEvaluator({
      hosts: { nas6: "fd7a:115c:a1e0::42" },
      grants: [
        { src: ["*"], dst: ["fd7a:115c:a1e0:ab::/64"], ip: ["tcp:443"] },
        { src: ["*"], dst: ["nas6"], ip: ["tcp:445"] },
      ],
    });
    const to = (ip: string, port: number) =>
      e.check(query({ dst: { kind: "host", ips: [ip] }, port })).allowed;
    assert.equal(to("fd7a:115c:a1e0:ab::9", 443), true);
    assert.equal(to("fd7a:115c:a1e0:ac::9", 443), false);
    assert.equal(to("fd7a:115c:a1e0::42", 445), true);
    assert.equal(to("fd7a:115c:a1e0::43", 445), false);
  });

  it('accepts "*:8096" in a grant\'s ip: that port on any protocol', () => {
    const e = new TailnetPolicyEvaluator({ grants: [{ src: ["*"], dst: ["tag:b"], ip: ["*:8096"] }] });
    assert.equal(e.check(query({ port: 8096 })).allowed, true);
    assert.equal(e.check(query({ port: 8096, proto: "udp" })).allowed, true);
    assert.equal(e.check(query({ port: 8097 })).allowed, false);
  });

  it("ipsets: add and remove, nested sets, hosts inside them", () => {
    const e = new TailnetPolicyEvaluator({
      hosts: { printer: "10.1.0.9" },
      ipsets: {
        "ipset:lan": ["add 10.1.0.0/24", "remove printer", "add ipset:lab"],
        "ipset:lab": ["10.9.0.0/16"],
      },
      grants: [{ src: ["*"], dst: ["ipset:lan"], ip: ["*"] }],
    });
    const to = (ip: string) => e.check(query({ dst: { kind: "host", ips: [ip] } })).allowed;
    assert.equal(to("10.1.0.5"), true);
    assert.equal(to("10.1.0.9"), false, "removed");
    assert.equal(to("10.9.3.3"), true, "nested set");
    assert.equal(to("10.2.0.1"), false);
  });

  it("a grant with via applies only through its router, never device to device", () => {
    const e = new TailnetPolicyEvaluator({
      grants: [{ src: ["tag:a"], dst: ["192.0.2.0/24"], via: ["tag:exit-nyc"], ip: ["*"] }],
    });
    const host = { kind: "host" as const, ips: ["192.0.2.7"] };
    assert.equal(e.check(query({ dst: host })).allowed, false);
    assert.equal(e.check(query({ dst: host, through: ["tag:exit-nyc"] })).allowed, true);
    assert.equal(e.check(query({ dst: host, through: ["tag:other"] })).allowed, false);
    const device = { ...tagged("tag:b"), ips: ["192.0.2.7"] };
    assert.equal(e.check(query({ dst: device })).allowed, false);
    assert.equal(e.check(query({ dst: device, through: ["tag:exit-nyc"] })).allowed, false);
  });
});

describe("policy tests decide what the file decides, and only that", () => {
  it("a login's role is unknown offline: an admin-only accept is unchecked, never failed", () => {
    const report = runPolicyTests({
      tagOwners: { "tag:nas": [] },
      grants: [{ src: ["autogroup:admin"], dst: ["tag:nas"], ip: ["tcp:443"] }],
      tests: [{ src: "me@gmail.com", accept: ["tag:nas:443"] }],
    });
    assert.deepEqual(report.failures, []);
    assert.match(report.unchecked[0], /depends on the tailnet role of me@gmail\.com/);
  });

  it("a login in no group is not assumed a member; one a group lists is", () => {
    const policy = {
      groups: { "group:fam": ["kid@example.com"] },
      tagOwners: { "tag:tv": [] },
      grants: [{ src: ["autogroup:member"], dst: ["tag:tv"], ip: ["tcp:8096"] }],
      tests: [
        { src: "kid@example.com", accept: ["tag:tv:8096"] },
        { src: "stranger@example.com", deny: ["tag:tv:8096"] },
      ],
    };
    const report = runPolicyTests(policy);
    assert.equal(report.passed, 1);
    assert.deepEqual(report.failures, []);
    assert.match(
      report.unchecked[0],
      /stranger@example\.com -> tag:tv:8096 \(deny\) depends on the tailnet role/,
    );
  });

  it("decides IP, CIDR-covered, hosts and autoApproved-route destinations", () => {
    const report = runPolicyTests({
      hosts: { nas: "100.64.0.9", lan: "192.168.1.0/24" },
      groups: { "group:ops": ["ops@example.com"] },
      autoApprovers: { routes: { "192.168.1.0/24": ["tag:router"] } },
      tagOwners: { "tag:router": [] },
      grants: [
        { src: ["group:ops"], dst: ["lan", "nas"], ip: ["tcp:22"] },
        { src: ["*"], dst: ["*"], ip: ["tcp:80"] },
      ],
      tests: [
        {
          src: "ops@example.com",
          accept: ["192.168.1.4:22", "nas:22", "100.64.0.9:22"],
          deny: ["192.168.2.4:22"],
        },
        { src: "tag:router", accept: ["192.168.1.4:80"], deny: ["192.168.1.4:22"] },
      ],
    });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.unchecked, []);
    assert.equal(report.passed, 6);
  });

  it("refuses what Tailscale refuses as a test destination: CIDRs, autogroup:internet, unknown hosts", () => {
    const report = runPolicyTests({
      hosts: { lan: "192.168.1.0/24" },
      grants: [],
      tests: [
        { src: "tag:a", accept: ["lan:22", "autogroup:internet:443", "nowhere:80", "100.64.0.16/32:22"] },
      ],
    });
    assert.deepEqual(
      report.failures.map((f) => f.destination),
      ["lan:22", "autogroup:internet:443", "nowhere:80", "100.64.0.16/32:22"],
    );
  });

  it("autogroup:self destinations are the source's own device; autogroup:tagged sources decided when no tag matters", () => {
    const report = runPolicyTests({
      groups: { "group:dev": ["ann@example.com"] },
      tagOwners: { "tag:ci": [] },
      grants: [
        { src: ["autogroup:member"], dst: ["autogroup:self"], ip: ["*"] },
        { src: ["autogroup:tagged"], dst: ["tag:ci"], ip: ["tcp:9100"] },
        { src: ["tag:ci"], dst: ["tag:ci"], ip: ["tcp:22"] },
      ],
      tests: [
        { src: "ann@example.com", accept: ["autogroup:self:22", "ann@example.com:22"] },
        { src: "autogroup:tagged", accept: ["tag:ci:9100"], deny: ["tag:ci:5432"] },
        { src: "autogroup:tagged", deny: ["tag:ci:22"] },
      ],
    });
    assert.deepEqual(report.failures, []);
    assert.equal(report.passed, 4);
    assert.match(
      report.unchecked[0],
      /tag:ci:22 \(deny\) depends on which tags the autogroup:tagged device carries/,
    );
  });
});
