import assert from "node:assert/strict";
import * as tailscale from "@pulumi/tailscale";
import { FleetTailnet, ZeroTrustCluster, ZeroTrustFleet } from "../../sdk";
import {
  type ClusterExport,
  expandFleet,
  FleetValidationError,
  fleetFromExports,
  parseClusterExport,
} from "../../sdk/fleet";
import { construct, outputValue } from "../harness";
import { twoClusters } from "./fixtures";

/** Each cluster constructed alone, as its own stack would, and its `fleetExport` read back. */
async function clusterStacks(): Promise<{ [cluster: string]: string }> {
  const out: { [cluster: string]: string } = {};
  for (const [name, spec] of Object.entries(expandFleet(twoClusters()))) {
    const { component } = await construct((opts) => new ZeroTrustCluster(name, spec as any, opts));
    out[name] = await outputValue(component.fleetExport);
  }
  return out;
}

describe("a fleet split across stacks", () => {
  it("merges and proves the clusters' exports as the one-stack fleet does, with one Acl", async () => {
    const exports = await clusterStacks();
    const spec = twoClusters();
    spec.clusters.core.kubeconfig = "core";
    spec.clusters.edge.kubeconfig = "edge";
    const { component: fleet } = await construct((opts) => new ZeroTrustFleet("fleet", spec as any, opts));
    const { component, created } = await construct(
      (opts) =>
        new FleetTailnet(
          "tailnet",
          { exports, tailnet: { basePolicy: spec.tailnet!.basePolicy, manage: true } },
          { ...opts, providers: [new tailscale.Provider("ts", { apiKey: "key" })] },
        ),
    );
    assert.deepEqual(await outputValue(component.links), await outputValue(fleet.links));
    const policy = await outputValue(component.tailnetPolicy);
    assert.equal(policy, await outputValue(fleet.tailnetPolicy));
    const acls = created.filter((r) => r.type === "tailscale:index/acl:Acl");
    assert.equal(acls.length, 1);
    assert.equal(acls[0].inputs.acl, policy);
  });

  it("refuses a tag two stacks claim, naming both", async () => {
    const texts = await clusterStacks();
    const exports = Object.entries(texts).map(([k, t]) => parseClusterExport(t, k));
    const edge = exports.find((x) => x.cluster === "edge")!;
    const stolen: ClusterExport = {
      ...edge,
      claims: {
        ...edge.claims,
        ownTags: [...edge.claims.ownTags, { tag: "tag:k8s-core-orders", path: "expose[0].tags" }],
      },
    };
    assert.throws(
      () => fleetFromExports([exports[0], stolen]),
      (err: unknown) =>
        err instanceof FleetValidationError &&
        err.issues.some(
          (i) => i.path === "exports.edge.expose[0].tags" && /also a tag of cluster core/.test(i.message),
        ),
    );
  });

  it("refuses an export that is not a ZeroTrustCluster's fleetExport", () => {
    assert.throws(
      () => parseClusterExport("{}", "edge"),
      /exports\.edge: is not a ZeroTrustCluster fleetExport/,
    );
    assert.throws(() => parseClusterExport("not json", "edge"), /exports\.edge: is not JSON/);
  });
});
