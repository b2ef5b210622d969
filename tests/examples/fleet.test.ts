import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { readFleetFile } from "../../sdk/cli/fleet";
import { planFleet } from "../../sdk/fleet";
import { parseHujson } from "../../sdk/tailnet";
import { ROOT } from "../cli/run";
import { created, outputValue, reset, settle } from "../harness";

/**
 * The TypeScript fleet example and its args file for the command-line tool describe the same two
 * clusters; running the example under mocks must create exactly what the args file plans, each
 * cluster's objects on that cluster's own provider.
 */
describe("examples/fleet", () => {
  it("creates exactly what examples/fleet/fleet.yaml plans, each cluster on its own provider", async () => {
    const secrets = [
      "homelabKubeconfig",
      "edgeKubeconfig",
      "homelabClientId",
      "homelabClientSecret",
      "edgeClientId",
      "edgeClientSecret",
    ];
    pulumi.runtime.setAllConfig(
      Object.fromEntries(secrets.map((k) => [`project:${k}`, `${k}-value`])),
      secrets.map((k) => `project:${k}`),
    );
    reset();
    const example = require(path.join(ROOT, "examples", "fleet", "index.ts"));
    await settle();
    const plan = planFleet(readFleetFile("examples/fleet/fleet.yaml", ROOT)!);
    for (const m of plan.members) {
      const planned = m.plan.resources.map((r) => `fleet-${m.name}-${r.suffix}`).sort();
      const children = created.filter((r) => r.name.startsWith(`fleet-${m.name}-`));
      assert.deepEqual(children.map((r) => r.name).sort(), planned, `cluster ${m.name}`);
      for (const r of m.plan.resources) {
        if (r.kind !== "NetworkPolicy" && r.kind !== "Service") continue;
        const child = children.find((c) => c.name === `fleet-${m.name}-${r.suffix}`)!;
        assert.deepEqual(child.inputs.spec, (r.object as any).spec, `${child.name} matches the plan`);
        assert.equal(
          child.provider?.split("::").slice(-2)[0],
          `fleet-${m.name}`,
          `${child.name} on its cluster's provider`,
        );
      }
    }
    assert.deepEqual(await outputValue(example.links), [
      "edge/kitchen/app=display -> egress recipes (tag:k8s-edge-egress-recipes) -> tag:k8s-homelab-recipes TCP/443 -> homelab/apps/app=recipes TCP/8443",
    ]);
    // The example writes its base as JSON, fleet.yaml as commented HuJSON: the merge keeps each
    // one's own text, so the two policies are equal as policies, not as text.
    assert.deepEqual(parseHujson(await outputValue(example.tailnetPolicy)), parseHujson(plan.tailnet.text));
  });
});
