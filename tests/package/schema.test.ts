import assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { FleetTailnet, ZeroTrustCluster, ZeroTrustFleet } from "../../sdk";
import { collisions, tokenName } from "./sdkNames";

/**
 * Other languages see the package only through the schema the analyzer infers from the TypeScript
 * types, so a union or a callback slipped into the args breaks Python, Go, .NET and YAML users.
 */
describe("inferred package schema", function () {
  this.timeout(60_000);
  let schema: any;

  before(async () => {
    const provider = new ComponentProvider({
      name: "tailnet-zerotrust",
      dirname: path.join(__dirname, "..", ".."),
      components: [ZeroTrustCluster, ZeroTrustFleet, FleetTailnet],
    });
    schema = JSON.parse(await provider.getSchema());
  });

  it("names the package and the component token", () => {
    assert.equal(schema.name, "tailnet-zerotrust");
    assert.equal(schema.namespace, undefined, "an unscoped name keeps Go import paths right");
    const component = schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"];
    assert.equal(component.isComponent, true);
  });

  it("exposes the args, their types and their docs", () => {
    const component = schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"];
    assert.deepEqual(Object.keys(component.inputProperties).sort(), [
      "allow",
      "apiServerProxy",
      "clusterDns",
      "connectors",
      "dataplane",
      "egress",
      "expose",
      "metrics",
      "nameserver",
      "namespaces",
      "operator",
      "proxyGroups",
      "tailnet",
      "unmanagedNamespaces",
    ]);
    assert.match(component.inputProperties.namespaces.description, /default-deny/);
    assert.equal(component.inputProperties.unmanagedNamespaces.type, "array");
    const types = schema.types;
    for (const t of [
      "Operator",
      "ManagedNamespace",
      "Flow",
      "FlowEndpoint",
      "FlowPort",
      "Expose",
      "ExposePort",
      "ApiServer",
      "Tailnet",
      "ClusterDns",
      "Dataplane",
      "NodeLocalDns",
      "Egress",
      "EgressClient",
      "EgressPort",
      "ProxyGroup",
      "ApiServerProxy",
      "ControlPlaneAccess",
      "NamespaceRole",
      "ApiServerProxyGroup",
      "Recorder",
      "RecorderS3",
      "Connector",
      "ConnectorAccess",
      "ConnectorReach",
      "Metrics",
      "MetricsSource",
    ]) {
      assert.ok(types[`tailnet-zerotrust:index:${t}`], `type ${t} is in the schema`);
    }
    const operator = types["tailnet-zerotrust:index:Operator"].properties;
    assert.equal(operator.oauthClientSecret.type, "string");
    assert.equal(operator.oauthClientSecret.plain, undefined, "credentials accept Outputs (secrets)");
    assert.equal(operator.install.plain, true);
    const via = types["tailnet-zerotrust:index:ExposeVia"];
    assert.deepEqual(
      via.enum.map((e: any) => e.value),
      ["annotation", "loadBalancer", "ingress"],
    );
    const cni = types["tailnet-zerotrust:index:Cni"];
    assert.deepEqual(
      cni.enum.map((e: any) => e.value),
      ["upstream", "cilium", "calico", "kube-router", "antrea", "aws-vpc-cni", "azure-npm", "weave"],
    );
    const dataplane = types["tailnet-zerotrust:index:Dataplane"].properties;
    assert.match(dataplane.kubernetesServiceIp.description, /ClusterIP/);
    assert.equal(
      dataplane.ciliumPolicyCidrMatchMode.$ref,
      "#/types/tailnet-zerotrust:index:CiliumPolicyCidrMatchMode",
    );
    const mode = types["tailnet-zerotrust:index:ApiServerProxyMode"];
    assert.deepEqual(
      mode.enum.map((e: any) => e.value),
      ["auth", "noauth"],
    );
    // Staged rollout (issue 19.6): a plain boolean every language can set.
    const managed = types["tailnet-zerotrust:index:ManagedNamespace"].properties;
    assert.equal(managed.enforce.type, "boolean");
    assert.equal(managed.enforce.plain, true);
    assert.match(managed.enforce.description, /default-deny/);
    const access = types["tailnet-zerotrust:index:ControlPlaneAccess"].properties;
    assert.equal(access.namespaceRoles.items.$ref, "#/types/tailnet-zerotrust:index:NamespaceRole");
  });

  it("declares the outputs", () => {
    const component = schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"];
    for (const out of [
      "operatorNamespace",
      "namespaces",
      "hostnames",
      "flows",
      "access",
      "kubeconfigCommands",
    ]) {
      assert.ok(component.properties[out], `output ${out}`);
    }
  });

  it("infers the fleet components: clusters by name, links, one tailnet block", () => {
    const fleet = schema.resources["tailnet-zerotrust:index:ZeroTrustFleet"];
    assert.equal(fleet.isComponent, true);
    assert.deepEqual(Object.keys(fleet.inputProperties).sort(), ["clusters", "links", "tailnet"]);
    assert.equal(
      fleet.inputProperties.clusters.additionalProperties.$ref,
      "#/types/tailnet-zerotrust:index:FleetCluster",
    );
    const cluster = schema.types["tailnet-zerotrust:index:FleetCluster"].properties;
    for (const field of ["kubeconfig", "prefix", "operator", "namespaces", "expose", "egress"]) {
      assert.ok(cluster[field], `FleetCluster.${field}`);
    }
    for (const t of ["Link", "LinkSource", "LinkDestination", "LinkPort", "FleetTailnetPolicy"]) {
      assert.ok(schema.types[`tailnet-zerotrust:index:${t}`], `type ${t} is in the schema`);
    }
    for (const out of ["links", "tailnetPolicy", "flows", "tailnetFlows"])
      assert.ok(fleet.properties[out], `output ${out}`);
    const tailnet = schema.resources["tailnet-zerotrust:index:FleetTailnet"];
    assert.deepEqual(Object.keys(tailnet.inputProperties).sort(), ["exports", "tailnet"]);
    assert.ok(schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"].properties.fleetExport);
  });

  describe("names as the generated SDKs spell them", () => {
    it("names no type `...Args`: the SDKs append `Args` to input types (no `OperatorArgsArgs`)", () => {
      const named = Object.keys(schema.types).map(tokenName);
      assert.ok(named.length > 30, `the schema has its types (${named.length})`);
      assert.deepEqual(
        named.filter((name) => /Args$/.test(name)),
        [],
        "rename the interface without the suffix; keep the old name as a deprecated `type` alias",
      );
    });

    it("gives no two types or resources the same generated identifier, in any case", () => {
      assert.deepEqual(collisions(schema), []);
    });

    it("the collision check sees the clashes it exists for", () => {
      const pkg = (objects: string[], enums: string[] = [], resources: string[] = []) => ({
        types: Object.fromEntries([
          ...objects.map((n) => [`p:index:${n}`, {}]),
          ...enums.map((n) => [`p:index:${n}`, { enum: [] }]),
        ]),
        resources: Object.fromEntries(resources.map((n) => [`p:index:${n}`, {}])),
      });
      const clash = (...args: Parameters<typeof pkg>) => collisions(pkg(...args)).join("\n");
      assert.match(
        clash(["ApiServer", "APIServer"]),
        /ApiServer <- type p:index:ApiServer, type p:index:APIServer/,
      );
      assert.match(clash(["Operator", "OperatorArgs"]), /OperatorArgs <- /);
      assert.match(clash(["Operator"], ["OperatorArgs"]), /OperatorArgs <- /, "an enum");
      assert.match(
        clash(["FleetTailnet"], [], ["FleetTailnet"]),
        /FleetTailnet <- resource p:index:FleetTailnet, type p:index:FleetTailnet/,
      );
      assert.equal(
        clash(["Expose", "ExposePort", "ProxyGroup"], ["ProxyGroupType"], ["ZeroTrustCluster"]),
        "",
      );
    });
  });
});
