import * as assert from "node:assert/strict";
import { anp, assertMatrixAgrees, banp, inNs, podIn, rule } from "./admin-helpers";
import { e2e, everything, np, nsOf } from "./helpers";

/** A01-A12, A26 of docs/admin-network-policy.md: the tiers and the actions, as e2e truth tables. */

const denyFromY = anp("deny-from-y", 10, {
  subject: inNs("x"),
  ingress: [{ name: "deny-y", ...rule("Deny", "ingress", [inNs("y")]) }],
});
const npAllowAll = np("x/allow-all", { podSelector: {}, ingress: [{}] });
const npDenyAll = np("x/deny-all", { podSelector: {} });
/** Into namespace x, only from y/b. */
const npOnlyYB = np("x/only-yb", {
  podSelector: {},
  ingress: [
    {
      from: [{ namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "b" } } }],
    },
  ],
});
const intoX = (admitted: (from: string) => boolean) => (from: string, to: string) =>
  nsOf(to) !== "x" || admitted(from);

describe("reach: AdminNetworkPolicy tiers", () => {
  it("A01: the admin tier comes before NetworkPolicies and the baseline; both sides are still needed", () => {
    const baselineAllows = banp({ subject: inNs("x"), ingress: [rule("Allow", "ingress", [inNs()])] });
    const f = e2e(denyFromY, npAllowAll, baselineAllows);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
    assertMatrixAgrees(f);
    const egressAllowed = anp("y-out", 5, {
      subject: inNs("y"),
      egress: [rule("Allow", "egress", [inNs("x")])],
    });
    e2e(denyFromY, egressAllowed).assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
  });

  it("A02: a lower priority number is evaluated first; priorities outside 0-1000 are refused", () => {
    const deny50 = anp("deny", 50, { subject: inNs("x"), ingress: [rule("Deny", "ingress", [inNs("y")])] });
    const pass = (priority: number) =>
      anp("pass", priority, { subject: inNs("x"), ingress: [rule("Pass", "ingress", [inNs("y")])] });
    const first = e2e(deny50, pass(40), npOnlyYB);
    first.assertTable(
      "80/TCP",
      intoX((from) => from === "y/b"),
    );
    assertMatrixAgrees(first);
    e2e(deny50, pass(60), npOnlyYB).assertTable(
      "80/TCP",
      intoX(() => false),
    );
    for (const bad of [-1, 1001, 2.5, "10"])
      assert.throws(
        () => e2e(pass(bad as number)),
        /AdminNetworkPolicy pass: spec\.priority: must be an integer from 0 to 1000/,
      );
  });

  it("A03: equal priorities are ordered by name and the explanation flags the ambiguity", () => {
    const at10 = (name: string, action: string) =>
      anp(name, 10, { subject: inNs("x"), ingress: [rule(action, "ingress", [inNs("y")])] });
    const f = e2e(at10("a-allow", "Allow"), at10("b-deny", "Deny"), npDenyAll);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    assert.match(
      f.verdict("y/a -> x/a:80").reason,
      /allowed by AdminNetworkPolicy a-allow priority 10 rule ingress\[0\] \(ambiguous: b-deny \(Deny\) also at priority 10/,
    );
    e2e(at10("a-deny", "Deny"), at10("b-allow", "Allow")).assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
    const same = e2e(at10("a-deny", "Deny"), at10("b-deny", "Deny"));
    assert.doesNotMatch(same.verdict("y/a -> x/a:80").reason, /ambiguous/, "same action: nothing to flag");
  });

  it("A04: rules are evaluated in the order written; the first match decides", () => {
    const ordered = (...rules: object[]) => anp("ordered", 1, { subject: inNs("x"), ingress: rules });
    const allowY = rule("Allow", "ingress", [inNs("y")]);
    const denyAll = rule("Deny", "ingress", [inNs()]);
    e2e(ordered(allowY, denyAll)).assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    e2e(ordered(denyAll, allowY)).assertTable(
      "80/TCP",
      intoX(() => false),
    );
  });

  it("A05: Allow wins over a NetworkPolicy that denies", () => {
    const allowY = anp("allow-y", 3, {
      subject: inNs("x"),
      ingress: [rule("Allow", "ingress", [inNs("y")])],
    });
    const f = e2e(allowY, npDenyAll);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    assertMatrixAgrees(f);
  });

  it("A06: Deny wins over a NetworkPolicy that allows", () => {
    const denyYB = anp("deny-yb", 3, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [podIn("y", "b")])],
    });
    e2e(denyYB, npAllowAll).assertTable(
      "80/TCP",
      intoX((from) => from !== "y/b"),
    );
  });

  it("A07: Pass skips the remaining admin rules and hands over to NetworkPolicies", () => {
    const passY = anp("pass-y", 10, {
      subject: inNs("x"),
      ingress: [rule("Pass", "ingress", [inNs("y")]), rule("Deny", "ingress", [inNs()])],
    });
    const laterDeny = anp("later", 20, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs("y")])],
    });
    const npFromY = np("x/from-y", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }] }],
    });
    const f = e2e(passY, laterDeny, npFromY);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    assertMatrixAgrees(f);
    assert.equal(
      f.verdict("y/a -> x/b:80").reason,
      "Allowed y/a -> x/b:80/TCP: y/a is not isolated for egress (no policy selects it); AdminNetworkPolicy pass-y priority 10 rule ingress[0] passes ingress of x/b to NetworkPolicies: ingress of x/b is allowed by x/from-y spec.ingress[0].",
    );
  });

  it("A08: when no admin rule matches, NetworkPolicies decide", () => {
    const denyZ = anp("deny-z", 10, { subject: inNs("x"), ingress: [rule("Deny", "ingress", [inNs("z")])] });
    e2e(denyZ, npOnlyYB).assertTable(
      "80/TCP",
      intoX((from) => from === "y/b"),
    );
    e2e(denyZ, npAllowAll).assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "z"),
    );
  });

  it("A09: a pod NetworkPolicies isolate is decided there, the baseline is not consulted", () => {
    const baselineAllowsAll = banp({ subject: inNs("x"), ingress: [rule("Allow", "ingress", [inNs()])] });
    const f = e2e(npOnlyYB, baselineAllowsAll);
    f.assertTable(
      "80/TCP",
      intoX((from) => from === "y/b"),
    );
    assertMatrixAgrees(f);
  });

  it("A10, A11: a pod no NetworkPolicy isolates is decided by the baseline's first matching rule, else allowed", () => {
    const baseline = banp({
      subject: inNs("x"),
      ingress: [
        { name: "yb", ...rule("Allow", "ingress", [podIn("y", "b")]) },
        { name: "y", ...rule("Deny", "ingress", [inNs("y")]) },
      ],
      egress: [rule("Deny", "egress", [inNs("z")], { ports: [{ portNumber: { port: 80 } }] })],
    });
    const f = e2e(baseline);
    f.assertTable("80/TCP", (from, to) => {
      if (nsOf(from) === "x" && nsOf(to) === "z") return false;
      return nsOf(to) !== "x" || nsOf(from) !== "y" || from === "y/b";
    });
    f.assertTable(
      "81/TCP",
      intoX((from) => nsOf(from) !== "y" || from === "y/b"),
    );
    assertMatrixAgrees(f);
    assert.equal(
      f.verdict("y/a -> x/a:80").reason,
      'Denied y/a -> x/a:80/TCP: x/a is not isolated for ingress (no NetworkPolicy selects it), so BaselineAdminNetworkPolicy default rule "y" (ingress[1]) denies it.',
    );
  });

  it("A12: no implicit isolation; a policy without rules in a direction leaves it alone", () => {
    const onlyPort81 = anp("z-81", 10, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs("z")], { ports: [{ portNumber: { port: 81 } }] })],
      egress: [rule("Deny", "egress", [inNs("y")])],
    });
    const f = e2e(onlyPort81);
    f.assertTable("80/TCP", (from, to) => !(nsOf(from) === "x" && nsOf(to) === "y"));
    f.assertTable(
      "81/TCP",
      (from, to) => !(nsOf(from) === "x" && nsOf(to) === "y") && !(nsOf(from) === "z" && nsOf(to) === "x"),
    );
    const egressOnly = anp("egress-only", 1, {
      subject: inNs("x"),
      egress: [rule("Allow", "egress", [inNs("y")])],
    });
    e2e(egressOnly, npDenyAll).assertTable(
      "80/TCP",
      intoX(() => false),
    );
  });

  it("A26: a pod talking to itself is out of scope", () => {
    const denyAll = anp("deny-all", 0, { subject: inNs(), ingress: [rule("Deny", "ingress", [inNs()])] });
    const f = e2e(denyAll);
    assert.equal(f.allowed("x/a -> x/a:80"), true);
    f.assertTable("80/TCP", () => false);
    e2e().assertTable("80/TCP", everything);
  });

  it("names the tier and the rule in every explanation", () => {
    const f = e2e(denyFromY);
    assert.equal(
      f.verdict("y/a -> x/a:80").reason,
      'Denied y/a -> x/a:80/TCP: ingress of x/a is denied by AdminNetworkPolicy deny-from-y priority 10 rule "deny-y" (ingress[0]).',
    );
    assert.deepEqual(f.verdict("y/a -> x/a:80").ingress?.admin, {
      kind: "AdminNetworkPolicy",
      policy: "deny-from-y",
      priority: 10,
      direction: "ingress",
      rule: 0,
      name: "deny-y",
      action: "Deny",
    });
  });
});
