import * as assert from "node:assert/strict";
import { e2e, e2eObjects, Fixture, np, pod } from "./helpers";

/** The "known ambiguities" of the semantics document, each pinned to the choice it makes. */

describe("reach: known ambiguities", () => {
  it("loopback is out of scope: a pod may always talk to itself, whatever isolates it", () => {
    const f = e2e(np("x/deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }));
    const v = f.verdict("x/a -> x/a:80");
    assert.equal(v.allowed, true);
    assert.match(v.reason, /loopback is out of scope/);
    assert.equal(v.egress, undefined);
  });

  it("hostNetwork pods are node traffic: invisible to selectors, never isolated, matched by ipBlock", () => {
    const f = new Fixture([
      ...e2eObjects(),
      pod("x/agent", { pod: "b" }, { ip: "172.16.0.9", hostNetwork: true }),
      np("x/only-b", {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
      }),
    ]);
    assert.equal(f.allowed("x/b -> x/a:80"), true);
    assert.equal(
      f.allowed("x/agent -> x/a:80"),
      false,
      "node-local traffic is not modelled, so it gets no exception",
    );
  });

  it("named ports towards external IPs never match, even a name every pod uses", () => {
    const f = e2e(
      np("x/out", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ ports: [{ port: "serve-80-tcp" }] }],
      }),
    );
    assert.equal(f.allowed("x/a -> 198.51.100.1:80"), false);
    assert.equal(f.allowed("x/a -> y/c:80"), true);
  });

  it("ipBlock matches pod IPs (as upstream e2e requires), not only cluster-external addresses", () => {
    const f = e2e(
      np("x/in", { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.9/32" } }] }] }),
    );
    assert.equal(f.allowed("z/c -> x/a:80"), true, "z/c has 10.0.0.9");
    assert.equal(f.allowed("z/b -> x/a:80"), false);
  });

  it("egress: [] without policyTypes defaults to Ingress only (apiserver checks len(egress) != 0)", () => {
    const f = e2e(np("x/p", { podSelector: {}, ingress: [{}], egress: [] }));
    f.assertTable("80/TCP", () => true);
    assert.equal(f.verdict("x/a -> y/a:80").egress?.isolated, false);
  });

  it("pods without an IP are never matched by ipBlocks", () => {
    const f = new Fixture([
      ...e2eObjects(),
      pod("y/pending", { pod: "pending" }),
      np("x/in", {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }, { ipBlock: { cidr: "::/0" } }] }],
      }),
    ]);
    assert.equal(f.allowed("y/a -> x/a:80"), true);
    assert.equal(f.allowed("y/pending -> x/a:80"), false);
  });
});
