import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import { ZeroTrustCluster } from "../../sdk";
import { ExposeVia, type ZeroTrustSpec } from "../../sdk/core";
import { parseHujson, type TailnetPolicy } from "../../sdk/tailnet";
import { homelab } from "../fixtures";
import { BASE_POLICY } from "../fixtures-tailnet";
import { construct, isSecretInput, outputValue, unsecret } from "../harness";

const ACL = "tailscale:index/acl:Acl";
const OAUTH = "tailscale:index/oauthClient:OauthClient";

/** The homelab with Grafana granted to the SRE group and to Alice. */
function withAccess(): ZeroTrustSpec {
  const spec = homelab();
  spec.expose![0].access = ["group:sre", "alice@example.com"];
  return spec;
}

const build = (spec: ZeroTrustSpec, opts: pulumi.ComponentResourceOptions = {}) =>
  construct((o) => new ZeroTrustCluster("homelab", spec as any, { ...o, ...opts }));

const provider = () => new tailscale.Provider("ts", { apiKey: "tskey-api-test" });

const fails = (spec: ZeroTrustSpec, opts: pulumi.ComponentResourceOptions, path: string, says: RegExp) =>
  assert.throws(
    () => new ZeroTrustCluster("bad", spec as any, opts),
    (err: any) =>
      pulumi.InputPropertiesError.isInstance(err) &&
      err.errors.some((e) => e.propertyPath === path && says.test(e.reason)),
  );

