import { assertMatrixAgrees } from "./admin-helpers";
import { base, patched, poke, read, swap } from "./cnp-conformance-helpers";
import { Fixture } from "./helpers";

/**
 * More of the network-policy-api v0.2.0 conformance suite (see `cnp-conformance.test.ts`): the
 * TCP, UDP and SCTP egress and ingress suites, replayed on both evaluators and the matrix. Each
 * `it` restates the `t.Run`s of the named `conformance/tests/*.go` file in order: one `poke` per
 * `PokeServer` (client, server, port, expected, protocol), each swap the test's own patch (they
 * accumulate). Fixtures, provenance and licence: `conformance-v0.2.0/PROVENANCE.md`.
 */

/** The fixture of the base pods and `policies`. */
const world = (policies: ReturnType<typeof read>) => new Fixture([...base(), ...policies]);

describe("ClusterNetworkPolicy: the v0.2.0 conformance suite, egress and ingress by protocol", () => {
  it("CNPBaselineTierEgressTCP (baseline-admin-network-policy-standard-egress-tcp-rules.go)", () => {
    let policies = read("baseline_tier-standard-egress-tcp-rules.yaml");
    let f = world(policies);
    // allow-egress; rule ordering is respected
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true);
    poke(f, "harry-potter-1", "luna-lovegood-0", 8080, true);
    // allow-egress at the specified port
    poke(f, "harry-potter-0", "cedric-diggory-1", 8080, true);
    poke(f, "harry-potter-1", "cedric-diggory-1", 80, false);
    assertMatrixAgrees(f, [80, 8080]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "default", (s) => swap(s.egress, 0, 1));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 80, false);
    poke(f, "harry-potter-1", "luna-lovegood-1", 8080, false);
    // deny-egress at the specified port
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
  });

  it("CNPBaselineTierEgressUDP (baseline-admin-network-policy-standard-egress-udp-rules.go)", () => {
    let policies = read("baseline_tier-standard-egress-udp-rules.yaml");
    let f = world(policies);
    // allow-egress; rule ordering is respected
    poke(f, "cedric-diggory-0", "luna-lovegood-0", 53, true, "UDP");
    poke(f, "cedric-diggory-1", "luna-lovegood-0", 5353, true, "UDP");
    // allow-egress at the specified port
    poke(f, "cedric-diggory-0", "harry-potter-1", 53, true, "UDP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 5353, false, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "default", (s) => swap(s.egress, 0, 1));
    f = world(policies);
    poke(f, "cedric-diggory-0", "luna-lovegood-1", 53, false, "UDP");
    poke(f, "cedric-diggory-1", "luna-lovegood-1", 5353, false, "UDP");
    // deny-egress at the specified port
    poke(f, "cedric-diggory-0", "draco-malfoy-0", 5353, false, "UDP");
    poke(f, "cedric-diggory-1", "draco-malfoy-0", 53, true, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
  });

  it("CNPAdminTierIngressUDP (admin-network-policy-standard-ingress-udp-rules.go)", () => {
    let policies = read("admin_tier-standard-ingress-udp-rules.yaml");
    let f = world(policies);
    // allow-ingress; rule ordering is respected
    poke(f, "luna-lovegood-0", "cedric-diggory-0", 53, true, "UDP");
    poke(f, "luna-lovegood-1", "cedric-diggory-0", 5353, true, "UDP");
    // allow-ingress at the specified port
    poke(f, "harry-potter-0", "cedric-diggory-1", 53, true, "UDP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 5353, false, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
    // deny-ingress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "ingress-udp", (s) => swap(s.ingress, 0, 1));
    f = world(policies);
    poke(f, "luna-lovegood-0", "cedric-diggory-1", 53, false, "UDP");
    poke(f, "luna-lovegood-1", "cedric-diggory-1", 5353, false, "UDP");
    // deny-ingress at the specified port
    poke(f, "draco-malfoy-0", "cedric-diggory-0", 5353, false, "UDP");
    poke(f, "draco-malfoy-1", "cedric-diggory-0", 53, true, "UDP");
    // pass-ingress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "ingress-udp", (s) => swap(s.ingress, 0, 2));
    f = world(policies);
    poke(f, "luna-lovegood-0", "cedric-diggory-1", 5353, true, "UDP");
    poke(f, "luna-lovegood-1", "cedric-diggory-1", 53, true, "UDP");
    // pass-ingress at the specified port (swap 3 and 4)
    policies = patched(policies, "ingress-udp", (s) => swap(s.ingress, 3, 4));
    f = world(policies);
    poke(f, "draco-malfoy-0", "cedric-diggory-0", 5353, true, "UDP");
    poke(f, "draco-malfoy-1", "cedric-diggory-0", 53, true, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
  });

  it("CNPBaselineTierIngressUDP (baseline-admin-network-policy-standard-ingress-udp-rules.go)", () => {
    let policies = read("baseline_tier-standard-ingress-udp-rules.yaml");
    let f = world(policies);
    // allow-ingress; rule ordering is respected
    poke(f, "luna-lovegood-0", "cedric-diggory-0", 53, true, "UDP");
    poke(f, "luna-lovegood-1", "cedric-diggory-0", 5353, true, "UDP");
    // allow-ingress at the specified port
    poke(f, "harry-potter-0", "cedric-diggory-1", 53, true, "UDP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 5353, false, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
    // deny-ingress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "default", (s) => swap(s.ingress, 0, 1));
    f = world(policies);
    poke(f, "luna-lovegood-0", "cedric-diggory-1", 53, false, "UDP");
    poke(f, "luna-lovegood-1", "cedric-diggory-1", 5353, false, "UDP");
    // deny-ingress at the specified port
    poke(f, "draco-malfoy-0", "cedric-diggory-0", 5353, false, "UDP");
    poke(f, "draco-malfoy-1", "cedric-diggory-0", 53, true, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
  });

  it("CNPAdminTierEgressTCP (admin-network-policy-standard-egress-tcp-rules.go)", () => {
    let policies = read("admin_tier-standard-egress-tcp-rules.yaml");
    let f = world(policies);
    // allow-egress; rule ordering is respected
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true);
    poke(f, "harry-potter-1", "luna-lovegood-0", 8080, true);
    // allow-egress at the specified port
    poke(f, "harry-potter-0", "cedric-diggory-1", 8080, true);
    poke(f, "harry-potter-1", "cedric-diggory-1", 80, false);
    assertMatrixAgrees(f, [80, 8080]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "egress-tcp", (s) => swap(s.egress, 0, 1));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 80, false);
    poke(f, "harry-potter-1", "luna-lovegood-1", 8080, false);
    // deny-egress at the specified port
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true);
    // pass-egress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "egress-tcp", (s) => swap(s.egress, 0, 2));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true);
    poke(f, "harry-potter-1", "luna-lovegood-0", 8080, true);
    // pass-egress at the specified port (swap 3 and 4)
    policies = patched(policies, "egress-tcp", (s) => swap(s.egress, 3, 4));
    f = world(policies);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, true);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
  });

  it("CNPAdminTierIngressSCTP (admin-network-policy-standard-ingress-sctp-rules.go)", () => {
    let policies = read("admin_tier-standard-ingress-sctp-rules.yaml");
    let f = world(policies);
    // allow-ingress; rule ordering is respected
    poke(f, "harry-potter-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "luna-lovegood-0", 9005, true, "SCTP");
    // allow-ingress at the specified port
    poke(f, "cedric-diggory-0", "luna-lovegood-1", 9003, true, "SCTP");
    poke(f, "cedric-diggory-1", "luna-lovegood-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
    // deny-ingress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "ingress-sctp", (s) => swap(s.ingress, 0, 1));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 9003, false, "SCTP");
    poke(f, "harry-potter-1", "luna-lovegood-1", 9005, false, "SCTP");
    // deny-ingress at the specified port
    poke(f, "draco-malfoy-0", "luna-lovegood-0", 9003, false, "SCTP");
    poke(f, "draco-malfoy-1", "luna-lovegood-0", 9005, true, "SCTP");
    // pass-ingress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "ingress-sctp", (s) => swap(s.ingress, 0, 2));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "luna-lovegood-1", 9005, true, "SCTP");
    // pass-ingress at the specified port (swap 3 and 4)
    policies = patched(policies, "ingress-sctp", (s) => swap(s.ingress, 3, 4));
    f = world(policies);
    poke(f, "draco-malfoy-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "draco-malfoy-1", "luna-lovegood-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
  });

  it("CNPAdminTierEgressSCTP (admin-network-policy-standard-egress-sctp-rules.go)", () => {
    let policies = read("admin_tier-standard-egress-sctp-rules.yaml");
    let f = world(policies);
    // allow-egress; rule ordering is respected
    poke(f, "luna-lovegood-0", "harry-potter-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 9005, true, "SCTP");
    // allow-egress at the specified port
    poke(f, "luna-lovegood-0", "cedric-diggory-1", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "cedric-diggory-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "egress-sctp", (s) => swap(s.egress, 0, 1));
    f = world(policies);
    poke(f, "luna-lovegood-0", "harry-potter-1", 9003, false, "SCTP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 9005, false, "SCTP");
    // deny-egress at the specified port
    poke(f, "luna-lovegood-0", "draco-malfoy-0", 9003, false, "SCTP");
    poke(f, "luna-lovegood-1", "draco-malfoy-0", 9005, true, "SCTP");
    // pass-egress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "egress-sctp", (s) => swap(s.egress, 0, 2));
    f = world(policies);
    poke(f, "luna-lovegood-0", "harry-potter-1", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 9005, true, "SCTP");
    // pass-egress at the specified port (swap 3 and 4)
    policies = patched(policies, "egress-sctp", (s) => swap(s.egress, 3, 4));
    f = world(policies);
    poke(f, "luna-lovegood-0", "draco-malfoy-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "draco-malfoy-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
  });

  it("CNPBaselineTierIngressSCTP (baseline-admin-network-policy-standard-ingress-sctp-rules.go)", () => {
    let policies = read("baseline_tier-standard-ingress-sctp-rules.yaml");
    let f = world(policies);
    // allow-ingress; rule ordering is respected
    poke(f, "harry-potter-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "luna-lovegood-0", 9005, true, "SCTP");
    // allow-ingress at the specified port
    poke(f, "cedric-diggory-0", "luna-lovegood-1", 9003, true, "SCTP");
    poke(f, "cedric-diggory-1", "luna-lovegood-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
    // deny-ingress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "default", (s) => swap(s.ingress, 0, 1));
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 9003, false, "SCTP");
    poke(f, "harry-potter-1", "luna-lovegood-1", 9005, false, "SCTP");
    // deny-ingress at the specified port
    poke(f, "draco-malfoy-0", "luna-lovegood-0", 9003, false, "SCTP");
    poke(f, "draco-malfoy-1", "luna-lovegood-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
  });

  it("CNPBaselineTierEgressSCTP (baseline-admin-network-policy-standard-egress-sctp-rules.go)", () => {
    let policies = read("baseline_tier-standard-egress-sctp-rules.yaml");
    let f = world(policies);
    // allow-egress; rule ordering is respected
    poke(f, "luna-lovegood-0", "harry-potter-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 9005, true, "SCTP");
    // allow-egress at the specified port
    poke(f, "luna-lovegood-0", "cedric-diggory-1", 9003, true, "SCTP");
    poke(f, "luna-lovegood-1", "cedric-diggory-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "default", (s) => swap(s.egress, 0, 1));
    f = world(policies);
    poke(f, "luna-lovegood-0", "harry-potter-1", 9003, false, "SCTP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 9005, false, "SCTP");
    // deny-egress at the specified port
    poke(f, "luna-lovegood-0", "draco-malfoy-0", 9003, false, "SCTP");
    poke(f, "luna-lovegood-1", "draco-malfoy-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, [9003, 9005]);
  });
});
