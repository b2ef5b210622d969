import { assertMatrixAgrees } from "./admin-helpers";
import { base, patched, poke, read, swap } from "./cnp-conformance-helpers";
import { Fixture } from "./helpers";

/**
 * More of the network-policy-api v0.2.0 conformance suite (see `cnp-conformance.test.ts`): the
 * `standard-gress-rules-combined` suites (Admin and Baseline tiers), one policy with ingress and egress rules over TCP, UDP and
 * SCTP, replayed on both evaluators and the matrix. Each `it` restates the `t.Run`s of the named
 * `conformance/tests/*.go` file in order: one `poke` per `PokeServer` (client, server, port,
 * expected, protocol), each swap the test's own patch, applied to egress and ingress alike (they
 * accumulate). Fixtures, provenance and licence: `conformance-v0.2.0/PROVENANCE.md`.
 */

/** The fixture of the base pods and `policies`. */
const world = (policies: ReturnType<typeof read>) => new Fixture([...base(), ...policies]);
const PORTS = [53, 80, 5353, 8080, 9003, 9005];

/** The test's patch: the rules at `a` and `b` swapped in both directions. */
const swapBoth = (policies: ReturnType<typeof read>, name: string, a: number, b: number) =>
  patched(policies, name, (s) => {
    swap(s.egress, a, b);
    swap(s.ingress, a, b);
  });

describe("ClusterNetworkPolicy: the v0.2.0 conformance suite, ingress and egress combined", () => {
  it("CNPAdminTierGress (admin-network-policy-standard-gress-rules.go)", () => {
    let policies = read("admin_tier-standard-gress-rules-combined.yaml");
    let f = world(policies);
    // allow-gress across different protocols: egress to ravenclaw, then ingress from ravenclaw
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true, "TCP");
    poke(f, "harry-potter-1", "luna-lovegood-0", 53, true, "UDP");
    poke(f, "harry-potter-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true, "TCP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 53, true, "UDP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 9003, true, "SCTP");
    // allow-gress at the specified ports: egress to hufflepuff, then ingress from hufflepuff
    poke(f, "harry-potter-0", "cedric-diggory-1", 8080, true, "TCP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 80, false, "TCP");
    poke(f, "harry-potter-0", "cedric-diggory-1", 5353, true, "UDP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 53, false, "UDP");
    poke(f, "harry-potter-0", "cedric-diggory-1", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 9005, false, "SCTP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 80, true, "TCP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 8080, false, "TCP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 5353, true, "UDP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 53, false, "UDP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 9003, true, "SCTP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, PORTS);
    // deny-gress across different protocols (swap 0 and 1 in egress and ingress)
    policies = swapBoth(policies, "gress-rules", 0, 1);
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 80, false, "TCP");
    poke(f, "harry-potter-1", "luna-lovegood-1", 53, false, "UDP");
    poke(f, "harry-potter-0", "luna-lovegood-1", 9003, false, "SCTP");
    poke(f, "luna-lovegood-0", "harry-potter-1", 80, false, "TCP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 53, false, "UDP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 9003, false, "SCTP");
    // deny-gress at the specified ports: slytherin, denied at 80/53/9003, the rest matches no rule
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false, "TCP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true, "TCP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 53, false, "UDP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 5353, true, "UDP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 9003, false, "SCTP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 9005, true, "SCTP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false, "TCP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true, "TCP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 53, false, "UDP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 5353, true, "UDP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 9003, false, "SCTP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 9005, true, "SCTP");
    // pass-gress across different protocols (swap 0 and 2 in egress and ingress)
    policies = swapBoth(policies, "gress-rules", 0, 2);
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true, "TCP");
    poke(f, "harry-potter-0", "luna-lovegood-0", 5353, true, "UDP");
    poke(f, "harry-potter-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true, "TCP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 53, true, "UDP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 9003, true, "SCTP");
    // pass-gress at the specified ports (swap 3 and 4 in egress and ingress)
    policies = swapBoth(policies, "gress-rules", 3, 4);
    f = world(policies);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, true, "TCP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true, "TCP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 53, true, "UDP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 5353, true, "UDP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 9005, true, "SCTP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, true, "TCP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true, "TCP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 53, true, "UDP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 5353, true, "UDP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 9003, true, "SCTP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, PORTS);
  });

  it("CNPBaselineTierGress (baseline-admin-network-policy-standard-gress-rules.go)", () => {
    let policies = read("baseline_tier-standard-gress-rules-combined.yaml");
    let f = world(policies);
    // allow-gress across different protocols: egress to ravenclaw, then ingress from ravenclaw
    poke(f, "harry-potter-0", "luna-lovegood-0", 80, true, "TCP");
    poke(f, "harry-potter-1", "luna-lovegood-0", 53, true, "UDP");
    poke(f, "harry-potter-0", "luna-lovegood-0", 9003, true, "SCTP");
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true, "TCP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 53, true, "UDP");
    poke(f, "luna-lovegood-1", "harry-potter-0", 9003, true, "SCTP");
    // allow-gress at the specified ports: egress to hufflepuff, then ingress from hufflepuff
    poke(f, "harry-potter-0", "cedric-diggory-1", 8080, true, "TCP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 80, false, "TCP");
    poke(f, "harry-potter-0", "cedric-diggory-1", 5353, true, "UDP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 53, false, "UDP");
    poke(f, "harry-potter-0", "cedric-diggory-1", 9003, true, "SCTP");
    poke(f, "harry-potter-1", "cedric-diggory-1", 9005, false, "SCTP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 80, true, "TCP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 8080, false, "TCP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 5353, true, "UDP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 53, false, "UDP");
    poke(f, "cedric-diggory-0", "harry-potter-1", 9003, true, "SCTP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 9005, false, "SCTP");
    assertMatrixAgrees(f, PORTS);
    // deny-gress across different protocols (swap 0 and 1 in egress and ingress)
    policies = swapBoth(policies, "default", 0, 1);
    f = world(policies);
    poke(f, "harry-potter-0", "luna-lovegood-1", 80, false, "TCP");
    poke(f, "harry-potter-1", "luna-lovegood-1", 53, false, "UDP");
    poke(f, "harry-potter-0", "luna-lovegood-1", 9003, false, "SCTP");
    poke(f, "luna-lovegood-0", "harry-potter-1", 80, false, "TCP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 53, false, "UDP");
    poke(f, "luna-lovegood-1", "harry-potter-1", 9003, false, "SCTP");
    // deny-gress at the specified ports: slytherin, denied at 80/53/9003, the rest matches no rule
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false, "TCP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true, "TCP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 53, false, "UDP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 5353, true, "UDP");
    poke(f, "harry-potter-0", "draco-malfoy-0", 9003, false, "SCTP");
    poke(f, "harry-potter-1", "draco-malfoy-0", 9005, true, "SCTP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false, "TCP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true, "TCP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 53, false, "UDP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 5353, true, "UDP");
    poke(f, "draco-malfoy-0", "harry-potter-0", 9003, false, "SCTP");
    poke(f, "draco-malfoy-1", "harry-potter-0", 9005, true, "SCTP");
    assertMatrixAgrees(f, PORTS);
  });
});
