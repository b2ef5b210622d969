import { assertMatrixAgrees } from "./admin-helpers";
import { base, patched, poke, read, swap } from "./cnp-conformance-helpers";
import { Fixture } from "./helpers";

/**
 * The network-policy-api v0.2.0 conformance suite for ClusterNetworkPolicy, replayed on both
 * evaluators and the matrix: the YAML in `conformance-v0.2.0/` is `conformance/base` as the code
 * index stores it, adapted to the v0.2.0 v1alpha2 shape (each change listed in its PROVENANCE.md);
 * each `it` replays the `t.Run`s of the named `conformance/tests/*.go` file, each assertion one
 * `PokeServer` (client, server, port, expected), and each mutation the test's own patch (they
 * accumulate, as the Go tests re-read the patched object). Provenance and licence: the folder's
 * PROVENANCE.md.
 */

describe("ClusterNetworkPolicy: the v0.2.0 conformance suite", () => {
  it("CNPAdminTierIngressTCP (admin-network-policy-standard-ingress-tcp-rules.go)", () => {
    let policies = read("admin_tier-standard-ingress-tcp-rules.yaml");
    let f = new Fixture([...base(), ...policies]);
    // allow-ingress; rule ordering is respected
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true);
    poke(f, "luna-lovegood-1", "harry-potter-0", 8080, true);
    // allow-ingress at the specified port
    poke(f, "cedric-diggory-0", "harry-potter-1", 80, true);
    poke(f, "cedric-diggory-1", "harry-potter-1", 8080, false);
    assertMatrixAgrees(f, [80, 8080]);
    // deny-ingress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "ingress-tcp", (s) => swap(s.ingress, 0, 1));
    f = new Fixture([...base(), ...policies]);
    poke(f, "luna-lovegood-0", "harry-potter-1", 80, false);
    poke(f, "luna-lovegood-1", "harry-potter-1", 8080, false);
    // deny-ingress at the specified port
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true);
    // pass-ingress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "ingress-tcp", (s) => swap(s.ingress, 0, 2));
    f = new Fixture([...base(), ...policies]);
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true);
    poke(f, "luna-lovegood-1", "harry-potter-0", 8080, true);
    // pass-ingress at the specified port (swap 3 and 4)
    policies = patched(policies, "ingress-tcp", (s) => swap(s.ingress, 3, 4));
    f = new Fixture([...base(), ...policies]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, true);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
  });

  it("CNPBaselineTierIngressTCP (baseline-admin-network-policy-standard-ingress-tcp-rules.go)", () => {
    let policies = read("baseline_tier-standard-ingress-tcp-rules.yaml");
    let f = new Fixture([...base(), ...policies]);
    poke(f, "luna-lovegood-0", "harry-potter-0", 80, true);
    poke(f, "luna-lovegood-1", "harry-potter-0", 8080, true);
    poke(f, "cedric-diggory-0", "harry-potter-1", 80, true);
    poke(f, "cedric-diggory-1", "harry-potter-1", 8080, false);
    policies = patched(policies, "default", (s) => swap(s.ingress, 0, 1));
    f = new Fixture([...base(), ...policies]);
    poke(f, "luna-lovegood-0", "harry-potter-1", 80, false);
    poke(f, "luna-lovegood-1", "harry-potter-1", 8080, false);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
  });

  it("CNPAdminTierPriorityField (admin-network-policy-standard-priority.go)", () => {
    let policies = read("admin_tier-standard-priority-field.yaml");
    let f = new Fixture([...base(), ...policies]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, false);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, false);
    // priority 60 -> 40: the Pass now comes before the Deny at 50, and the baseline accepts
    policies = patched(policies, "old-priority-60-new-priority-40-example", (s) => {
      s.priority = 40;
    });
    f = new Fixture([...base(), ...policies]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, true);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, true);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
  });

  it("CNPAdminTierEgressUDP (admin-network-policy-standard-egress-udp-rules.go)", () => {
    let policies = read("admin_tier-standard-egress-udp-rules.yaml");
    let f = new Fixture([...base(), ...policies]);
    // allow-egress; rule ordering is respected
    poke(f, "cedric-diggory-0", "luna-lovegood-0", 53, true, "UDP");
    poke(f, "cedric-diggory-1", "luna-lovegood-0", 5353, true, "UDP");
    // allow-egress at the specified port
    poke(f, "cedric-diggory-0", "harry-potter-1", 53, true, "UDP");
    poke(f, "cedric-diggory-1", "harry-potter-1", 5353, false, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
    // deny-egress; rule ordering is respected (swap 0 and 1)
    policies = patched(policies, "egress-udp", (s) => swap(s.egress, 0, 1));
    f = new Fixture([...base(), ...policies]);
    poke(f, "cedric-diggory-0", "luna-lovegood-1", 53, false, "UDP");
    poke(f, "cedric-diggory-1", "luna-lovegood-1", 5353, false, "UDP");
    // deny-egress at the specified port
    poke(f, "cedric-diggory-0", "draco-malfoy-0", 5353, false, "UDP");
    poke(f, "cedric-diggory-1", "draco-malfoy-0", 53, true, "UDP");
    // pass-egress; rule ordering is respected (swap 0 and 2)
    policies = patched(policies, "egress-udp", (s) => swap(s.egress, 0, 2));
    f = new Fixture([...base(), ...policies]);
    poke(f, "cedric-diggory-0", "luna-lovegood-1", 5353, true, "UDP");
    poke(f, "cedric-diggory-1", "luna-lovegood-1", 53, true, "UDP");
    // pass-egress at the specified port (swap 3 and 4)
    policies = patched(policies, "egress-udp", (s) => swap(s.egress, 3, 4));
    f = new Fixture([...base(), ...policies]);
    poke(f, "cedric-diggory-0", "draco-malfoy-0", 5353, true, "UDP");
    poke(f, "cedric-diggory-1", "draco-malfoy-0", 53, true, "UDP");
    assertMatrixAgrees(f, [53, 5353]);
  });

  it("CNPAdminTierIntegration (admin-network-policy-standard-integration.go): Admin, NetworkPolicy, Baseline", () => {
    let objects = read("api_integration-standard-anp-np-banp.yaml");
    let f = new Fixture([...base(), ...objects]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, false);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, false);
    // ingress[0] -> Pass: the NetworkPolicy admits slytherin
    objects = patched(objects, "pass-example", (s) => {
      s.ingress[0].action = "Pass";
    });
    f = new Fixture([...base(), ...objects]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, true);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, true);
    // egress[0] -> Pass: the NetworkPolicy lets gryffindor out to slytherin
    objects = patched(objects, "pass-example", (s) => {
      s.egress[0].action = "Pass";
    });
    f = new Fixture([...base(), ...objects]);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, true);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, true);
    assertMatrixAgrees(f, [80, 8080]);
    // the NetworkPolicy deleted: the Baseline tier denies both ways
    objects = objects.filter((o) => o.kind !== "NetworkPolicy");
    f = new Fixture([...base(), ...objects]);
    poke(f, "draco-malfoy-0", "harry-potter-0", 80, false);
    poke(f, "draco-malfoy-1", "harry-potter-0", 8080, false);
    poke(f, "harry-potter-0", "draco-malfoy-0", 80, false);
    poke(f, "harry-potter-1", "draco-malfoy-0", 8080, false);
    assertMatrixAgrees(f, [80, 8080]);
  });
});
