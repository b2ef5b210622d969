import assert from "node:assert/strict";
import { policies } from "../../sdk/policy";
import { asStack, runStack, UNKNOWN, urnOf } from "./harness";
import { defaultDeny, dnsEgress, homelabStack, namespace, netpol } from "./stack";

describe("the component's own plan under every policy", () => {
  it("passes every rule, mandatory and advisory, with nothing left unchecked", async () => {
    const stack = homelabStack();
    const { runResource } = await import("./harness");
    for (const p of policies) {
      if ("validateStack" in p) {
        assert.deepEqual(await runStack(p.name, stack), { violations: [], advisories: [] }, p.name);
      } else {
        for (const r of stack) {
          const out = await runResource(p.name, r);
          assert.deepEqual(out, { violations: [], advisories: [] }, `${p.name} on ${r.name}`);
        }
      }
    }
  });
});

describe("policy namespace-default-deny (judged by the reachability engine)", () => {
  it("passes a namespace under default-deny with named flows", async () => {
    const out = await runStack(
      "namespace-default-deny",
      asStack([namespace("shop"), defaultDeny("shop"), dnsEgress("shop")]),
    );
    assert.deepEqual(out, { violations: [], advisories: [] });
  });

  it("reports a namespace without policies, on the Namespace's URN", async () => {
    const stack = asStack([namespace("shop")]);
    const out = await runStack("namespace-default-deny", stack);
    assert.equal(out.violations.length, 1);
    assert.equal(out.violations[0].urn, urnOf(stack[0]));
    assert.match(
      out.violations[0].message,
      /^Namespace shop is not under default-deny: a pod with no labels in it is open to ingress from a pod of another namespace/,
    );
  });

  it("is defeated by an allow-all beside the default-deny (an existence check would pass it)", async () => {
    const allowAll = netpol("shop", "allow-all-egress", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{}],
    });
    const out = await runStack(
      "namespace-default-deny",
      asStack([namespace("shop"), defaultDeny("shop"), allowAll]),
    );
    assert.equal(out.violations.length, 1);
    assert.match(out.violations[0].message, /egress to a pod of another namespace .*allow-all-egress/);
    assert.doesNotMatch(out.violations[0].message, /ingress from/);
    const relaxed = await runStack(
      "namespace-default-deny",
      asStack([namespace("shop"), defaultDeny("shop"), allowAll]),
      { requireEgress: false },
    );
    assert.deepEqual(relaxed.violations, []);
  });

  it("counts admin tiers: a BaselineAdminNetworkPolicy deny holds, an AdminNetworkPolicy allow-all defeats", async () => {
    const banp = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "BaselineAdminNetworkPolicy",
      metadata: { name: "default" },
      spec: {
        subject: { namespaces: {} },
        ingress: [{ name: "deny", action: "Deny", from: [{ namespaces: {} }] }],
        egress: [
          { name: "deny", action: "Deny", to: [{ namespaces: {} }, { networks: ["0.0.0.0/0", "::/0"] }] },
        ],
      },
    };
    const held = await runStack("namespace-default-deny", asStack([namespace("shop"), banp]));
    // Ingress from the internet is not an admin-tier peer: only a NetworkPolicy isolates it.
    assert.equal(held.violations.length, 1);
    assert.match(held.violations[0].message, /open to ingress from the internet/);
    assert.doesNotMatch(held.violations[0].message, /another namespace|egress to/);
    const anp = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "AdminNetworkPolicy",
      metadata: { name: "open" },
      spec: {
        priority: 10,
        subject: { namespaces: {} },
        ingress: [{ name: "all", action: "Allow", from: [{ namespaces: {} }] }],
      },
    };
    const out = await runStack(
      "namespace-default-deny",
      asStack([namespace("shop"), defaultDeny("shop"), anp]),
    );
    assert.match(out.violations[0].message, /ingress from a pod of another namespace/);
  });

  it("matches a NetworkPolicy to an auto-named Namespace through its property dependencies", async () => {
    const ns = {
      name: "shop-ns",
      props: { apiVersion: "v1", kind: "Namespace", metadata: { name: UNKNOWN } },
    };
    const deny = {
      name: "deny",
      metadataFrom: "shop-ns",
      props: { ...defaultDeny("x"), metadata: { name: "default-deny", namespace: UNKNOWN } },
    };
    assert.deepEqual(await runStack("namespace-default-deny", [ns, deny]), {
      violations: [],
      advisories: [],
    });
    const alone = await runStack("namespace-default-deny", [ns]);
    assert.match(alone.violations[0].message, /^Namespace shop-ns \(auto-named\) is not under default-deny/);
  });

  it("says it cannot check until update when a policy's namespace is unknown and nothing provides it", async () => {
    const deny = {
      name: "deny",
      props: { ...defaultDeny("x"), metadata: { name: "default-deny", namespace: UNKNOWN } },
    };
    const out = await runStack("namespace-default-deny", [...asStack([namespace("shop")]), deny]);
    assert.deepEqual(out.violations, []);
    assert.match(
      out.advisories[0],
      /cannot check until update: namespace shop: the namespace of NetworkPolicy <unknown>\/default-deny is unknown until the update/,
    );
  });

  it("says it cannot check a namespace whose policy has an unknown selector", async () => {
    const p = netpol("shop", "web", { podSelector: { matchLabels: { app: UNKNOWN } }, ingress: [{}] });
    const out = await runStack(
      "namespace-default-deny",
      asStack([namespace("shop"), defaultDeny("shop"), p]),
    );
    assert.deepEqual(out.violations, []);
    assert.match(
      out.advisories[0],
      /NetworkPolicy shop\/web: spec\.podSelector\.matchLabels\.app is unknown/,
    );
  });

  it("checks children of a yaml/v2 ConfigGroup and a Helm v4 Chart as the resources they are", async () => {
    const group = {
      name: "manifests",
      type: "kubernetes:yaml/v2:ConfigGroup",
      props: { files: ["shop.yaml"] },
    };
    const chart = { name: "app", type: "kubernetes:helm.sh/v4:Chart", props: { chart: "app", values: {} } };
    const children = asStack([
      namespace("shop"),
      netpol("shop", "allow-all", { podSelector: {}, ingress: [{}] }),
    ]);
    const out = await runStack("namespace-default-deny", [group, chart, ...children]);
    assert.equal(out.violations.length, 1);
    assert.equal(out.violations[0].urn, urnOf(children[0]));
  });

  it("leaves exempt namespaces alone", async () => {
    const out = await runStack(
      "namespace-default-deny",
      asStack([namespace("kube-system"), namespace("shop")]),
      { exemptNamespaces: ["kube-system", "shop"] },
    );
    assert.deepEqual(out.violations, []);
  });
});

