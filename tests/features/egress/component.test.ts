import assert from "node:assert/strict";
import { ZeroTrustCluster } from "../../../sdk";
import { construct, outputValue } from "../../harness";
import { withEgress } from "./fixtures";

describe("ZeroTrustCluster egress (Pulumi mocks)", () => {
  it("creates the ExternalName Service after its policies and the operator, leaving externalName to the operator", async () => {
    const { component, created } = await construct(
      (o) => new ZeroTrustCluster("homelab", withEgress() as any, o),
    );
    const service = created.find((r) => r.name === "homelab-apps-db");
    assert.ok(service, "the egress Service is a child");
    assert.equal(service.type, "kubernetes:core/v1:Service");
    assert.equal(service.inputs.spec.type, "ExternalName");
    assert.equal(service.inputs.metadata.annotations["tailscale.com/tailnet-ip"], "100.64.0.50");
    assert.deepEqual(service.ignoreChanges, ["spec.externalName"]);
    assert.deepEqual(service.dependsOn, [
      "homelab-apps",
      "homelab-operator",
      "homelab-tailscale-egress-apps-db-ingress",
      "homelab-apps-egress-apps-db-egress",
    ]);
    assert.ok(
      (await outputValue(component.tailnetFlows)).includes(
        "apps/app=backend -> egress db (tag:k8s-egress-db) -> 100.64.0.50 TCP/5432",
      ),
    );
    assert.ok(
      (await outputValue(component.flows)).includes(
        "egress db: apps/app=backend -> tailscale/proxy(apps/db) on TCP/5432",
      ),
    );
  });
});
