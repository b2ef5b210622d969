import assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { FleetTailnet, ZeroTrustCluster, ZeroTrustFleet } from "../../sdk";

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
      "OperatorArgs",
      "NamespaceArgs",
      "FlowArgs",
      "FlowEndpointArgs",
      "PortArgs",
      "ExposeArgs",
      "ExposePortArgs",
      "ApiServerArgs",
      "TailnetArgs",
      "ClusterDnsArgs",
      "DataplaneArgs",
      "NodeLocalDnsArgs",
      "EgressArgs",
      "EgressClientArgs",
      "EgressPortArgs",
      "ProxyGroupArgs",
      "ApiServerProxyArgs",
      "ControlPlaneAccessArgs",
      "NamespaceRoleArgs",
      "ApiServerProxyGroupArgs",
      "RecorderArgs",
      "RecorderS3Args",
      "ConnectorArgs",
      "ConnectorAccessArgs",
      "ConnectorReachArgs",
      "MetricsArgs",
      "MetricsSourceArgs",
    ]) {
      assert.ok(types[`tailnet-zerotrust:index:${t}`], `type ${t} is in the schema`);
    }
    const operator = types["tailnet-zerotrust:index:OperatorArgs"].properties;
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
    const dataplane = types["tailnet-zerotrust:index:DataplaneArgs"].properties;
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
    const access = types["tailnet-zerotrust:index:ControlPlaneAccessArgs"].properties;
    assert.equal(access.namespaceRoles.items.$ref, "#/types/tailnet-zerotrust:index:NamespaceRoleArgs");
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
      "#/types/tailnet-zerotrust:index:FleetClusterArgs",
    );
    const cluster = schema.types["tailnet-zerotrust:index:FleetClusterArgs"].properties;
    for (const field of ["kubeconfig", "prefix", "operator", "namespaces", "expose", "egress"]) {
      assert.ok(cluster[field], `FleetClusterArgs.${field}`);
    }
    for (const t of [
      "LinkArgs",
      "LinkSourceArgs",
      "LinkDestinationArgs",
      "LinkPortArgs",
      "FleetTailnetArgs",
    ]) {
      assert.ok(schema.types[`tailnet-zerotrust:index:${t}`], `type ${t} is in the schema`);
    }
    for (const out of ["links", "tailnetPolicy", "flows", "tailnetFlows"])
      assert.ok(fleet.properties[out], `output ${out}`);
    const tailnet = schema.resources["tailnet-zerotrust:index:FleetTailnet"];
    assert.deepEqual(Object.keys(tailnet.inputProperties).sort(), ["exports", "tailnet"]);
    assert.ok(schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"].properties.fleetExport);
  });
});
