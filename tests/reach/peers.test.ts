import * as assert from "node:assert/strict";
import { parseSelector } from "../../sdk/reach";
import { e2e, e2eObjects, Fixture, np, ns, nsOf, pod, podOf } from "./helpers";

/** R13-R26 and R37: which pods and addresses the peers of a rule select. */

/** A policy isolating x/a for ingress that admits only `peers`. */
const intoXA = (...peers: object[]) =>
  np("x/into-a", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: peers }] });
/** The truth table when only `admitted` sources may reach x/a. */
const onlyInto = (admitted: (from: string) => boolean) => (from: string, to: string) =>
  to !== "x/a" || admitted(from);

describe("reach: peers", () => {
  it("R13: a peer with only podSelector selects pods of the policy's own namespace", () => {
    e2e(intoXA({ podSelector: { matchLabels: { pod: "b" } } })).assertTable(
      "80/TCP",
      onlyInto((f) => f === "x/b"),
    );
  });

  it("R14: a peer with only namespaceSelector selects all pods of the matching namespaces, own one only if it matches", () => {
    e2e(intoXA({ namespaceSelector: { matchLabels: { ns: "y" } } })).assertTable(
      "80/TCP",
      onlyInto((f) => nsOf(f) === "y"),
    );
  });

  it("R15: namespaceSelector and podSelector in one peer are ANDed; as two peers they are ORed", () => {
    const and = intoXA({
      namespaceSelector: { matchLabels: { ns: "y" } },
      podSelector: { matchLabels: { pod: "b" } },
    });
    e2e(and).assertTable(
      "80/TCP",
      onlyInto((f) => f === "y/b"),
    );
    const or = intoXA(
      { namespaceSelector: { matchLabels: { ns: "y" } } },
      { podSelector: { matchLabels: { pod: "b" } } },
    );
    e2e(or).assertTable(
      "80/TCP",
      onlyInto((f) => nsOf(f) === "y" || f === "x/b"),
    );
  });

  it("R16: {podSelector: {}} is the own namespace, {namespaceSelector: {}} every namespace", () => {
    e2e(intoXA({ podSelector: {} })).assertTable(
      "80/TCP",
      onlyInto((f) => nsOf(f) === "x"),
    );
    e2e(intoXA({ namespaceSelector: {} })).assertTable(
      "80/TCP",
      onlyInto(() => true),
    );
    const f = e2e(intoXA({ namespaceSelector: {} }));
    assert.equal(f.allowed("192.0.2.1 -> x/a:80"), false, "selectors never match external addresses");
  });

  it("R17: matchLabels requires every listed key and value", () => {
    const f = new Fixture([
      ...e2eObjects(),
      pod("y/d", { pod: "b", tier: "web" }, { ip: "10.0.1.4" }),
      intoXA({ namespaceSelector: {}, podSelector: { matchLabels: { pod: "b", tier: "web" } } }),
    ]);
    assert.equal(f.allowed("y/d -> x/a:80"), true);
    assert.equal(f.allowed("y/b -> x/a:80"), false);
  });

  it("R18: matchExpressions In", () => {
    const sel = { matchExpressions: [{ key: "pod", operator: "In", values: ["b", "c"] }] };
    e2e(intoXA({ namespaceSelector: {}, podSelector: sel })).assertTable(
      "80/TCP",
      onlyInto((f) => podOf(f) !== "a"),
    );
  });

  it("R19: NotIn, which also matches objects lacking the key", () => {
    const sel = { matchExpressions: [{ key: "ns", operator: "NotIn", values: ["y"] }] };
    e2e(intoXA({ namespaceSelector: sel })).assertTable(
      "80/TCP",
      onlyInto((f) => nsOf(f) !== "y"),
    );
    const notIn = parseSelector(
      { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] },
      "s",
    );
    assert.equal(notIn.matches({ app: "x" }), true);
    assert.equal(notIn.matches({ tier: "web" }), true);
    assert.equal(notIn.matches({ tier: "db" }), false);
  });

  it("R20 and R21: Exists and DoesNotExist", () => {
    const objects = [...e2eObjects(), pod("z/d", { special: "" }, { ip: "10.0.2.4" })];
    const exists = new Fixture([
      ...objects,
      intoXA({
        namespaceSelector: {},
        podSelector: { matchExpressions: [{ key: "special", operator: "Exists" }] },
      }),
    ]);
    assert.equal(exists.allowed("z/d -> x/a:80"), true, "an empty value still exists");
    assert.equal(exists.allowed("z/c -> x/a:80"), false);
    const absent = new Fixture([
      ...objects,
      intoXA({
        namespaceSelector: {},
        podSelector: { matchExpressions: [{ key: "pod", operator: "DoesNotExist" }] },
      }),
    ]);
    assert.equal(absent.allowed("z/d -> x/a:80"), true);
    assert.equal(absent.allowed("z/c -> x/a:80"), false);
  });

  it("R22: matchLabels and matchExpressions of one selector are ANDed", () => {
    const sel = {
      matchLabels: { ns: "y" },
      matchExpressions: [{ key: "ns", operator: "In", values: ["y", "z"] }],
    };
    e2e(intoXA({ namespaceSelector: sel })).assertTable(
      "80/TCP",
      onlyInto((f) => nsOf(f) === "y"),
    );
    const none = {
      matchLabels: { ns: "y" },
      matchExpressions: [{ key: "ns", operator: "NotIn", values: ["y"] }],
    };
    e2e(intoXA({ namespaceSelector: none })).assertTable(
      "80/TCP",
      onlyInto(() => false),
    );
  });

  it("R23: namespaces carry the automatic kubernetes.io/metadata.name label", () => {
    const f = new Fixture([
      ns("x"),
      ns("unlabelled"),
      pod("x/a", { pod: "a" }),
      pod("unlabelled/b", {}),
      pod("undeclared/c", {}),
      intoXA({
        namespaceSelector: {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "In", values: ["unlabelled", "undeclared"] },
          ],
        },
      }),
    ]);
    assert.equal(f.allowed("unlabelled/b -> x/a:80"), true);
    assert.equal(
      f.allowed("undeclared/c -> x/a:80"),
      true,
      "a namespace known only from its pods has the label too",
    );
  });

  it("R24: ipBlock matches pod IPs as well as external hosts, IPv4 and IPv6", () => {
    const f = new Fixture([
      ...e2eObjects(),
      pod("y/v6", { pod: "v6" }, { ip: ["10.0.9.9", "2001:db8::9"] }),
      np("x/a-out", {
        podSelector: { matchLabels: { pod: "a" } },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              { ipBlock: { cidr: "10.0.0.5/32" } },
              { ipBlock: { cidr: "2001:db8::/64" } },
              { ipBlock: { cidr: "203.0.113.0/24" } },
            ],
          },
        ],
      }),
    ]);
    assert.equal(f.allowed("x/a -> y/b:80"), true, "10.0.0.5 is y/b");
    assert.equal(f.allowed("x/a -> y/c:80"), false);
    assert.equal(f.allowed("x/a -> y/v6:80"), true, "a dual-stack pod matches on its IPv6 address");
    assert.equal(f.allowed("x/a -> 203.0.113.77:443"), true);
    assert.equal(f.allowed("x/a -> [2001:db8::1:2]:443"), true);
    assert.equal(f.allowed("x/a -> [2001:db8:1::1]:443"), false);
  });

  it("R25: except removes ranges from that block only; another peer may still allow them", () => {
    const block = { ipBlock: { cidr: "10.0.0.0/24", except: ["10.0.0.4/30"] } };
    const f = e2e(intoXA(block));
    // e2e pods have IPs 10.0.0.1..9 (x/a .1, x/b .2, ... z/c .9); the except holds .4-.7: y/a, y/b, y/c, z/a.
    f.assertTable(
      "80/TCP",
      onlyInto((from) => !["y/a", "y/b", "y/c", "z/a"].includes(from)),
    );
    const overlapping = e2e(intoXA(block, { ipBlock: { cidr: "10.0.0.5/32" } }));
    overlapping.assertTable(
      "80/TCP",
      onlyInto((from) => !["y/a", "y/c", "z/a"].includes(from)),
    );
    assert.equal(f.allowed("10.0.0.200 -> x/a:80"), true);
    assert.equal(f.allowed("10.0.0.6 -> x/a:80"), false);
  });

  it("R26: pod and namespace selectors never match external addresses", () => {
    const f = e2e(intoXA({ namespaceSelector: {}, podSelector: {} }, { podSelector: {} }));
    assert.equal(f.allowed("10.99.0.2 -> x/a:80"), false, "an address of no pod is an external peer");
    assert.equal(f.allowed("10.0.0.2 -> x/a:80"), true, "x/b's own address is x/b, with its labels");
    assert.equal(f.allowed("x/b -> x/a:80"), true);
    const egress = e2e(
      np("x/out", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: {} }] }],
      }),
    );
    assert.equal(egress.allowed("x/a -> 8.8.8.8:53/UDP"), false);
    assert.equal(egress.allowed("x/a -> z/c:80"), true);
  });

  it("R37: hostNetwork pods are never selected by policies nor by peer selectors; ipBlock matches their IP", () => {
    const objects = [
      ...e2eObjects(),
      pod("x/node-agent", { pod: "a" }, { ip: "172.16.0.1", hostNetwork: true }),
      np("x/deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    ];
    const denied = new Fixture(objects);
    const agentIn = denied.verdict("y/a -> x/node-agent:80");
    assert.equal(agentIn.allowed, true, "podSelector {} does not isolate a hostNetwork pod");
    assert.match(agentIn.reason, /hostNetwork pods are never selected/);
    assert.equal(denied.allowed("x/node-agent -> y/a:80"), true);
    const bySelector = new Fixture([...objects, intoXA({ podSelector: { matchLabels: { pod: "a" } } })]);
    assert.equal(
      bySelector.allowed("x/node-agent -> x/a:80"),
      false,
      "the agent's pod=a label is invisible to peers",
    );
    const byIp = new Fixture([...objects, intoXA({ ipBlock: { cidr: "172.16.0.0/12" } })]);
    assert.equal(
      byIp.allowed("x/node-agent -> x/a:80"),
      true,
      "an ipBlock matches the hostNetwork pod's (node) IP",
    );
    assert.equal(byIp.allowed("x/b -> x/a:80"), false);
  });
});
