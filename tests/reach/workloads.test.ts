import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readObjectFiles } from "../../sdk/cli/files";
import {
  buildCluster,
  buildClusterFromSources,
  type K8sObject,
  ReachabilityEngine,
  ReachInputError,
  unmodelledObjects,
} from "../../sdk/reach";
import { np, ns, pod } from "./helpers";

/** What the loader reads: workloads as pods named by their owner, unmodelled kinds named, selectors validated. */

const FIXTURES = path.join(__dirname, "inputs");

describe("reach: workloads are pods from their templates", () => {
  const cluster = buildClusterFromSources(readObjectFiles(["workloads/manifests.yaml"], FIXTURES));

  it("reads every workload kind as one pod named by its owner, with the template's labels and ports", () => {
    assert.deepEqual(
      cluster.pods.map((p) => p.key),
      [
        "shop/deployment/web",
        "shop/statefulset/db",
        "default/daemonset/agent",
        "shop/replicaset/cache",
        "shop/replicationcontroller/legacy",
        "shop/job/migrate",
        "shop/cronjob/report",
      ],
    );
    const web = cluster.podsByKey.get("shop/deployment/web")!;
    assert.deepEqual(web.labels, { app: "web" });
    assert.deepEqual(web.ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
    assert.deepEqual(web.workload, { kind: "Deployment", name: "web" });
    assert.equal(cluster.podsByKey.get("default/daemonset/agent")!.hostNetwork, true);
    assert.ok(cluster.namespaces.has("shop"), "namespaces referenced by workloads exist");
  });

  it("evaluates them like pods, in checks written with the owner's name", () => {
    const engine = new ReachabilityEngine(cluster);
    const check = (text: string) =>
      engine.check({
        from: { pod: text.split(" ")[0] },
        to: { pod: text.split(" ")[1] },
        port: 5432,
        protocol: "TCP",
      });
    assert.equal(check("shop/deployment/web shop/statefulset/db").allowed, true);
    assert.equal(check("shop/job/migrate shop/statefulset/db").allowed, false);
  });

  it("does not count a workload twice when its Pods or its owner are in the input too", () => {
    const owned = (kind: string, name: string) => [{ kind, name, controller: true }];
    const rs: K8sObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web-5d4f", namespace: "shop", ownerReferences: owned("Deployment", "web") },
      spec: { template: { metadata: { labels: { app: "web" } }, spec: {} } },
    };
    const deployment: K8sObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop" },
      spec: { template: { metadata: { labels: { app: "web" } }, spec: {} } },
    };
    const livePod = pod("shop/web-5d4f-x2", { app: "web" });
    livePod.metadata!.ownerReferences = owned("ReplicaSet", "web-5d4f");
    const keys = (objects: K8sObject[]) => buildCluster(objects).pods.map((p) => p.key);
    assert.deepEqual(
      keys([deployment, rs, livePod]),
      ["shop/web-5d4f-x2"],
      "kubectl get all: the Pods count",
    );
    assert.deepEqual(keys([deployment, rs]), ["shop/deployment/web"], "the owner stands for its ReplicaSet");
    assert.deepEqual(keys([rs]), ["shop/replicaset/web-5d4f"], "a ReplicaSet whose owner is absent");
  });

  it("refuses a workload without a template, naming it", () => {
    assert.throws(
      () =>
        buildCluster([
          { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "r", namespace: "x" }, spec: {} },
        ]),
      (err: Error) =>
        err instanceof ReachInputError &&
        /CronJob x\/r: spec\.jobTemplate\.spec\.template: is required/.test(err.message),
    );
  });
});

