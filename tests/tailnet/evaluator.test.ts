import assert from "node:assert/strict";
import {
  type AccessQuery,
  evaluateAccess,
  type TailnetIdentity,
  TailnetPolicyError,
  TailnetPolicyEvaluator,
} from "../../sdk/tailnet";

// The cases below are the Tailscale documentation's and the captured SaaS behaviour's own examples,
// as recorded in docs/tailnet-policy.md (section numbers in the test names).

const alice: TailnetIdentity = { kind: "user", login: "alice@example.com" };
const bob: TailnetIdentity = { kind: "user", login: "bob@example.com" };
const server: TailnetIdentity = { kind: "tagged", tags: ["tag:server"] };
const grafana: TailnetIdentity = { kind: "tagged", tags: ["tag:k8s", "tag:k8s-grafana"] };

const allowed = (policy: object, q: Partial<AccessQuery> & Pick<AccessQuery, "port" | "proto">) =>
  evaluateAccess(policy, { src: alice, dst: server, ...q }).allowed;
const grantIp = (...ip: string[]) => ({
  tagOwners: { "tag:server": [] },
  grants: [{ src: ["alice@example.com"], dst: ["tag:server"], ip }],
});

describe("tailnet grants evaluator", () => {
  it("finds every admitting rule of a tagged device in policy order, whatever selects it", () => {
    const policy = {
      grants: [
        { src: ["alice@example.com"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] },
        { src: ["alice@example.com"], dst: ["tag:other"], ip: ["tcp:80"] },
        { src: ["alice@example.com"], dst: ["*"], ip: ["tcp:80"] },
        { src: ["alice@example.com"], dst: ["TAG:K8S"], ip: ["tcp:80"] },
        { src: ["alice@example.com"], dst: ["tag:other", "autogroup:tagged"], ip: ["tcp:80"] },
        { src: ["bob@example.com"], dst: ["tag:k8s"], ip: ["tcp:80"] },
      ],
      acls: [{ action: "accept", src: ["alice@example.com"], dst: ["tag:k8s-grafana:80"] }],
    };
    const evaluator = new TailnetPolicyEvaluator(policy);
    const matched = (dst: TailnetIdentity) =>
      evaluator
        .check({ src: alice, dst, port: 80, proto: "tcp" })
        .matched.map((m) => `${m.section}[${m.index}]`);
    assert.deepEqual(matched(grafana), ["grants[0]", "grants[2]", "grants[3]", "grants[4]", "acls[0]"]);
    assert.deepEqual(matched(server), ["grants[2]", "grants[4]"]);
    assert.deepEqual(matched(bob), ["grants[2]"]);
  });

  describe("the ip field (§2.3)", () => {
    it('"*" is every port over TCP, UDP and ICMP, but not SCTP', () => {
      const p = grantIp("*");
      assert.ok(allowed(p, { proto: "tcp", port: 22 }));
      assert.ok(allowed(p, { proto: "udp", port: 53 }));
      assert.ok(allowed(p, { proto: "icmp", port: 0 }));
      assert.ok(!allowed(p, { proto: "sctp", port: 22 }));
    });

    it('a bare port or range ("443", "80-443") is TCP, UDP and ICMP on those ports', () => {
      const p = grantIp("443");
      assert.ok(allowed(p, { proto: "tcp", port: 443 }));
      assert.ok(allowed(p, { proto: "udp", port: 443 }));
      assert.ok(allowed(p, { proto: "icmp", port: 0 }));
      assert.ok(!allowed(p, { proto: "tcp", port: 444 }));
      assert.ok(!allowed(p, { proto: "sctp", port: 443 }));
      const r = grantIp("80-443");
      assert.ok(allowed(r, { proto: "tcp", port: 80 }) && allowed(r, { proto: "udp", port: 200 }));
      assert.ok(!allowed(r, { proto: "tcp", port: 79 }) && !allowed(r, { proto: "tcp", port: 444 }));
    });

    it('"tcp:443" and "udp:53" open only their protocol', () => {
      const p = grantIp("tcp:443", "udp:53");
      assert.ok(allowed(p, { proto: "tcp", port: 443 }));
      assert.ok(!allowed(p, { proto: "udp", port: 443 }));
      assert.ok(!allowed(p, { proto: "icmp", port: 0 }));
      assert.ok(allowed(p, { proto: "udp", port: 53 }));
      assert.ok(!allowed(p, { proto: "tcp", port: 53 }));
      assert.ok(allowed(grantIp("tcp:8000-8010"), { proto: "tcp", port: 8005 }));
    });

    it('a bare number is always a port: "47" is port 47, protocol 47 is "47:*" or "gre:*"', () => {
      assert.ok(allowed(grantIp("47"), { proto: "tcp", port: 47 }));
      assert.ok(!allowed(grantIp("47"), { proto: "gre", port: 0 }));
      assert.ok(allowed(grantIp("47:*"), { proto: "gre", port: 0 }));
      assert.ok(allowed(grantIp("gre:*"), { proto: 47, port: 0 }));
      assert.ok(allowed(grantIp("sctp:*"), { proto: "sctp", port: 9 }));
      assert.ok(allowed(grantIp("icmp:*"), { proto: "icmp", port: 0 }));
    });

    it("refuses what Tailscale refuses: bare icmp, port 0, ip and app both empty", () => {
      assert.throws(
        () => new TailnetPolicyEvaluator(grantIp("icmp")),
        /grants\[0\]\.ip\[0\]: port range "icmp": invalid first integer/,
      );
      assert.throws(
        () => new TailnetPolicyEvaluator(grantIp("0")),
        /first port must be >0, or use '\*' for wildcard/,
      );
      assert.throws(() => new TailnetPolicyEvaluator(grantIp()), /ip and app can not both be empty/);
      assert.throws(() => new TailnetPolicyEvaluator(grantIp("icmp:7")), /has no ports; write "icmp:\*"/);
      assert.throws(() => new TailnetPolicyEvaluator(grantIp("tcp:70000")), TailnetPolicyError);
    });
  });

  describe("selectors and identities (§2.2, §3.1-3.3)", () => {
    it("a user selector covers only that user's untagged devices (grant-p02)", () => {
      const p = { grants: [{ src: ["*"], dst: ["alice@example.com"], ip: ["*"] }] };
      assert.ok(evaluateAccess(p, { src: bob, dst: alice, port: 22, proto: "tcp" }).allowed);
      const aliceTagged: TailnetIdentity = { kind: "tagged", tags: ["tag:server"] };
      assert.ok(!evaluateAccess(p, { src: bob, dst: aliceTagged, port: 22, proto: "tcp" }).allowed);
    });

    it("autogroup:member never matches tagged devices; autogroup:tagged matches only them (acl-a01, acl-a02)", () => {
      const member = { grants: [{ src: ["autogroup:member"], dst: ["*"], ip: ["*"] }] };
      assert.ok(allowed(member, { proto: "tcp", port: 1 }));
      assert.ok(!evaluateAccess(member, { src: server, dst: alice, port: 1, proto: "tcp" }).allowed);
      assert.ok(
        !evaluateAccess(member, { src: { ...bob, shared: true }, dst: alice, port: 1, proto: "tcp" }).allowed,
      );
      const tagged = { grants: [{ src: ["autogroup:tagged"], dst: ["*"], ip: ["*"] }] };
      assert.ok(evaluateAccess(tagged, { src: server, dst: alice, port: 1, proto: "tcp" }).allowed);
      assert.ok(!allowed(tagged, { proto: "tcp", port: 1 }));
    });

    it("groups come from the policy's groups and from the identity (IdP-synced)", () => {
      const p = {
        groups: { "group:sre": ["alice@example.com"] },
        grants: [{ src: ["group:sre", "group:ops@example.com"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] }],
      };
      const q = { dst: grafana, port: 80, proto: "tcp" } as const;
      assert.ok(evaluateAccess(p, { ...q, src: alice }).allowed);
      assert.ok(!evaluateAccess(p, { ...q, src: bob }).allowed);
      assert.ok(evaluateAccess(p, { ...q, src: { ...bob, groups: ["group:ops@example.com"] } }).allowed);
    });

    it("a device with several tags matches each of them; tag names ignore case (§3.3, tags page)", () => {
      const p = { grants: [{ src: ["group:sre"], dst: ["tag:K8S"], ip: ["tcp:80"] }] };
      const sre = { ...alice, groups: ["group:sre"] };
      assert.ok(evaluateAccess(p, { src: sre, dst: grafana, port: 80, proto: "tcp" }).allowed);
    });

    it("autogroup:self is the source user's own untagged devices (also legacy src * with autogroup:self:*)", () => {
      const grant = { grants: [{ src: ["autogroup:member"], dst: ["autogroup:self"], ip: ["*"] }] };
      const acl = { acls: [{ action: "accept", src: ["*"], dst: ["autogroup:self:*"] }] };
      for (const p of [grant, acl]) {
        assert.ok(evaluateAccess(p, { src: alice, dst: alice, port: 22, proto: "tcp" }).allowed);
        assert.ok(!evaluateAccess(p, { src: alice, dst: bob, port: 22, proto: "tcp" }).allowed);
        assert.ok(!evaluateAccess(p, { src: server, dst: server, port: 22, proto: "tcp" }).allowed);
      }
    });

    it("role autogroups need the role; owning a tag gives no network access (§3.8)", () => {
      const p = {
        tagOwners: { "tag:server": ["alice@example.com"] },
        grants: [{ src: ["autogroup:admin"], dst: ["tag:server"], ip: ["tcp:22"] }],
      };
      assert.ok(!allowed(p, { proto: "tcp", port: 22 }));
      assert.ok(allowed(p, { src: { ...alice, roles: ["admin"] }, proto: "tcp", port: 22 }));
    });

    it("address selectors match identities by their ips, hosts aliases resolve", () => {
      const p = {
        hosts: { db: "100.64.0.7" },
        grants: [{ src: ["*"], dst: ["db", "10.1.0.0/16"], ip: ["tcp:5432"] }],
      };
      const db: TailnetIdentity = { kind: "tagged", tags: ["tag:db"], ips: ["100.64.0.7"] };
      const other: TailnetIdentity = { kind: "tagged", tags: ["tag:db"], ips: ["10.1.3.4"] };
      assert.ok(allowed(p, { dst: db, proto: "tcp", port: 5432 }));
      assert.ok(allowed(p, { dst: other, proto: "tcp", port: 5432 }));
      assert.ok(!allowed(p, { proto: "tcp", port: 5432 }));
    });

    it("via grants and app-only grants open no device-to-device port (§2.1, §3.9)", () => {
      const p = {
        grants: [
          { src: ["*"], dst: ["tag:server"], ip: ["*"], via: ["tag:router"] },
          { src: ["*"], dst: ["tag:server"], app: { "example.com/cap/x": [{}] } },
        ],
      };
      assert.ok(!allowed(p, { proto: "tcp", port: 80 }));
    });
  });

  describe("legacy acls (§2.4)", () => {
    it("dst is host:ports split at the last colon, with lists and ranges", () => {
      const p = {
        acls: [{ action: "accept", src: ["alice@example.com"], dst: ["tag:server:80,443,1000-2000"] }],
      };
      for (const port of [80, 443, 1000, 1500, 2000])
        assert.ok(allowed(p, { proto: "tcp", port }), String(port));
      assert.ok(!allowed(p, { proto: "tcp", port: 81 }));
      const v6 = { acls: [{ action: "accept", src: ["*"], dst: ["[fd7a::1]:22"] }] };
      assert.ok(allowed(v6, { dst: { kind: "tagged", tags: [], ips: ["fd7a::1"] }, proto: "tcp", port: 22 }));
    });

    it("without proto a rule covers TCP, UDP and ICMP; with proto only that protocol", () => {
      const any = { acls: [{ action: "accept", src: ["*"], dst: ["tag:server:53"] }] };
      assert.ok(allowed(any, { proto: "tcp", port: 53 }) && allowed(any, { proto: "udp", port: 53 }));
      assert.ok(allowed(any, { proto: "icmp", port: 0 }));
      const udp = { acls: [{ action: "accept", src: ["*"], dst: ["tag:server:53"], proto: "udp" }] };
      assert.ok(allowed(udp, { proto: "udp", port: 53 }));
      assert.ok(!allowed(udp, { proto: "tcp", port: 53 }));
    });

    it('reads the legacy users/ports names and the "ACLs" spelling of old files', () => {
      const p = { ACLs: [{ Action: "accept", Users: ["alice@example.com"], Ports: ["tag:server:22"] }] };
      assert.ok(allowed(p, { proto: "tcp", port: 22 }));
      assert.ok(!allowed(p, { src: bob, proto: "tcp", port: 22 }));
    });

    it('refuses action "deny" and a dst without ports, as Tailscale does', () => {
      const deny = { acls: [{ action: "deny", src: ["*"], dst: ["*:*"] }] };
      assert.throws(() => new TailnetPolicyEvaluator(deny), /acls\[0\]: action="deny" is not supported/);
      const noPorts = { acls: [{ action: "accept", src: ["*"], dst: ["autogroup:self"] }] };
      assert.throws(() => new TailnetPolicyEvaluator(noPorts), /port range "self": invalid first integer/);
    });
  });

  describe("combination and defaults (§2.5, §3.5)", () => {
    it("neither acls nor grants is the default allow-all; an empty list of either denies everything", () => {
      const none = evaluateAccess(
        { nodeAttrs: [{ target: ["tag:server"], attr: ["funnel"] }] },
        {
          src: bob,
          dst: server,
          port: 9999,
          proto: "udp",
        },
      );
      assert.ok(none.allowed && none.defaultAllowAll);
      assert.match(none.explanation, /neither "acls" nor "grants"/);
      assert.ok(!allowed({ acls: [] }, { proto: "tcp", port: 80 }));
      assert.ok(!allowed({ grants: [] }, { proto: "tcp", port: 80 }));
    });

    it("acls and grants add up, and the decision names every rule that admits the query", () => {
      const p = {
        acls: [{ action: "accept", src: ["alice@example.com"], dst: ["tag:server:22"] }],
        grants: [
          { src: ["autogroup:member"], dst: ["tag:server"], ip: ["tcp:22"] },
          { src: ["bob@example.com"], dst: ["tag:server"], ip: ["tcp:22"] },
        ],
      };
      const d = evaluateAccess(p, { src: alice, dst: server, port: 22, proto: "tcp" });
      assert.ok(d.allowed);
      assert.deepEqual(
        d.matched.map((m) => `${m.section}[${m.index}]`),
        ["grants[0]", "acls[0]"],
      );
      assert.match(
        d.explanation,
        /^alice@example.com -> tagged device \[tag:server\] tcp:22: allowed by grants\[0\] /,
      );
      const no = evaluateAccess(p, { src: alice, dst: server, port: 23, proto: "tcp" });
      assert.ok(!no.allowed);
      assert.equal(
        no.explanation,
        "alice@example.com -> tagged device [tag:server] tcp:23: denied, no grant or acl admits it",
      );
    });
  });
});

