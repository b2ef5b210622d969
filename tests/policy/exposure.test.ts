import assert from "node:assert/strict";
import { runResource, UNKNOWN } from "./harness";

const service = (spec: Record<string, any>, annotations?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "shop", ...(annotations ? { annotations } : {}) },
  spec: { selector: { app: "web" }, ports: [{ port: 80 }], ...spec },
});
const ingress = (spec: Record<string, any>, annotations?: Record<string, string>) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: "web", namespace: "shop", ...(annotations ? { annotations } : {}) },
  spec: { defaultBackend: { service: { name: "web", port: { number: 80 } } }, ...spec },
});

describe("policy no-public-service", () => {
  it("passes a ClusterIP Service and a tailscale LoadBalancer", async () => {
    for (const spec of [
      {},
      { type: "ClusterIP" },
      { type: "LoadBalancer", loadBalancerClass: "tailscale" },
    ]) {
      const out = await runResource("no-public-service", { props: service(spec) });
      assert.deepEqual(out, { violations: [], advisories: [] }, JSON.stringify(spec));
    }
  });

  it("reports a cloud LoadBalancer, a NodePort and externalIPs, naming the Service and the fix", async () => {
    const lb = await runResource("no-public-service", { props: service({ type: "LoadBalancer" }) });
    assert.equal(lb.violations.length, 1);
    assert.match(
      lb.violations[0].message,
      /^Service shop\/web is of type LoadBalancer with no loadBalancerClass/,
    );
    assert.match(lb.violations[0].message, /loadBalancerClass: tailscale/);
    const other = await runResource("no-public-service", {
      props: service({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" }),
    });
    assert.match(other.violations[0].message, /loadBalancerClass "service\.k8s\.aws\/nlb"/);
    const np = await runResource("no-public-service", { props: service({ type: "NodePort" }) });
    assert.match(np.violations[0].message, /type NodePort/);
    const ext = await runResource("no-public-service", { props: service({ externalIPs: ["198.51.100.1"] }) });
    assert.match(ext.violations[0].message, /spec\.externalIPs \(1 address\)/);
  });

  it("checks ServicePatch resources as Services", async () => {
    const out = await runResource("no-public-service", {
      type: "kubernetes:core/v1:ServicePatch",
      props: service({ type: "NodePort" }),
    });
    assert.equal(out.violations.length, 1);
  });

  it("follows the config: an allow-list entry and another load balancer class", async () => {
    const props = service({ type: "LoadBalancer", loadBalancerClass: "internal" });
    assert.equal(
      (await runResource("no-public-service", { props }, { allow: ["shop/*"] })).violations.length,
      0,
    );
    const classes = { allowedLoadBalancerClasses: ["internal"] };
    assert.equal((await runResource("no-public-service", { props }, classes)).violations.length, 0);
    assert.equal(
      (await runResource("no-public-service", { props }, { allow: ["other/web"] })).violations.length,
      1,
    );
  });

  it("says it cannot check an unknown type until the update instead of passing", async () => {
    const out = await runResource("no-public-service", { props: service({ type: UNKNOWN }) });
    assert.deepEqual(out.violations, []);
    assert.equal(out.advisories.length, 1);
    assert.match(out.advisories[0], /cannot check until update: Service shop\/web: spec\.type is unknown/);
  });

  it("cannot match an allow-list against a name unknown at preview: unchecked, not passed", async () => {
    const props = { ...service({ type: "NodePort" }), metadata: { name: UNKNOWN, namespace: "shop" } };
    const out = await runResource("no-public-service", { props, name: "web" }, { allow: ["shop/web"] });
    assert.deepEqual(out.violations, []);
    assert.match(out.advisories[0], /allow-list cannot be matched/);
    // Without an allow-list the name does not matter: the violation stands.
    const strict = await runResource("no-public-service", { props, name: "web" });
    assert.equal(strict.violations.length, 1);
    assert.match(strict.violations[0].message, /^Service shop\/web \(auto-named\)|^Service shop\/<unknown/);
  });
});

describe("policy no-public-ingress", () => {
  it("passes a tailscale Ingress, also by the legacy annotation", async () => {
    assert.equal(
      (await runResource("no-public-ingress", { props: ingress({ ingressClassName: "tailscale" }) }))
        .violations.length,
      0,
    );
    const legacy = ingress({}, { "kubernetes.io/ingress.class": "tailscale" });
    assert.equal((await runResource("no-public-ingress", { props: legacy })).violations.length, 0);
  });

  it("reports another class and a missing class (the default class serves it)", async () => {
    const nginx = await runResource("no-public-ingress", { props: ingress({ ingressClassName: "nginx" }) });
    assert.match(nginx.violations[0].message, /^Ingress shop\/web has IngressClass "nginx"/);
    const none = await runResource("no-public-ingress", { props: ingress({}) });
    assert.match(none.violations[0].message, /no ingressClassName/);
  });

  it("follows the config: internal classes and the allow-list", async () => {
    const props = ingress({ ingressClassName: "internal-nginx" });
    assert.equal(
      (await runResource("no-public-ingress", { props }, { ingressClasses: ["tailscale", "internal-nginx"] }))
        .violations.length,
      0,
    );
    assert.equal(
      (await runResource("no-public-ingress", { props }, { allow: ["shop/web"] })).violations.length,
      0,
    );
  });

  it("reports an unknown class as unchecked", async () => {
    const out = await runResource("no-public-ingress", { props: ingress({ ingressClassName: UNKNOWN }) });
    assert.deepEqual(out.violations, []);
    assert.match(out.advisories[0], /IngressClass \(spec\.ingressClassName\) is unknown/);
  });
});

describe("policy no-funnel", () => {
  const funnel = ingress({ ingressClassName: "tailscale" }, { "tailscale.com/funnel": "true" });

  it("reports a Funnel Ingress and a Service with the annotation", async () => {
    const out = await runResource("no-funnel", { props: funnel });
    assert.match(
      out.violations[0].message,
      /^Ingress shop\/web has the annotation tailscale\.com\/funnel: "true"/,
    );
    const svc = await runResource("no-funnel", { props: service({}, { "tailscale.com/funnel": "true" }) });
    assert.equal(svc.violations.length, 1);
  });

  it("passes without the annotation, with it false, or allowed", async () => {
    assert.equal(
      (await runResource("no-funnel", { props: ingress({ ingressClassName: "tailscale" }) })).violations
        .length,
      0,
    );
    const off = ingress({}, { "tailscale.com/funnel": "false" });
    assert.equal((await runResource("no-funnel", { props: off })).violations.length, 0);
    assert.equal(
      (await runResource("no-funnel", { props: funnel }, { allow: ["shop/web"] })).violations.length,
      0,
    );
  });

  it("remediates by removing the annotation, and only the annotation", async () => {
    const { policy } = await import("./harness");
    const p = policy("no-funnel");
    const { unknownCheckingProxy } = await import("@pulumi/policy");
    const args: any = {
      type: "kubernetes:networking.k8s.io/v1:Ingress",
      props: unknownCheckingProxy(funnel),
      name: "web",
      getConfig: () => ({}),
    };
    const fixed = await p.remediateResource!(args);
    assert.deepEqual(fixed, { ...funnel, metadata: { ...funnel.metadata, annotations: {} } });
    const allowed = { ...args, getConfig: () => ({ allow: ["shop/web"] }) };
    assert.equal(await p.remediateResource!(allowed), undefined);
  });

  it("reports unknown annotations as unchecked", async () => {
    const props = { ...funnel, metadata: { ...funnel.metadata, annotations: UNKNOWN } };
    const out = await runResource("no-funnel", { props });
    assert.match(out.advisories[0], /annotations \(metadata\.annotations\) are unknown/);
  });
});