describe("ZeroTrustCluster tailnet side", () => {
  it("tags a Service with access by its own tag and publishes the policy fragment and tailnet paths", async () => {
    const { component, created } = await build(withAccess());
    const service = created.find((r) => r.name === "homelab-monitoring-grafana")!;
    assert.equal(service.inputs.metadata.annotations["tailscale.com/tags"], "tag:k8s-grafana");
    const policy = JSON.parse(await outputValue(component.tailnetPolicy));
    assert.deepEqual(policy.tagOwners["tag:k8s-grafana"], ["tag:k8s-operator"]);
    assert.deepEqual(policy.tagOwners["tag:k8s"], ["tag:k8s-operator"]);
    assert.ok(
      policy.grants.some(
        (g: any) =>
          g.src.includes("group:sre") && g.dst.includes("tag:k8s-grafana") && g.ip.includes("tcp:80"),
      ),
    );
    assert.ok(
      policy.tests.some(
        (t: any) => t.src === "alice@example.com" && t.accept?.includes("tag:k8s-grafana:80"),
      ),
    );
    assert.deepEqual(await outputValue(component.tailnetFlows), [
      "group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000",
      "alice@example.com -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000",
    ]);
    assert.equal(
      created.filter((r) => r.type === ACL || r.type === OAUTH).length,
      0,
      "nothing applied by default",
    );
  });

  it("applies the policy merged into the base with Acl when managed", async () => {
    const spec = withAccess();
    spec.tailnet = { manage: true, basePolicy: BASE_POLICY };
    const { component, created } = await build(spec, { providers: [provider()] });
    const acl = created.find((r) => r.type === ACL)!;
    assert.equal(acl.name, "homelab-tailnet-policy");
    assert.equal(acl.inputs.overwriteExistingContent, true);
    const saved = parseHujson(acl.inputs.acl) as TailnetPolicy;
    assert.deepEqual(saved.groups, { "group:sre": ["alice@example.com", "bob@example.com"] });
    assert.deepEqual(
      saved.grants![0],
      { src: ["group:sre"], dst: ["tag:ci"], ip: ["tcp:22"] },
      "base entries first, as written",
    );
    assert.deepEqual(saved.tagOwners!["tag:ci"], ["group:sre"]);
    assert.deepEqual(saved.tagOwners!["tag:k8s-grafana"], ["tag:k8s-operator"]);
    assert.equal(await outputValue(component.tailnetPolicy), acl.inputs.acl);
  });

  it("creates the operator's OAuth client after the policy and feeds it to the Secret, kept secret", async () => {
    const spec = withAccess();
    delete spec.operator!.oauthClientId;
    delete spec.operator!.oauthClientSecret;
    spec.tailnet = { manage: true, basePolicy: BASE_POLICY, createOAuthClient: true };
    const { created } = await build(spec, { providers: [provider()] });
    const client = created.find((r) => r.type === OAUTH)!;
    assert.deepEqual(client.inputs.scopes, ["auth_keys", "devices:core", "services"]);
    assert.deepEqual(client.inputs.tags, ["tag:k8s-operator"]);
    assert.deepEqual(client.dependsOn, ["homelab-tailnet-policy"]);
    const secret = created.find((r) => r.name === "homelab-operator-oauth")!;
    assert.ok(secret.dependsOn.includes("homelab-operator-oauth-client"));
    assert.ok(isSecretInput(secret.inputs.stringData));
    assert.deepEqual(unsecret(secret.inputs.stringData), {
      client_id: "homelab-operator-oauth-client-id",
      client_secret: "created-client-secret",
    });
  });

  it("exposes a Funnel Ingress only with both switches, with its own tag and the funnel attribute", async () => {
    const spec = homelab();
    spec.expose![0] = { ...spec.expose![0], via: ExposeVia.Ingress, funnel: true };
    spec.tailnet = { allowFunnel: ["monitoring/grafana"] };
    const { component, created } = await build(spec);
    const ingress = created.find((r) => r.name === "homelab-monitoring-grafana-ingress")!;
    assert.equal(ingress.inputs.metadata.annotations["tailscale.com/funnel"], "true");
    assert.equal(ingress.inputs.metadata.annotations["tailscale.com/tags"], "tag:k8s-grafana");
    const policy = JSON.parse(await outputValue(component.tailnetPolicy));
    assert.deepEqual(policy.nodeAttrs, [{ target: ["tag:k8s-grafana"], attr: ["funnel"] }]);
    assert.deepEqual(await outputValue(component.tailnetFlows), [
      "internet (funnel) -> k8s-grafana TCP/443 -> monitoring/app=grafana TCP/3000",
    ]);
  });

  it("keeps the tests out of the saved policy on request, still checking them offline", async () => {
    const spec = withAccess();
    spec.tailnet = { manage: true, basePolicy: BASE_POLICY, includeTests: false };
    const { created } = await build(spec, { providers: [provider()] });
    const saved = parseHujson(created.find((r) => r.type === ACL)!.inputs.acl) as TailnetPolicy;
    assert.equal(saved.tests, undefined);
    assert.deepEqual(saved.tagOwners!["tag:k8s-grafana"], ["tag:k8s-operator"]);
    const opening = withAccess();
    opening.tailnet = {
      includeTests: false,
      basePolicy: '{"grants": [{"src": ["autogroup:member"], "dst": ["tag:k8s-grafana"], "ip": ["*"]}]}',
    };
    fails(opening, {}, "tailnet.basePolicy", /refused by Tailscale.*test/);
  });

  it("refuses Funnel without allowFunnel, and on anything but an Ingress", () => {
    const spec = homelab();
    spec.expose![0].funnel = true;
    fails(spec, {}, "expose[0].funnel", /only works on an Ingress/);
    fails(spec, {}, "expose[0].funnel", /add "monitoring\/grafana" to tailnet.allowFunnel/);
  });

  it("refuses manage without a base policy, and without a Tailscale provider", () => {
    // The provider's own environment variables would count as a configured provider.
    const saved = Object.entries(process.env).filter(([k]) => k.startsWith("TAILSCALE_"));
    for (const [k] of saved) delete process.env[k];
    try {
      const spec = withAccess();
      spec.tailnet = { manage: true };
      fails(
        spec,
        {},
        "tailnet.manage",
        /needs tailnet.basePolicy: the Acl resource owns the WHOLE policy file/,
      );
      spec.tailnet = { manage: true, basePolicy: BASE_POLICY };
      fails(spec, {}, "tailnet.manage", /needs a Tailscale provider/);
    } finally {
      Object.assign(process.env, Object.fromEntries(saved));
    }
  });

  it("refuses a base policy that does not parse, naming line and column", () => {
    const spec = withAccess();
    spec.tailnet = {
      basePolicy: '{\n  "groups": {\n    "group:sre": ["alice@example.com"]\n  \n  "grants": []\n}',
    };
    fails(spec, {}, "tailnet.basePolicy", /line 5, column 3/);
  });

  it("refuses a base whose tag owner conflicts, naming both sides", () => {
    const spec = withAccess();
    spec.tailnet = {
      basePolicy:
        '{"tagOwners": {"tag:k8s-grafana": ["group:sre"]}, "grants": [{"src": ["*"], "dst": ["tag:ci"], "ip": ["*"]}]}',
    };
    fails(
      spec,
      {},
      'tailnet.basePolicy.tagOwners["tag:k8s-grafana"]',
      /^line 1: basePolicy says \["group:sre"\], the generated fragment says \["tag:k8s-operator"\]/,
    );
  });

  it("reports a bad port and a failing tailnet policy test together, before anything is created", () => {
    const spec = withAccess();
    spec.allow![0].ports = [{ port: 70000 }];
    spec.tailnet = {
      basePolicy: `{"groups": {"group:sre": ["alice@example.com"]}, "grants": [],
        "tests": [{"src": "bob@example.com", "accept": ["tag:k8s-grafana:80"]}]}`,
    };
    fails(spec, {}, "allow[0].ports[0].port", /70000 is not a port/);
    fails(spec, {}, "tailnet.basePolicy.tests[0]", /^line 2: .*test\(s\) failed for bob@example.com/);
  });

  it("refuses sources that are not a user, group, tag or autogroup", () => {
    const spec = homelab();
    spec.expose![0].access = ["sre-team", "autogroup:internet"];
    fails(spec, {}, "expose[0].access[0]", /"sre-team"/);
    fails(spec, {}, "expose[0].access[1]", /only valid as a destination/);
  });

  it("fails construction when an access source could not reach its backend", () => {
    const spec = withAccess();
    spec.expose![0].allowProxyTraffic = false;
    assert.throws(
      () => new ZeroTrustCluster("bad", spec as any),
      /expose\[0\]\.access\[0\]: "group:sre" cannot reach its backend .*the cluster refuses the proxy/,
    );
  });
});