describe("policy dns-reachable", () => {
  it("passes the component's DNS egress (UDP and TCP 53 to the kube-dns pods)", async () => {
    const out = await runStack(
      "dns-reachable",
      asStack([namespace("shop"), defaultDeny("shop"), dnsEgress("shop")]),
    );
    assert.deepEqual(out, { violations: [], advisories: [] });
  });

  it("reports default-deny egress without DNS, naming both protocols", async () => {
    const out = await runStack("dns-reachable", asStack([namespace("shop"), defaultDeny("shop")]));
    assert.match(
      out.violations[0].message,
      /^Namespace shop denies egress by default, but its pods cannot reach cluster DNS \(kube-system pods k8s-app: kube-dns\): UDP 53 is denied .*; TCP 53 is denied/,
    );
  });

  it("judges the workloads of the state by their own labels: per-app egress policies need DNS too", async () => {
    const web = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web" }] } },
      },
    };
    // Online Boutique's style: each app's policy denies its egress but UDP 53.
    const own = netpol("shop", "web", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [{ protocol: "UDP", port: 53 }],
        },
      ],
    });
    const out = await runStack("dns-reachable", asStack([namespace("shop"), web, own]));
    assert.equal(out.violations.length, 1);
    assert.match(
      out.violations[0].message,
      /^Deployment shop\/web: its pods' egress is denied by default, but they cannot reach cluster DNS .*: TCP 53 is denied/,
    );
    const unknown = {
      ...web,
      spec: { ...web.spec, template: { metadata: { labels: { app: UNKNOWN } }, spec: {} } },
    };
    const later = await runStack("dns-reachable", asStack([namespace("shop"), unknown, own]));
    assert.deepEqual(later.violations, []);
    assert.match(
      later.advisories[0],
      /Deployment shop\/web: spec\.template\.metadata\.labels\.app is unknown until the update/,
    );
  });

  it("does not judge namespaces whose egress is open", async () => {
    const ingressOnly = netpol("shop", "deny-in", { podSelector: {}, policyTypes: ["Ingress"] });
    assert.deepEqual(
      (await runStack("dns-reachable", asStack([namespace("shop"), ingressOnly]))).violations,
      [],
    );
  });

  it("accepts node-local DNS when configured, on both protocols", async () => {
    const local = netpol("shop", "node-local-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "169.254.20.10/32" } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    const stack = asStack([namespace("shop"), defaultDeny("shop"), local]);
    assert.equal((await runStack("dns-reachable", stack)).violations.length, 1);
    assert.deepEqual(
      (await runStack("dns-reachable", stack, { nodeLocalDnsAddresses: ["169.254.20.10"] })).violations,
      [],
    );
  });
});

describe("policy operator-isolated", () => {
  it("reports an operator namespace whose egress is open beyond what the operator needs", async () => {
    const open = netpol("tailscale", "egress-all", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }],
    });
    const out = await runStack(
      "operator-isolated",
      asStack([namespace("tailscale"), defaultDeny("tailscale"), dnsEgress("tailscale"), open]),
    );
    assert.equal(out.violations.length, 1);
    assert.match(
      out.violations[0].message,
      /^Namespace tailscale, the Tailscale operator's namespace, is not isolated: .*tailscale\/tzt-probe-operator -> 203\.0\.113\.7:\d+\/TCP/,
    );
  });

  it("reports an operator namespace without default-deny", async () => {
    const out = await runStack("operator-isolated", asStack([namespace("tailscale")]));
    assert.match(out.violations[0].message, /ingress from a pod of another namespace/);
  });

  it("is silent when the stack has no operator namespace, and follows operatorNamespace", async () => {
    assert.deepEqual(await runStack("operator-isolated", asStack([namespace("shop")])), {
      violations: [],
      advisories: [],
    });
    const out = await runStack("operator-isolated", asStack([namespace("shop")]), {
      operatorNamespace: "shop",
    });
    assert.equal(out.violations.length, 1);
  });
});
