import * as assert from "node:assert/strict";
import { E2E_PORTS, e2e, everything, Fixture, np, ns, nsOf, pod } from "./helpers";

/** R01-R12 and R34-R36: who is isolated, how policies and rules combine, both sides of a connection. */

const denyIngress = (namespace: string, extra: Record<string, unknown> = {}) =>
  np(`${namespace}/deny-ingress`, { podSelector: {}, policyTypes: ["Ingress"], ...extra });

describe("reach: isolation and combination rules", () => {
  it("R01: without policies every connection is allowed", () => {
    const f = e2e();
    f.assertTable("80/TCP", everything);
    f.assertTable("81/UDP", everything);
    const v = f.verdict("x/a -> y/b:80/TCP");
    assert.equal(v.egress?.isolated, false);
    assert.equal(v.ingress?.isolated, false);
    assert.match(v.reason, /not isolated/);
  });

  it("R02: podSelector {} isolates every pod of the namespace; a label selector only the pods it selects", () => {
    e2e(np("x/deny", { podSelector: {}, policyTypes: ["Ingress"] })).assertTable(
      "80/TCP",
      (_, to) => nsOf(to) !== "x",
    );
    const f = e2e(np("x/deny-a", { podSelector: { matchLabels: { pod: "a" } }, policyTypes: ["Ingress"] }));
    f.assertTable("80/TCP", (_, to) => to !== "x/a");
  });

  it("R03: an omitted podSelector selects every pod of the namespace", () => {
    e2e(np("x/deny", { policyTypes: ["Ingress"] })).assertTable("80/TCP", (_, to) => nsOf(to) !== "x");
  });

  it("R04: a policy never selects pods of another namespace (e2e default-deny-ingress)", () => {
    const f = e2e(np("y/deny", { podSelector: { matchLabels: { pod: "a" } } }));
    f.assertTable("80/TCP", (_, to) => to !== "y/a");
    assert.equal(f.verdict("y/b -> x/a:80/TCP").ingress?.isolated, false);
  });

  it("R05: ingress isolation with no rules (missing or []) allows no inbound traffic", () => {
    for (const extra of [{}, { ingress: [] }]) {
      e2e(denyIngress("x", extra)).assertTable("80/TCP", (_, to) => nsOf(to) !== "x");
    }
  });

  it("R06: egress isolation with no rules allows no outbound traffic", () => {
    const f = e2e(np("x/deny-egress", { podSelector: {}, policyTypes: ["Egress"] }));
    f.assertTable("80/TCP", (from) => nsOf(from) !== "x");
    assert.equal(f.allowed("x/a -> 1.2.3.4:443"), false);
  });

  it("R07: a rule {} allows everything in its direction, external addresses included", () => {
    const f = e2e(
      np("x/allow-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] }),
    );
    f.assertTable("80/TCP", everything);
    f.assertTable("81/SCTP", everything);
    assert.equal(f.allowed("x/a -> 1.2.3.4:443/UDP"), true);
    assert.equal(f.allowed("203.0.113.9 -> x/a:80"), true);
    assert.deepEqual(f.verdict("x/a -> y/a:80").egress?.allowedBy, { policy: "x/allow-all", rule: 0 });
  });

  it("R08: omitted policyTypes mean Ingress, plus Egress only when there is an egress rule", () => {
    const withEgress = e2e(
      np("x/p", {
        podSelector: { matchLabels: { pod: "a" } },
        egress: [{ to: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
      }),
    );
    withEgress.assertTable("80/TCP", (from, to) => (from === "x/a" ? to === "x/b" : to !== "x/a"));
    const ingressOnly = e2e(np("x/p", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{}] }));
    ingressOnly.assertTable("80/TCP", everything);
    assert.equal(ingressOnly.verdict("x/a -> y/a:80").egress?.isolated, false);
  });

  it("R09: explicit policyTypes restrict the policy to those directions (e2e: controlled independently)", () => {
    // The ingress section would deny everything but Ingress is not listed: it is ignored.
    const f = e2e(
      np("x/egress-only", {
        podSelector: {},
        policyTypes: ["Egress"],
        ingress: [],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: "y" } } }] }],
      }),
    );
    f.assertTable("80/TCP", (from, to) => nsOf(from) !== "x" || nsOf(to) === "y");
    const g = e2e(np("x/ingress-only", { podSelector: {}, policyTypes: ["Ingress"], egress: [] }));
    g.assertTable("80/TCP", (_, to) => nsOf(to) !== "x");
  });

  it("R10: policies are additive, order does not matter, an allow-all wins over a narrower policy", () => {
    const fromB = np("x/from-b", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
    });
    const fromC = np("x/from-c", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: "c" } } }] }],
    });
    const stacked = (from: string, to: string) => to !== "x/a" || from === "x/b" || from === "x/c";
    e2e(fromB, fromC).assertTable("80/TCP", stacked);
    e2e(fromC, fromB).assertTable("80/TCP", stacked);
    const allowAll = np("x/allow-all", { podSelector: {}, ingress: [{}] });
    e2e(fromB, allowAll).assertTable("80/TCP", everything);
    e2e(allowAll, fromB).assertTable("80/TCP", everything);
  });

  it("R11: rules are ORed; within one rule the peers AND the ports must match", () => {
    const f = e2e(
      np("x/p", {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { pod: "b" } } }], ports: [{ port: 80 }] },
          { from: [{ podSelector: { matchLabels: { pod: "c" } } }], ports: [{ port: 81 }] },
        ],
      }),
    );
    f.assertTable("80/TCP", (from, to) => to !== "x/a" || from === "x/b");
    f.assertTable("81/TCP", (from, to) => to !== "x/a" || from === "x/c");
    assert.deepEqual(f.verdict("x/c -> x/a:81").ingress?.allowedBy, { policy: "x/p", rule: 1 });
  });

  it("names every policy that admits a connection, not only the first one met (issue 17 item 5)", () => {
    const f = e2e(
      np("x/from-b", {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
      }),
      np("x/from-all", {
        podSelector: {},
        ingress: [{ ports: [{ port: 81 }] }, { from: [{ podSelector: {} }] }],
      }),
    );
    const v = f.verdict("x/b -> x/a:80");
    assert.deepEqual(v.ingress?.admittedBy, [
      { policy: "x/from-b", rule: 0 },
      { policy: "x/from-all", rule: 1 },
    ]);
    assert.match(
      v.reason,
      /ingress of x\/a is allowed by x\/from-b spec\.ingress\[0\], x\/from-all spec\.ingress\[1\]\.$/,
    );
    assert.deepEqual(f.verdict("x/c -> x/a:80").ingress?.admittedBy, [{ policy: "x/from-all", rule: 1 }]);
  });

  it("R12: peers of one from list are ORed", () => {
    const f = e2e(
      np("x/p", {
        podSelector: {},
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { pod: "b" } } },
              { namespaceSelector: { matchLabels: { ns: "z" } } },
            ],
          },
        ],
      }),
    );
    f.assertTable("80/TCP", (from, to) => nsOf(to) !== "x" || from === "x/b" || nsOf(from) === "z");
  });

  it("R34: the source's egress AND the destination's ingress must both allow (e2e: denying egress on the client)", () => {
    const f = e2e(
      np("x/b-accepts-a", {
        podSelector: { matchLabels: { pod: "b" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "a" } } }] }],
      }),
      np("x/a-egress-to-c", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Egress"],
        egress: [{ to: [{ podSelector: { matchLabels: { pod: "c" } } }] }],
      }),
    );
    f.assertTable("80/TCP", (from, to) => (from === "x/a" ? to === "x/c" : to !== "x/b"));
    const v = f.verdict("x/a -> x/b:80");
    assert.equal(v.ingress?.allowed, true);
    assert.equal(v.egress?.allowed, false);
    assert.match(
      v.reason,
      /^Denied x\/a -> x\/b:80\/TCP: x\/a is isolated for egress by policy x\/a-egress-to-c/,
    );
  });

  it("R35: default-deny egress blocks DNS until UDP and TCP 53 are allowed explicitly", () => {
    const dns = pod(
      "kube-system/coredns",
      { "k8s-app": "kube-dns" },
      {
        ports: [
          { name: "dns", containerPort: 53, protocol: "UDP" },
          { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
        ],
      },
    );
    const base = [ns("kube-system"), ns("x"), pod("x/a", { pod: "a" }, { ports: E2E_PORTS }), dns];
    const deny = np("x/deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const denied = new Fixture([...base, deny]);
    assert.equal(denied.allowed("x/a -> kube-system/coredns:53/UDP"), false);
    assert.equal(denied.allowed("x/a -> kube-system/coredns:53/TCP"), false);
    const dnsRule = {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
    };
    const allowed = new Fixture([
      ...base,
      deny,
      np("x/dns", { podSelector: {}, policyTypes: ["Egress"], egress: [dnsRule] }),
    ]);
    assert.equal(allowed.allowed("x/a -> kube-system/coredns:53/UDP"), true);
    assert.equal(allowed.allowed("x/a -> kube-system/coredns:dns-tcp/TCP"), true);
    assert.equal(
      allowed.allowed("x/a -> 8.8.8.8:53/UDP"),
      false,
      "a scoped DNS rule does not open port 53 anywhere",
    );
  });

  it("R36: an external peer has no policy side; only the pod's side judges", () => {
    const f = e2e(np("x/deny-egress", { podSelector: {}, policyTypes: ["Egress"] }));
    const inbound = f.verdict("198.51.100.7 -> x/a:80");
    assert.equal(inbound.allowed, true, "x/a's egress isolation does not judge inbound traffic");
    assert.equal(inbound.egress, undefined);
    assert.match(inbound.reason, /the external peer 198\.51\.100\.7 has no policy side/);
    const outbound = f.verdict("y/a -> 198.51.100.7:80");
    assert.equal(outbound.allowed, true);
    assert.equal(outbound.ingress, undefined);
    assert.equal(f.allowed("x/a -> 198.51.100.7:80"), false);
  });
});
