/**
 * The fleet bench (issue 11): a fleet of CLUSTERS x NAMESPACES with LINKS links, timed in-process.
 *
 * - plan: `planFleet` (validation, expansion, each cluster's plan, collisions, the merged policy)
 *   against the same clusters planned one by one (`planZeroTrust` on each expanded declaration);
 * - proof: `proveFleet` (each cluster's proof, its export, every link at its four points) against
 *   the clusters proven one by one (`assertPlanHolds`);
 * - construction under mocks: `new ZeroTrustFleet` against the same planned objects registered as
 *   plain resources (no component, no plan, no proof): the baseline of what Pulumi itself costs.
 *
 *   FLEET_CLUSTERS=20 FLEET_NAMESPACES=50 FLEET_LINKS=100 npm run bench:fleet
 */
import * as pulumi from "@pulumi/pulumi";
import { expandFleet, planFleet, proveFleet } from "../sdk/fleet";
import { planZeroTrust } from "../sdk/pipeline/plan";
import { mergeFragment } from "../sdk/pipeline/tailnet";
import { combineFragments } from "../sdk/tailnet/combine";
import { assertPlanHolds } from "../sdk/verify/plan-check";
import { fleetDeclaration } from "./fleet";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLUSTERS = env("FLEET_CLUSTERS", 20);
const NAMESPACES = env("FLEET_NAMESPACES", 50);
const LINKS = env("FLEET_LINKS", 100);
/** Construction under mocks registers every object (about 60 ms each on a loaded 2-core machine): 0 skips it. */
const CONSTRUCT = env("FLEET_CONSTRUCT", 1);

let registered = 0;
pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      registered++;
      return { id: `${a.name}-id`, state: a.inputs };
    },
    call: (a) => a.inputs,
  },
  "bench",
  "fleet",
  false,
);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function time<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = run();
  return { value, ms: performance.now() - t0 };
}
async function timeAsync(run: () => void): Promise<{ ms: number; resources: number }> {
  registered = 0;
  const t0 = performance.now();
  run();
  await (pulumi.runtime as any).waitForRPCs();
  return { ms: performance.now() - t0, resources: registered };
}

async function main() {
  const spec = fleetDeclaration(CLUSTERS, NAMESPACES, LINKS);
  for (const c of Object.values(spec.clusters)) c.kubeconfig = "kubeconfig";
  const expanded = expandFleet(spec);

  const oneByOnePlan = time(() => Object.values(expanded).map((s) => planZeroTrust(s)));
  const fleetPlan = time(() => planFleet(spec));
  const oneByOneProof = time(() => oneByOnePlan.value.map((p) => assertPlanHolds(p)));
  const fleetProof = time(() => proveFleet(fleetPlan.value));
  // The share of the fleet's plan spent checking the one merged policy (its tests x its grants).
  const merge = time(() =>
    mergeFragment(combineFragments(fleetPlan.value.members.map((m) => m.plan.tailnet.fragment)), {
      basePolicy: spec.tailnet!.basePolicy!,
      includeTests: true,
    }),
  );
  const paths = fleetProof.value.links.length;
  const resources = fleetPlan.value.members.reduce((n, m) => n + m.plan.resources.length, 0);

  // Imported here so the mocks are set first.
  const { createChild } = await import("../sdk/component/children");
  const { ZeroTrustFleet } = await import("../sdk/component/zeroTrustFleet");
  const credentials = { client_id: pulumi.secret("id"), client_secret: pulumi.secret("secret") };
  if (!CONSTRUCT) {
    console.log(
      `| ${CLUSTERS} x ${NAMESPACES} | ${LINKS} | ${paths} paths | ${resources} | ${seconds(fleetPlan.ms)} (one by one ${seconds(oneByOnePlan.ms)}; merged policy check ${seconds(merge.ms)}) | ${seconds(fleetProof.ms)} (one by one ${seconds(oneByOneProof.ms)}) | skipped | skipped |`,
    );
    return;
  }
  const plain = await timeAsync(() => {
    for (const m of fleetPlan.value.members) {
      for (const r of m.plan.resources) createChild(`plain-${m.name}`, r, {}, credentials);
    }
  });
  const component = await timeAsync(() => new ZeroTrustFleet("fleet", spec as any));

  const row = [
    `${CLUSTERS} x ${NAMESPACES}`,
    String(LINKS),
    `${paths} paths`,
    String(resources),
    `${seconds(fleetPlan.ms)} (one by one ${seconds(oneByOnePlan.ms)}; merged policy check ${seconds(merge.ms)})`,
    `${seconds(fleetProof.ms)} (one by one ${seconds(oneByOneProof.ms)})`,
    `${seconds(component.ms)} (${component.resources} registrations)`,
    `${seconds(plain.ms)} (${plain.resources} registrations)`,
  ];
  console.log(
    "| clusters x namespaces | links | proven | planned objects | plan | proof | ZeroTrustFleet under mocks | plain resources under mocks |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  console.log(`| ${row.join(" | ")} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
