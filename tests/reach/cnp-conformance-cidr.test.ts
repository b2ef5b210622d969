import { assertMatrixAgrees } from "./admin-helpers";
import { base, patched, poke, read } from "./cnp-conformance-helpers";
import { Fixture } from "./helpers";

/**
 * More of the network-policy-api v0.2.0 conformance suite (see `cnp-conformance.test.ts`): the
 * `standard-egress-inline-cidr-rules` suites (Admin and Baseline tiers), egress to `networks` peers,
 * replayed on both evaluators and the matrix. Each `it` restates the `t.Run`s of the named
 * `conformance/tests/*.go` file in order: one `poke` per `PokeServer` (client, server, port,
 * expected, protocol). The second subtest's patch puts first a rule accepting egress to two server
 * pods' IPs (`/32`), read here from the base pods' `status.podIP` as the test reads them from the
 * cluster. Fixtures, provenance and licence: `conformance-v0.2.0/PROVENANCE.md`.
 */

const pods = base();
/** The fixture of the base pods and `policies`. */
const world = (policies: ReturnType<typeof read>) => new Fixture([...pods, ...policies]);
const PORTS = [53, 80, 9003];

/** The pod's IP as the base manifests' pods carry it (`status.podIP`). */
function podIP(name: string): string {
  const pod = pods.find((o) => o.kind === "Pod" && o.metadata?.name === name);
  if (!pod) throw new Error(`no base pod ${name}`);
  return pod.status.podIP;
}

/** Each protocol the test pokes, at its port. */
const PROBES = [
  [80, "TCP"],
  [53, "UDP"],
  [9003, "SCTP"],
] as const;

/** `PokeServer` from harry-potter-1 to `server` on each probe, all expected `expected`. */
function pokeAll(f: Fixture, server: string, expected: boolean) {
  for (const [port, protocol] of PROBES) poke(f, "harry-potter-1", server, port, expected, protocol);
}

/** Both tiers' tests are the same two subtests on their own file and policy name. */
function replay(file: string, name: string) {
  let policies = read(file);
  let f = world(policies);
  // deny-egress for egress-cidr-peer: 0.0.0.0/0 denies all but slytherin, accepted before it
  pokeAll(f, "luna-lovegood-0", false);
  pokeAll(f, "cedric-diggory-0", false);
  pokeAll(f, "draco-malfoy-0", true);
  assertMatrixAgrees(f, PORTS);
  // allow-egress for egress-cidr-peer: a first rule accepts the two servers' own IPs only
  const rule = {
    name: "allow-egress-to-specific-podIPs",
    action: "Accept",
    to: [{ networks: [`${podIP("luna-lovegood-0")}/32`, `${podIP("cedric-diggory-0")}/32`] }],
  };
  policies = patched(policies, name, (s) => {
    s.egress = [rule, ...s.egress];
  });
  f = world(policies);
  pokeAll(f, "luna-lovegood-0", true);
  pokeAll(f, "cedric-diggory-0", true);
  pokeAll(f, "luna-lovegood-1", false);
  pokeAll(f, "cedric-diggory-1", false);
  assertMatrixAgrees(f, PORTS);
}

describe("ClusterNetworkPolicy: the v0.2.0 conformance suite, egress to inline CIDR peers", () => {
  it("CNPAdminTierEgressInlineCIDRPeers (admin-network-policy-standard-egress-inline-cidr-rules.go)", () => {
    replay("admin_tier-standard-egress-inline-cidr-rules.yaml", "inline-cidr-as-peers-example");
  });

  it("CNPBaselineTierEgressInlineCIDRPeers (baseline-admin-network-policy-standard-egress-inline-cidr-rules.go)", () => {
    replay("baseline_tier-standard-egress-inline-cidr-rules.yaml", "default");
  });
});