describe("tailnet grants evaluator: Tailscale Services and routed hosts", () => {
  const alice = { kind: "user" as const, login: "alice@example.com", groups: ["group:sre"] };
  const grafana = { kind: "service" as const, name: "svc:grafana", tags: ["tag:k8s-grafana"] };
  const policy = {
    grants: [
      { src: ["group:sre"], dst: ["svc:grafana"], ip: ["tcp:80"] },
      { src: ["group:sre"], dst: ["tag:k8s-grafana"], ip: ["tcp:8080"] },
      { src: ["group:sre"], dst: ["10.20.0.0/16"], ip: ["tcp:5432"] },
      { src: ["group:sre"], dst: ["autogroup:internet"], ip: ["*"] },
    ],
  };
  const allowed = (dst: any, port: number) =>
    evaluateAccess(policy, { src: alice, dst, port, proto: "tcp" }).allowed;

  it("admits a svc: destination by its name, and by the Service's own tags", () => {
    assert.ok(allowed(grafana, 80));
    assert.ok(allowed(grafana, 8080));
    assert.ok(!allowed(grafana, 443));
    assert.ok(!allowed({ kind: "service", name: "svc:other" }, 80));
    assert.ok(!allowed({ kind: "tagged", tags: ["tag:k8s-grafana"] }, 80), "a svc: grant opens no device");
    assert.equal(
      evaluateAccess(policy, { src: alice, dst: grafana, port: 80, proto: "tcp" }).explanation.split(":")[0] +
        ":",
      "alice@example.com -> svc:",
    );
  });

  it("admits a routed host by address, and an internet host by autogroup:internet", () => {
    assert.ok(allowed({ kind: "host", ips: ["10.20.0.1"] }, 5432));
    assert.ok(!allowed({ kind: "host", ips: ["10.21.0.1"] }, 5432));
    assert.ok(allowed({ kind: "host", ips: ["203.0.113.7"], internet: true }, 443));
    assert.ok(
      !allowed({ kind: "host", ips: ["203.0.113.7"] }, 443),
      "an address in no route and not the internet",
    );
  });
});
