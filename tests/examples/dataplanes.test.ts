import assert from "node:assert/strict";
import { created } from "../harness";
import { assertExampleMatchesArgsFile } from "./mirror";

/** The GKE and k3s examples: each program creates what its args file plans, on its dataplane. */
describe("examples/gke and examples/k3s", () => {
  it("gke: Dataplane V2 gets the API server CiliumNetworkPolicy and DNS to the node-local cache", async () => {
    const { plan } = await assertExampleMatchesArgsFile("gke", "gke");
    assert.deepEqual(plan.warnings, []);
    const cnp = created.find((r) => r.name === "gke-tailscale-operator-apiserver-cilium");
    assert.equal(cnp?.type, "kubernetes:cilium.io/v2:CiliumNetworkPolicy");
    assert.deepEqual(cnp?.inputs.spec.egress[0].toEntities, ["kube-apiserver"]);
    const dns = plan.resources.find((r) => r.suffix === "shop-dns-egress");
    const peers = JSON.stringify(dns?.object);
    assert.match(peers, /"cidr":"169\.254\.20\.10\/32"/);
    assert.match(peers, /"k8s-app":"node-local-dns"/);
  });

  it("k3s: kube-router needs no custom resource, and its internet rule excepts the nodes' LAN", async () => {
    const { plan } = await assertExampleMatchesArgsFile("k3s", "k3s");
    assert.deepEqual(plan.warnings, []);
    assert.equal(plan.resources.filter((r) => r.kind === "CustomResource").length, 0);
    const internet = plan.flows.find(
      (f) => f.policyName === "operator-internet" && f.to.cidr === "0.0.0.0/0",
    );
    assert.deepEqual(internet?.to.except, ["10.42.0.0/16", "10.43.0.0/16", "192.168.1.0/24"]);
  });
});
