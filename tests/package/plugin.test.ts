import assert from "node:assert/strict";
import type * as grpcTypes from "@grpc/grpc-js";
import { LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { readArgsFile } from "../../sdk/cli/args";
import { ROOT } from "../cli/run";
import { homelab } from "../fixtures";
import {
  grpc,
  isSecretValue,
  type Plugin,
  propertyErrors,
  type Registration,
  requests,
  STACK_URN,
  secretOutput,
  unary,
} from "./mockEngine";
import { type Constructed, construct, type Shared, sharedPlugin, TYPE } from "./sharedPlugin";

/**
 * Python, Go and YAML programs never import the TypeScript: the engine boots the package as a plugin
 * (ts-node type-checking the whole package), reads its schema and calls Construct with the inputs as
 * wire values. This smoke test does exactly that against a mock engine, so a type error, stray stdout
 * at load, an arg shape the analyzer rejects, or children registered without `parent` show up here
 * rather than in a consumer's `pulumi up`. See §8 of the shared Pulumi component-package notes.
 */
describe("the package booted as a plugin, as the engine does for other languages", function () {
  this.timeout(120_000);
  let shared: Shared;
  let plugin: Plugin;

  /** The homelab scenario as a Python/YAML program sends it: plain JSON, credentials as secret outputs. */
  function wireInputs(change?: (spec: ReturnType<typeof homelab>) => void) {
    const spec = homelab();
    change?.(spec);
    const inputs = JSON.parse(JSON.stringify(spec));
    inputs.operator.oauthClientId = secretOutput(spec.operator!.oauthClientId);
    inputs.operator.oauthClientSecret = secretOutput(spec.operator!.oauthClientSecret);
    return inputs;
  }

  before(async () => {
    shared = await sharedPlugin();
    plugin = shared.plugin;
  });

  it("answers GetPluginInfo, GetSchema and Configure", async () => {
    const info = await unary<any>(plugin.client, "getPluginInfo", requests.getPluginInfo());
    assert.equal(info.getVersion(), require("../../package.json").version);
    const schema = JSON.parse(
      (await unary<any>(plugin.client, "getSchema", requests.getSchema())).getSchema(),
    );
    assert.equal(schema.name, "tailnet-zerotrust");
    assert.equal(schema.resources[TYPE]?.isComponent, true, `${TYPE} is in the schema`);
    const configured = await unary<any>(plugin.client, "configure", requests.configure());
    assert.equal(configured.getAcceptsecrets(), true);
    assert.equal(configured.getAcceptoutputs(), true);
  });

  describe("Construct of the homelab scenario", () => {
    let got: Constructed;
    let children: Registration[];
    let componentUrn: string;
    const child = (type: string, name: string) => {
      const found = children.find((r) => r.type === type && r.name === name);
      assert.ok(found, `${type} ${name} was registered; got ${children.map((r) => r.name).join(", ")}`);
      return found;
    };

    before(async () => {
      const t0 = Date.now();
      got = await construct(wireInputs());
      console.log(`      (Construct took ${Date.now() - t0} ms)`);
      componentUrn = got.response.getUrn();
      children = got.children;
    });

    it("registers the component under the stack", () => {
      const component = got.component;
      assert.ok(component, `the component ${componentUrn} was registered`);
      assert.equal(component.type, TYPE);
      assert.equal(component.name, "homelab");
      assert.equal(component.custom, false);
      assert.equal(component.parent, STACK_URN);
    });

    it("registers every child with the component as parent", () => {
      assert.deepEqual(
        children.map((r) => `${r.type} ${r.name}`).sort(),
        [
          "kubernetes:core/v1:Namespace homelab-apps",
          "kubernetes:core/v1:Namespace homelab-monitoring",
          "kubernetes:core/v1:Namespace homelab-tailscale",
          "kubernetes:core/v1:Secret homelab-operator-oauth",
          "kubernetes:core/v1:Service homelab-monitoring-grafana",
          "kubernetes:helm.sh/v3:Release homelab-operator",
          ...[
            "apps-allow-backend-to-db-egress",
            "apps-allow-frontend-to-backend-egress",
            "apps-allow-frontend-to-backend-ingress",
            "apps-default-deny",
            "apps-dns-egress",
            "monitoring-default-deny",
            "monitoring-dns-egress",
            "monitoring-tailnet-k8s-grafana-ingress",
            "tailscale-default-deny",
            "tailscale-dns-egress",
            "tailscale-operator-apiserver-egress",
            "tailscale-operator-internet-egress",
            "tailscale-tailnet-k8s-grafana-egress",
          ].map((s) => `kubernetes:networking.k8s.io/v1:NetworkPolicy homelab-${s}`),
        ].sort(),
      );
      for (const r of children) assert.equal(r.parent, componentUrn, `${r.name}'s parent`);
      const namespaces = children.filter((r) => r.type === "kubernetes:core/v1:Namespace");
      assert.deepEqual(namespaces.map((r) => r.object.metadata.name).sort(), [
        "apps",
        "monitoring",
        "tailscale",
      ]);
    });

    it("keeps the OAuth credentials secret on the wire", () => {
      const secret = child("kubernetes:core/v1:Secret", "homelab-operator-oauth");
      assert.ok(isSecretValue(secret.object.stringData), "stringData arrived as a secret");
      const release = child("kubernetes:helm.sh/v3:Release", "homelab-operator");
      assert.doesNotMatch(JSON.stringify(release.object), /client-secret|client-id/);
    });

    it("sends the ordering to the engine as dependencies", () => {
      const urnOf = (type: string, name: string) => child(type, name).urn;
      const release = urnOf("kubernetes:helm.sh/v3:Release", "homelab-operator");
      const service = child("kubernetes:core/v1:Service", "homelab-monitoring-grafana");
      assert.ok(service.dependencies.includes(release), "the exposed Service depends on the operator");
      const deny = child("kubernetes:networking.k8s.io/v1:NetworkPolicy", "homelab-apps-default-deny");
      const allow = urnOf("kubernetes:networking.k8s.io/v1:NetworkPolicy", "homelab-apps-dns-egress");
      assert.ok(deny.dependencies.includes(allow), "default-deny comes after the allows");
    });

    it("logs no warning or error to the engine", () => {
      const loud = got.logs.filter((l) => l.severity >= LogSeverity.WARNING);
      assert.deepEqual(loud, [], plugin.stderr());
    });

    it("returns the outputs in the Construct state", () => {
      const state = got.state;
      assert.equal(state.operatorNamespace, "tailscale");
      assert.ok(Array.isArray(state.flows), `flows is a list: ${JSON.stringify(state.flows)}`);
      assert.ok(
        state.flows.includes(
          "declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080",
        ),
        `flows: ${JSON.stringify(state.flows, null, 2)}`,
      );
      assert.deepEqual(got.outputs?.operatorNamespace, "tailscale");
    });
  });

  describe("Construct of examples/tailnet-services (egress, an egress ProxyGroup)", () => {
    let got: Constructed;
    before(async () => {
      const spec = readArgsFile("examples/tailnet-services/zerotrust.yaml", ROOT);
      const inputs = JSON.parse(JSON.stringify(spec));
      inputs.operator.oauthClientId = secretOutput("client-id");
      inputs.operator.oauthClientSecret = secretOutput("client-secret");
      got = await construct(inputs, "services");
    });

    it("registers the ProxyGroup custom resource and the ExternalName Services after it", () => {
      const group = got.children.find((r) => r.name === "services-proxygroup-egress-ha");
      assert.ok(group, got.children.map((r) => `${r.type} ${r.name}`).join(", "));
      assert.equal(group.type, "kubernetes:tailscale.com/v1alpha1:ProxyGroup");
      assert.equal(group.object.spec.type, "egress");
      const payments = got.children.find((r) => r.name === "services-apps-payments");
      assert.equal(payments?.object.spec.type, "ExternalName");
      assert.ok(payments?.dependencies.includes(group.urn), "the Service depends on its ProxyGroup");
    });

    it("returns each client's proven path in tailnetFlows", () => {
      assert.deepEqual(got.state.tailnetFlows, [
        "apps/app=backend -> egress db (tag:k8s-egress-db) -> 100.64.0.50 TCP/5432",
        "apps/app=api -> egress payments (tag:k8s-egress-ha) -> payments.tail1234.ts.net TCP/443",
      ]);
    });
  });

  describe("Construct with a bad input", () => {
    it("rejects a bad hostname by property path and registers nothing", async () => {
      const bad = wireInputs((spec) => {
        spec.expose![0].hostname = "Grafana UI";
      });
      const err = await construct(bad).then(
        () => assert.fail("Construct with hostname 'Grafana UI' succeeded"),
        (e: grpcTypes.ServiceError) => e,
      );
      const paths = propertyErrors(err).map((e) => e.propertyPath);
      assert.match(err.details, /expose\[0\]\.hostname/);
      assert.ok(paths.includes("expose[0].hostname"), `per-property errors: ${JSON.stringify(paths)}`);
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
      assert.deepEqual(
        shared.engine.registrations.map((r) => r.name),
        [],
        "nothing is half-created",
      );
    });
  });
});
