import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustCluster, ZeroTrustFleet } from "../../sdk";
import { operatorCredentials } from "../../sdk/component/zeroTrustCluster";
import { IntentViolationError } from "../../sdk/verify";
import { homelab } from "../fixtures";
import { twoClusters } from "../fleet/fixtures";
import { created, reset, settle } from "../harness";

/**
 * Issue 23, "tests that would have caught these": the proof runs before anything is registered, a
 * fleet refuses a missing provider before registering anything, and each credential is a secret.
 */

async function registersNothing(make: () => unknown, error: (err: unknown) => boolean) {
  reset();
  assert.throws(make, error);
  await settle();
  assert.deepEqual(
    created.map((r) => `${r.type}::${r.name}`),
    [],
    "nothing registered, the component included",
  );
}

describe("nothing is registered before the proof and the checks", () => {
  it("a declaration whose proof fails registers nothing, the component included", async () => {
    const spec: any = homelab();
    spec.expose[0].access = ["group:sre"];
    spec.expose[0].allowProxyTraffic = false;
    await registersNothing(
      () => new ZeroTrustCluster("unproven", spec),
      (err) => err instanceof IntentViolationError && /cannot reach its backend/.test(err.message),
    );
  });

  it("a fleet managing the policy without a Tailscale provider registers nothing", async () => {
    const spec = twoClusters();
    spec.tailnet!.manage = true;
    spec.clusters.core.kubeconfig = "core";
    spec.clusters.edge.kubeconfig = "edge";
    await registersNothing(
      () => new ZeroTrustFleet("no-ts", spec as any),
      (err) => /tailnet\.manage: needs a Tailscale provider/.test(String((err as Error).message)),
    );
  });
});

describe("each credential is a secret on its own", () => {
  const isSecret = (o: pulumi.Output<unknown>) => (o as any).isSecret as Promise<boolean>;
  it("the given client ID and client secret", async () => {
    const credentials = operatorCredentials("client-id", "client-secret");
    assert.deepEqual(Object.keys(credentials).sort(), ["client_id", "client_secret"]);
    for (const [key, value] of Object.entries(credentials)) assert.equal(await isSecret(value), true, key);
  });

  it("the created OAuth client's ID and key", async () => {
    const credentials = operatorCredentials(pulumi.output("id"), pulumi.output("key"));
    for (const [key, value] of Object.entries(credentials)) assert.equal(await isSecret(value), true, key);
  });
});
