import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ROOT } from "../cli/run";
import { created, reset, settle } from "../harness";

/**
 * examples/existing-cluster embeds the component in a program that owns its cluster: the program's
 * Kubernetes provider must reach every child, the installed operator is left alone, and the
 * Grafana Service made elsewhere is patched, not created.
 */
describe("examples/existing-cluster", () => {
  let children: typeof created;
  let providerRef: string;

  before(async () => {
    pulumi.runtime.setAllConfig(
      { "project:kubeconfig": "apiVersion: v1\nkind: Config\n", "project:apiServerCidr": "10.0.0.1/32" },
      ["project:kubeconfig"],
    );
    reset();
    // The example constructs at import time, so it is loaded here, after the mocks and config.
    require(path.join(ROOT, "examples", "existing-cluster", "index.ts"));
    await settle();
    const provider = created.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "cluster");
    assert.ok(provider, "the program's own Kubernetes provider was registered");
    providerRef = `urn:pulumi:stack::project::pulumi:providers:kubernetes::cluster::cluster-id`;
    children = created.filter((r) => r.name.startsWith("platform-"));
  });

  it("sends every Kubernetes child through the program's provider", () => {
    assert.ok(children.length > 0);
    for (const child of children) {
      assert.ok(child.type.startsWith("kubernetes:"), `${child.type} ${child.name} is a Kubernetes object`);
      assert.equal(child.provider, providerRef, `${child.name}'s provider`);
    }
    const shop = created.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "shop");
    assert.equal(shop?.provider, providerRef, "the program's own resources use it too");
  });

  it("leaves the installed operator alone and adopts the existing namespaces", () => {
    const types = new Set(children.map((c) => c.type));
    assert.ok(!types.has("kubernetes:helm.sh/v3:Release"), "no Helm release");
    assert.ok(!types.has("kubernetes:core/v1:Secret"), "no OAuth Secret");
    assert.ok(!types.has("kubernetes:core/v1:Namespace"), "no namespace is created");
    const patched = children.filter((c) => c.type === "kubernetes:core/v1:NamespacePatch");
    assert.deepEqual(
      patched.map((c) => c.inputs.metadata),
      [{ name: "monitoring", labels: { team: "obs" } }],
      "only the labels it declares are patched onto an adopted namespace",
    );
  });

  it("exposes the Grafana Service made elsewhere with a ServicePatch, not a new Service", () => {
    assert.ok(!children.some((c) => c.type === "kubernetes:core/v1:Service"), "no Service is created");
    const patches = children.filter((c) => c.type === "kubernetes:core/v1:ServicePatch");
    assert.equal(patches.length, 1);
    const { metadata } = patches[0].inputs;
    assert.equal(metadata.namespace, "monitoring");
    assert.equal(metadata.name, "grafana");
    assert.equal(metadata.annotations["tailscale.com/expose"], "true");
    assert.equal(metadata.annotations["tailscale.com/hostname"], "grafana");
  });

  it("still isolates the operator namespace it did not install", () => {
    const policies = children
      .filter((c) => c.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .map((c) => `${c.inputs.metadata.namespace}/${c.inputs.metadata.name}`);
    assert.ok(policies.includes("tailscale/default-deny"), policies.join(", "));
    assert.ok(policies.includes("shop/default-deny"));
    assert.ok(policies.includes("monitoring/default-deny"));
  });
});
