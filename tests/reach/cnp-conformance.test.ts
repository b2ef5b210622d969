import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { K8sObject } from "../../sdk/reach";
import { assertMatrixAgrees } from "./admin-helpers";
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

const DIR = path.join(__dirname, "conformance-v0.2.0");
const read = (file: string): K8sObject[] =>
  parseAllDocuments(fs.readFileSync(path.join(DIR, file), "utf8"))
    .map((d) => d.toJS())
    .filter((o) => o);

/** The base manifests' Namespaces, and each StatefulSet as its pods `<name>-0`, `<name>-1` (the replicas). */
function base(): K8sObject[] {
  let n = 0;
  return read("manifests.yaml").flatMap((o): K8sObject[] => {
    if (o.kind === "Namespace") return [o];
    if (o.kind !== "StatefulSet") return [];
    return Array.from({ length: o.spec.replicas }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `${o.metadata!.name}-${i}`,
        namespace: o.metadata!.namespace,
        labels: o.spec.template.metadata.labels,
      },
      spec: o.spec.template.spec,
      status: { podIP: `10.244.0.${++n}` },
    }));
  });
}

const HOUSE: Record<string, string> = {
  "harry-potter": "gryffindor",
  "draco-malfoy": "slytherin",
  "cedric-diggory": "hufflepuff",
  "luna-lovegood": "ravenclaw",
};
const key = (pod: string) => `network-policy-conformance-${HOUSE[pod.replace(/-\d$/, "")]}/${pod}`;

/** One `PokeServer(client, server, protocol, port, expected)`, on both evaluators. */
function poke(f: Fixture, client: string, server: string, port: number, expected: boolean, protocol = "TCP") {
  const check = `${key(client)} -> ${key(server)}:${port}/${protocol}`;
  assert.equal(f.allowed(check), expected, `${check}: ${f.verdict(check).reason}`);
}

/** A deep copy of the objects with `patch` applied to the ClusterNetworkPolicy `name`. */
function patched(objects: K8sObject[], name: string, patch: (spec: any) => void): K8sObject[] {
  return objects.map((o) => {
    if (o.kind !== "ClusterNetworkPolicy" || o.metadata?.name !== name) return o;
    const copy = structuredClone(o);
    patch(copy.spec);
    return copy;
  });
}

const swap = (rules: unknown[], a: number, b: number) => {
  [rules[a], rules[b]] = [rules[b], rules[a]];
};

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
