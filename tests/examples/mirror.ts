import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { readArgsFile } from "../../sdk/cli/args";
import { type Plan, planZeroTrust } from "../../sdk/core";
import { ROOT } from "../cli/run";
import { type CreatedResource, created, reset, settle } from "../harness";

/**
 * Runs `examples/<example>/index.ts` under mocks and checks that it creates exactly what
 * `examples/<example>/zerotrust.yaml` plans, children named `<name>-<suffix>`, policies, Services
 * and custom resources with the planned specs. Returns the plan and the children for further checks.
 */
export async function assertExampleMatchesArgsFile(
  example: string,
  name: string,
): Promise<{ plan: Plan; children: CreatedResource[] }> {
  pulumi.runtime.setAllConfig(
    { "project:tsClientId": "client-id", "project:tsClientSecret": "client-secret" },
    ["project:tsClientId", "project:tsClientSecret"],
  );
  reset();
  // The example constructs at import time, so it is loaded here, after the mocks and config.
  require(path.join(ROOT, "examples", example, "index.ts"));
  await settle();
  const plan = planZeroTrust(readArgsFile(`examples/${example}/zerotrust.yaml`, ROOT));
  const planned = plan.resources.map((r) => `${name}-${r.suffix}`).sort();
  const children = created.filter((r) => r.type !== "tailnet-zerotrust:index:ZeroTrustCluster");
  assert.deepEqual(children.map((r) => r.name).sort(), planned);
  for (const r of plan.resources) {
    if (r.kind !== "NetworkPolicy" && r.kind !== "Service" && r.kind !== "CustomResource") continue;
    const child = children.find((c) => c.name === `${name}-${r.suffix}`)!;
    assert.deepEqual(child.inputs.spec, (r.object as any).spec, `${child.name} matches the plan`);
  }
  return { plan, children };
}
