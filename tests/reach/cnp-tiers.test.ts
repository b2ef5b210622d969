import * as assert from "node:assert/strict";
import { buildCluster, type K8sObject, ReachInputError } from "../../sdk/reach";
import { anp, assertMatrixAgrees, banp, inNs, rule } from "./admin-helpers";
import { e2e, e2eObjects, everything, np, nsOf } from "./helpers";

/** C01-C12 of docs/admin-network-policy.md: ClusterNetworkPolicy (v1alpha2) on both evaluators. */

const API = "policy.networking.k8s.io/v1alpha2";
const cnp = (name: string, tier: string, priority: number, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: API,
  kind: "ClusterNetworkPolicy",
  metadata: { name },
  spec: { tier, priority, ...spec },
});
const tcp = (number: number) => ({ tcp: { destinationPort: { number } } });
const intoX = (admitted: (from: string) => boolean) => (from: string, to: string) =>
  nsOf(to) !== "x" || admitted(from);

describe("reach: ClusterNetworkPolicy tiers", () => {
  it("C01, C05: an Admin Accept is final, before NetworkPolicies; a Deny too", () => {
    const npDenyAll = np("x/deny-all", { podSelector: {} });
    const accept = cnp("accept-y", "Admin", 10, {
      subject: inNs("x"),
      ingress: [rule("Accept", "ingress", [inNs("y")])],
    });
    const f = e2e(npDenyAll, accept);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    assert.match(
      f.verdict("y/a -> x/a:80/TCP").reason,
      /ClusterNetworkPolicy accept-y \(Admin tier, Accept\) priority 10/,
    );
    assertMatrixAgrees(f);
  });

  it("C03, C06: Baseline comes after NetworkPolicies, only for pods none isolates", () => {
    const baselineDeny = cnp("deny-y", "Baseline", 5, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs("y")])],
    });
    e2e(baselineDeny).assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
    const npAllowAll = np("x/allow-all", { podSelector: {}, ingress: [{}] });
    const f = e2e(baselineDeny, npAllowAll);
    f.assertTable("80/TCP", everything);
    assertMatrixAgrees(f);
  });

  it("C02, C07: Baseline policies by priority; a Baseline Pass leaves it to the default, which allows", () => {
    const pass = cnp("pass-y", "Baseline", 1, {
      subject: inNs("x"),
      ingress: [rule("Pass", "ingress", [inNs("y")])],
    });
    const deny = cnp("deny-all", "Baseline", 2, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs()])],
    });
    const f = e2e(deny, pass);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) === "y"),
    );
    assert.match(f.verdict("y/a -> x/a:80/TCP").reason, /passes it to the default, which allows it/);
    assertMatrixAgrees(f);
    // The priorities the other way round: the Deny comes first.
    const first = cnp("deny-all", "Baseline", 0, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs()])],
    });
    e2e(first, pass).assertTable(
      "80/TCP",
      intoX(() => false),
    );
  });

  it("C04: an egress Accept still needs the destination's ingress", () => {
    const out = cnp("y-out", "Admin", 5, {
      subject: inNs("y"),
      egress: [rule("Accept", "egress", [inNs("x")])],
    });
    const inDeny = cnp("x-in", "Admin", 6, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs("y")])],
    });
    const f = e2e(out, inDeny);
    f.assertTable(
      "80/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
    assertMatrixAgrees(f);
  });

  it("C08, C09: protocols match each protocol's destination port or range; none given is every port", () => {
    const ranged = cnp("deny-range", "Admin", 1, {
      subject: inNs("x"),
      ingress: [
        rule("Deny", "ingress", [inNs("y")], {
          protocols: [{ udp: { destinationPort: { range: { start: 80, end: 81 } } } }, tcp(81)],
        }),
      ],
    });
    const f = e2e(ranged);
    f.assertTable("80/TCP", everything);
    f.assertTable(
      "81/TCP",
      intoX((from) => nsOf(from) !== "y"),
    );
    f.assertTable(
      "80/UDP",
      intoX((from) => nsOf(from) !== "y"),
    );
    f.assertTable("80/SCTP", everything);
    assertMatrixAgrees(f);
  });

  it("C10: a v1alpha1 AdminNetworkPolicy and an Admin ClusterNetworkPolicy share one priority order", () => {
    const anpDeny = anp("deny-y", 20, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [inNs("y")])],
    });
    const cnpAccept = cnp("accept-y", "Admin", 10, {
      subject: inNs("x"),
      ingress: [rule("Accept", "ingress", [inNs("y")])],
    });
    e2e(anpDeny, cnpAccept).assertTable("80/TCP", everything);
    const banpDeny = banp({ subject: inNs("x"), ingress: [rule("Deny", "ingress", [inNs("y")])] });
    const cnpBaselineAccept = cnp("b", "Baseline", 10, {
      subject: inNs("x"),
      ingress: [rule("Accept", "ingress", [inNs("y")])],
    });
    e2e(banpDeny, cnpBaselineAccept).assertTable("80/TCP", everything);
  });

  it("C12: an unknown peer fails closed (Accept matches nothing, Deny denies all)", () => {
    const deny = cnp("future", "Admin", 1, {
      subject: inNs("x"),
      ingress: [rule("Deny", "ingress", [{ serviceAccounts: {} }])],
    });
    e2e(deny).assertTable(
      "80/TCP",
      intoX(() => false),
    );
    const accept = cnp("future", "Admin", 1, {
      subject: inNs("x"),
      ingress: [rule("Accept", "ingress", [{ serviceAccounts: {} }])],
    });
    const denyAll = np("x/deny-all", { podSelector: {} });
    e2e(accept, denyAll).assertTable(
      "80/TCP",
      intoX(() => false),
    );
  });

  describe("refuses what the v1alpha2 CRD schema refuses, naming the field", () => {
    const refuse = (title: string, spec: Record<string, unknown>, says: RegExp) =>
      it(title, () => {
        const obj: K8sObject = {
          apiVersion: API,
          kind: "ClusterNetworkPolicy",
          metadata: { name: "p" },
          spec,
        };
        assert.throws(
          () => buildCluster([...e2eObjects(), obj], "cnp.yaml"),
          (err: Error) => {
            assert.ok(err instanceof ReachInputError);
            assert.match(err.message, says);
            return true;
          },
        );
      });
    const subject = inNs("x");
    refuse("no tier", { priority: 1, subject }, /spec\.tier: must be Admin or Baseline, got undefined/);
    refuse(
      "a v1alpha1 action",
      { tier: "Admin", priority: 1, subject, ingress: [rule("Allow", "ingress", [inNs()])] },
      /action: must be Accept, Deny or Pass, got "Allow"/,
    );
    refuse(
      "a priority out of range",
      { tier: "Baseline", priority: 1001, subject },
      /spec\.priority: must be an integer from 0 to 1000/,
    );
    refuse(
      "a range whose start is not below its end",
      {
        tier: "Admin",
        priority: 1,
        subject,
        ingress: [
          rule("Deny", "ingress", [inNs()], {
            protocols: [{ tcp: { destinationPort: { range: { start: 90, end: 90 } } } }],
          }),
        ],
      },
      /destinationPort\.range: start must be less than end, got 90 and 90/,
    );
    refuse(
      "domainNames in a Deny rule",
      {
        tier: "Admin",
        priority: 1,
        subject,
        egress: [rule("Deny", "egress", [{ domainNames: ["example.com"] }])],
      },
      /domainNames: is only supported in Accept rules/,
    );
    refuse(
      "a named port towards networks",
      {
        tier: "Admin",
        priority: 1,
        subject,
        egress: [
          rule("Accept", "egress", [{ networks: ["10.0.0.0/8"] }], {
            protocols: [{ destinationNamedPort: "web" }],
          }),
        ],
      },
      /destinationNamedPort cannot be used with networks/,
    );
    refuse(
      "a protocol without a destination port",
      {
        tier: "Admin",
        priority: 1,
        subject,
        ingress: [rule("Deny", "ingress", [inNs()], { protocols: [{ tcp: {} }] })],
      },
      /tcp\.destinationPort: is required/,
    );
  });
});
