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
      "clusterDns",
      "connectors",
      "egress",
      "expose",
      "metrics",
      "nameserver",
      "namespaces",
      "operator",
      "proxyGroups",
      "tailnet",
    ]);
    assert.match(component.inputProperties.namespaces.description, /default-deny/);
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
      "EgressArgs",
      "EgressClientArgs",
      "EgressPortArgs",
      "ProxyGroupArgs",
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
  });

  it("declares the outputs", () => {
    const component = schema.resources["tailnet-zerotrust:index:ZeroTrustCluster"];
    for (const out of ["operatorNamespace", "namespaces", "hostnames", "flows"]) {
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