describe("reach: kinds that change reachability but are not modelled", () => {
  it("are named with what the answer leaves out, and never read as NetworkPolicies", () => {
    const objects: K8sObject[] = [
      { apiVersion: "cilium.io/v2", kind: "CiliumNetworkPolicy", metadata: { name: "c", namespace: "shop" } },
      { apiVersion: "cilium.io/v2", kind: "CiliumClusterwideNetworkPolicy", metadata: { name: "cw" } },
      {
        apiVersion: "projectcalico.org/v3",
        kind: "NetworkPolicy",
        metadata: { name: "k", namespace: "shop" },
        spec: { selector: "app == 'db'" },
      },
      { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "g" } },
      {
        apiVersion: "policy.networking.k8s.io/v1alpha1",
        kind: "AdminNetworkPolicy",
        metadata: { name: "a" },
        spec: { priority: 1, subject: { namespaces: {} } },
      },
      {
        apiVersion: "policy.networking.k8s.io/v1alpha1",
        kind: "BaselineAdminNetworkPolicy",
        metadata: { name: "default" },
        spec: { subject: { namespaces: {} } },
      },
      { metadata: { name: "no-kind" }, spec: {} } as K8sObject,
      { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" } },
      np("shop/real", {}),
    ];
    const skipped = unmodelledObjects([{ source: "repo.yaml", objects }]);
    assert.deepEqual(
      skipped.map((s) => [s.what, s.objects]),
      [
        ["CiliumNetworkPolicy (cilium.io)", ["repo.yaml: shop/c"]],
        ["CiliumClusterwideNetworkPolicy (cilium.io)", ["repo.yaml: cw"]],
        ["NetworkPolicy (projectcalico.org)", ["repo.yaml: shop/k"]],
        ["GlobalNetworkPolicy (projectcalico.org)", ["repo.yaml: g"]],
        ["document without kind", ["repo.yaml: no-kind"]],
      ],
    );
    assert.match(skipped[0].leavesOut, /Cilium's own policies/);
    assert.deepEqual(
      buildCluster(objects).policies.map((p) => p.key),
      ["shop/real"],
      "Calico's NetworkPolicy is not read as Kubernetes'",
    );
  });
});

describe("reach: selectors and labels the API server refuses", () => {
  const refused = (file: string, message: RegExp) =>
    assert.throws(
      () => buildClusterFromSources(readObjectFiles([file], path.join(__dirname, "bad"))),
      (err: Error) => message.test(err.message),
      message.source,
    );

  it("refuses a label key like app@b and a value like $backendservice, naming the object (np-guard bad_netpols)", () => {
    refused(
      "bad-label-key.yaml",
      /bad-label-key\.yaml: NetworkPolicy shop\/shipping: spec\.ingress\[0\]\.from\[0\]\.podSelector\.matchLabels: invalid label key "app@b": its name part must be/,
    );
    refused(
      "bad-label-value.yaml",
      /bad-label-value\.yaml: NetworkPolicy shop\/backend: spec\.podSelector\.matchLabels\.app: invalid label value "\$backendservice"/,
    );
  });

  it("follows the API server's rules for keys, values and expressions", () => {
    const accepts = (selector: unknown) => buildCluster([np("x/p", { podSelector: selector })]);
    const rejects = (selector: unknown, message: RegExp) =>
      assert.throws(() => accepts(selector), message, JSON.stringify(selector));
    accepts({ matchLabels: { "app.kubernetes.io/name": "web", "a_b.C-1": "", k: "Web_1.x-2" } });
    rejects({ matchLabels: { "Example.com/name": "x" } }, /its prefix must be a lowercase DNS subdomain/);
    rejects({ matchLabels: { "/name": "x" } }, /invalid label key "\/name"/);
    rejects({ matchLabels: { "a/b/c": "x" } }, /invalid label key "a\/b\/c"/);
    rejects({ matchLabels: { [`${"k".repeat(64)}`]: "x" } }, /its name part must be at most 63/);
    rejects({ matchLabels: { app: "-web" } }, /invalid label value "-web"/);
    rejects({ matchLabels: { app: "v".repeat(64) } }, /invalid label value/);
    rejects(
      { matchExpressions: [{ key: "app@b", operator: "Exists" }] },
      /matchExpressions\[0\]\.key: invalid label key/,
    );
    rejects(
      { matchExpressions: [{ key: "app", operator: "In", values: ["ok", "$bad"] }] },
      /matchExpressions\[0\]\.values\[1\]: invalid label value "\$bad"/,
    );
    assert.throws(
      () => buildCluster([ns("x"), pod("x/a", { "app@b": "1" })]),
      /Pod x\/a: metadata\.labels: invalid label key "app@b"/,
    );
  });
});
