import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustCluster } from "../../sdk";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { homelab } from "../fixtures";
import { created as allCreated, construct, isSecretInput, outputValue, settle, unsecret } from "../harness";

const T = {
  ns: "kubernetes:core/v1:Namespace",
  nsPatch: "kubernetes:core/v1:NamespacePatch",
  secret: "kubernetes:core/v1:Secret",
  release: "kubernetes:helm.sh/v3:Release",
  netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  svc: "kubernetes:core/v1:Service",
  svcPatch: "kubernetes:core/v1:ServicePatch",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
};

const build = (spec: ZeroTrustSpec = homelab()) =>
  construct((opts) => new ZeroTrustCluster("homelab", spec as any, opts));

const find = (list: Awaited<ReturnType<typeof build>>["created"], type: string, name: string) => {
  const found = list.find((r) => r.type === type && r.name === name);
  assert.ok(found, `expected ${type} ${name}; created: ${list.map((r) => r.name).join(", ")}`);
  return found;
};

describe("ZeroTrustCluster", () => {
  it("creates the operator, namespaces, policies and the exposed Service for the homelab", async () => {
    const { created } = await build();
    const names = (type: string) =>
      created
        .filter((r) => r.type === type)
        .map((r) => r.name)
        .sort();
    assert.deepEqual(names(T.ns), ["homelab-apps", "homelab-monitoring", "homelab-tailscale"]);
    assert.deepEqual(names(T.secret), ["homelab-operator-oauth"]);
    assert.deepEqual(names(T.release), ["homelab-operator"]);
    assert.deepEqual(names(T.svc), ["homelab-monitoring-grafana"]);
    assert.deepEqual(names(T.netpol), [
      "homelab-apps-allow-backend-to-db-egress",
      "homelab-apps-allow-frontend-to-backend-egress",
      "homelab-apps-allow-frontend-to-backend-ingress",
      "homelab-apps-default-deny",
      "homelab-apps-dns-egress",
      "homelab-monitoring-default-deny",
      "homelab-monitoring-dns-egress",
      "homelab-monitoring-tailnet-k8s-grafana-ingress",
      "homelab-tailscale-default-deny",
      "homelab-tailscale-dns-egress",
      "homelab-tailscale-operator-apiserver-egress",
      "homelab-tailscale-operator-internet-egress",
      "homelab-tailscale-tailnet-k8s-grafana-egress",
    ]);
    for (const r of created.filter((c) => c.type !== "tailnet-zerotrust:index:ZeroTrustCluster")) {
      assert.equal(r.parent, "homelab", `${r.name} must be parented to the component`);
    }
  });

  it("keeps the OAuth credentials secret and out of Helm values", async () => {
    const { created } = await build();
    const secret = find(created, T.secret, "homelab-operator-oauth");
    assert.equal(secret.inputs.metadata.name, "operator-oauth");
    assert.equal(secret.inputs.metadata.namespace, "tailscale");
    assert.ok(isSecretInput(secret.inputs.stringData), "stringData must be secret");
    assert.deepEqual(unsecret(secret.inputs.stringData), {
      client_id: "client-id",
      client_secret: "client-secret",
    });
    const release = find(created, T.release, "homelab-operator");
    const values = unsecret(release.inputs.values);
    assert.equal(isSecretInput(release.inputs.values), false, "no secret reaches the values");
    assert.equal(values.oauth, undefined);
    assert.doesNotMatch(JSON.stringify(created.filter((r) => r.type !== T.secret)), /client-secret/);
  });

  it("pins the chart and writes the tag values with the types the chart expects", async () => {
    const spec = homelab();
    spec.operator!.proxyTags = ["tag:k8s", "tag:prod"];
    const { created } = await build(spec);
    const release = find(created, T.release, "homelab-operator");
    assert.equal(release.inputs.chart, "tailscale-operator");
    assert.equal(release.inputs.version, "1.102.3");
    assert.equal(release.inputs.name, "tailscale-operator");
    assert.equal(release.inputs.namespace, "tailscale");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://pkgs.tailscale.com/helmcharts" });
    assert.deepEqual(release.inputs.values.operatorConfig.defaultTags, ["tag:k8s-operator"]);
    assert.equal(release.inputs.values.proxyConfig.defaultTags, "tag:k8s,tag:prod");
  });

  it("merges helmValues over the computed values", async () => {
    const spec = homelab();
    spec.operator!.helmValues = {
      operatorConfig: { logging: "debug" },
      proxyConfig: { firewallMode: "nftables" },
    };
    const { created } = await build(spec);
    const values = find(created, T.release, "homelab-operator").inputs.values;
    assert.equal(values.operatorConfig.logging, "debug");
    assert.deepEqual(values.operatorConfig.defaultTags, ["tag:k8s-operator"]);
    assert.equal(values.proxyConfig.firewallMode, "nftables");
    assert.equal(values.proxyConfig.defaultTags, "tag:k8s");
  });

  it("labels the operator namespace privileged for the proxies", async () => {
    const { created } = await build();
    const ns = find(created, T.ns, "homelab-tailscale");
    assert.equal(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
    assert.equal(find(created, T.ns, "homelab-monitoring").inputs.metadata.labels.team, "obs");
  });

  it("orders allows before default-deny, the operator after its egress, Services after the operator", async () => {
    const { created } = await build();
    const deny = find(created, T.netpol, "homelab-apps-default-deny");
    assert.deepEqual([...deny.dependsOn].sort(), [
      "homelab-apps",
      "homelab-apps-allow-backend-to-db-egress",
      "homelab-apps-allow-frontend-to-backend-egress",
      "homelab-apps-allow-frontend-to-backend-ingress",
      "homelab-apps-dns-egress",
    ]);
    const release = find(created, T.release, "homelab-operator");
    for (const dep of [
      "homelab-tailscale",
      "homelab-operator-oauth",
      "homelab-tailscale-operator-internet-egress",
    ]) {
      assert.ok(release.dependsOn.includes(dep), `release must depend on ${dep}`);
    }
    const service = find(created, T.svc, "homelab-monitoring-grafana");
    for (const dep of [
      "homelab-operator",
      "homelab-monitoring",
      "homelab-monitoring-tailnet-k8s-grafana-ingress",
    ]) {
      assert.ok(service.dependsOn.includes(dep), `service must depend on ${dep}`);
    }
  });

  it("exposes the Service with the operator's annotations", async () => {
    const spec = homelab();
    spec.expose![0].tags = ["tag:k8s", "tag:grafana"];
    spec.expose![0].proxyClass = "small";
    const { created } = await build(spec);
    const service = find(created, T.svc, "homelab-monitoring-grafana");
    assert.deepEqual(service.inputs.metadata.annotations, {
      "tailscale.com/expose": "true",
      "tailscale.com/hostname": "k8s-grafana",
      "tailscale.com/tags": "tag:k8s,tag:grafana",
      "tailscale.com/proxy-class": "small",
    });
    assert.deepEqual(service.inputs.spec.selector, { app: "grafana" });
    assert.deepEqual(service.inputs.spec.ports, [{ port: 80, targetPort: 3000, protocol: "TCP" }]);
  });

  it("patches an existing Service instead of creating it", async () => {
    const spec = homelab();
    spec.expose![0].patchExisting = true;
    const { created } = await build(spec);
    assert.equal(created.filter((r) => r.type === T.svc).length, 0);
    const patch = find(created, T.svcPatch, "homelab-monitoring-grafana");
    assert.deepEqual(patch.inputs.spec, undefined);
    assert.equal(patch.inputs.metadata.annotations["tailscale.com/expose"], "true");
    assert.equal(patch.inputs.metadata.labels, undefined, "the Service's owner keeps its labels");
  });

  it("with install: false creates no operator objects but still isolates its namespace", async () => {
    const spec = homelab();
    spec.operator = { install: false, apiServer: { cidrs: ["192.168.1.10/32"] } };
    const { created } = await build(spec);
    assert.equal(created.filter((r) => r.type === T.release || r.type === T.secret).length, 0);
    assert.equal(created.filter((r) => r.name === "homelab-tailscale").length, 0);
    find(created, T.netpol, "homelab-tailscale-default-deny");
    const service = find(created, T.svc, "homelab-monitoring-grafana");
    assert.ok(!service.dependsOn.includes("homelab-operator"));
  });

  it("never creates an adopted namespace, and patches only its labels", async () => {
    const spec = homelab();
    spec.namespaces = { apps: { create: false }, monitoring: { create: false, labels: { team: "obs" } } };
    const { created } = await build(spec);
    assert.deepEqual(
      created.filter((r) => r.type === T.ns).map((r) => r.name),
      ["homelab-tailscale"],
    );
    const patch = find(created, T.nsPatch, "homelab-monitoring-labels");
    assert.deepEqual(patch.inputs.metadata, { name: "monitoring", labels: { team: "obs" } });
    find(created, T.netpol, "homelab-apps-default-deny");
  });

  it("exposes an HTTPS Ingress and a LoadBalancer Service", async () => {
    const spec = homelab();
    spec.expose!.push(
      {
        namespace: "apps",
        service: "web",
        podLabels: { app: "frontend" },
        ports: [{ port: 80 }],
        via: "ingress" as any,
      },
      {
        namespace: "apps",
        service: "api",
        podLabels: { app: "backend" },
        ports: [{ port: 8080 }],
        via: "loadBalancer" as any,
      },
    );
    const { created } = await build(spec);
    const ingress = find(created, T.ingress, "homelab-apps-web-ingress");
    assert.equal(ingress.inputs.spec.ingressClassName, "tailscale");
    assert.deepEqual(ingress.inputs.spec.tls, [{ hosts: ["apps-web"] }]);
    const web = find(created, T.svc, "homelab-apps-web");
    assert.equal(web.inputs.metadata.annotations, undefined, "the Ingress, not its Service, is exposed");
    const api = find(created, T.svc, "homelab-apps-api");
    assert.equal(api.inputs.spec.type, "LoadBalancer");
    assert.equal(api.inputs.spec.loadBalancerClass, "tailscale");
    const proxyRule = find(created, T.netpol, "homelab-apps-tailnet-apps-web-ingress").inputs.spec.ingress[0];
    assert.equal(proxyRule.from[0].podSelector.matchLabels["tailscale.com/parent-resource-type"], "ingress");
  });

  it("publishes sorted flows, hostnames and namespaces, none of them secret", async () => {
    const { component } = await build();
    const flows = await outputValue(component.flows);
    const kinds = flows.map((f) => f.split(" ")[0]);
    assert.deepEqual([...new Set(kinds)], ["declared", "proxy", "dns", "operator"]);
    for (const kind of new Set(kinds)) {
      const group = flows.filter((f) => f.startsWith(`${kind} `));
      assert.deepEqual(group, [...group].sort(), `${kind} flows are sorted`);
    }
    assert.equal(await pulumi.isSecret(component.flows), false);
    assert.ok(
      flows.includes("declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080"),
    );
    assert.ok(
      flows.includes(
        "proxy k8s-grafana: tailscale/proxy(monitoring/grafana) -> monitoring/app=grafana on TCP/3000",
      ),
    );
    assert.deepEqual(await outputValue(component.hostnames), {
      "monitoring/grafana": { hostname: "k8s-grafana", address: "k8s-grafana:80", url: "http://k8s-grafana" },
    });
    assert.deepEqual(await outputValue(component.namespaces), ["apps", "monitoring", "tailscale"]);
    assert.equal(await outputValue(component.operatorNamespace), "tailscale");
  });

  it("fails before registering anything when the input is invalid", async () => {
    const spec = homelab();
    spec.expose![0].hostname = "Grafana UI";
    await settle();
    const before = allCreated.length;
    assert.throws(
      () => new ZeroTrustCluster("bad", spec as any),
      (err: any) =>
        pulumi.InputPropertiesError.isInstance(err) &&
        err.errors[0].propertyPath === "expose[0].hostname" &&
        /"Grafana UI"/.test(err.message),
    );
    await settle();
    assert.equal(allCreated.length, before);
  });
});

describe("ZeroTrustCluster proof", () => {
  it("publishes flowsMarkdown with the policies the engine found for each flow", async () => {
    const { component } = await build();
    const markdown = await outputValue(component.flowsMarkdown);
    assert.match(
      markdown,
      /\| declared \| frontend-to-backend \| apps\/app=frontend \| apps\/app=backend \| TCP\/8080 \| egress: apps\/allow-frontend-to-backend-egress; ingress: apps\/allow-frontend-to-backend-ingress \|/,
    );
    assert.match(markdown, /```mermaid\nflowchart LR\n/);
  });

  it("admits the other namespaces' DNS when kube-system itself is under default-deny", async () => {
    // The proof would fail construction if the DNS flows lacked their ingress half in kube-system.
    const spec = homelab();
    spec.namespaces!["kube-system"] = { create: false, allowDns: true };
    const { created } = await build(spec);
    assert.ok(
      created.some((r) => r.name === "homelab-kube-system-dns-ingress"),
      "DNS ingress is planned",
    );
  });
});

describe("ZeroTrustCluster corner cases", () => {
  it("names several ports by protocol so 53/UDP and 53/TCP can coexist", async () => {
    const spec = homelab();
    spec.expose![0].ports = [{ port: 53 }, { port: 53, protocol: "UDP" }];
    const { created } = await build(spec);
    const service = find(created, T.svc, "homelab-monitoring-grafana");
    assert.deepEqual(
      service.inputs.spec.ports.map((p: any) => p.name),
      ["tcp-53", "udp-53"],
    );
  });

  it("points an Ingress at an existing Service without patching it", async () => {
    const spec = homelab();
    Object.assign(spec.expose![0], { via: "ingress", patchExisting: true });
    const { created } = await build(spec);
    assert.equal(created.filter((r) => r.type === T.svc || r.type === T.svcPatch).length, 0);
    const ingress = find(created, T.ingress, "homelab-monitoring-grafana-ingress");
    assert.ok(
      ingress.dependsOn.includes("homelab-operator"),
      "the Ingress carries the finalizer: after the operator",
    );
  });

  it("writes CIDRs in canonical form", async () => {
    const spec = homelab();
    spec.allow![1].to = { cidr: "2001:DB8:0:0::/32" };
    const { created } = await build(spec);
    const policy = find(created, T.netpol, "homelab-apps-allow-backend-to-db-egress");
    assert.deepEqual(policy.inputs.spec.egress[0].to, [{ ipBlock: { cidr: "2001:db8::/32" } }]);
  });
});
