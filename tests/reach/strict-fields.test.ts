import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCluster, type K8sObject, ReachInputError } from "../../sdk/reach";
import { run } from "../cli/run";
import { dataplane } from "../dataplane/helpers";
import { anp, banp, inNs, rule } from "./admin-helpers";
import { e2eObjects } from "./helpers";

/**
 * Unknown fields in the policy kinds read beside NetworkPolicies. `kubectl apply` (strict field
 * validation, the default since 1.27) refuses such an object, so a repository holding one cannot
 * produce the cluster it describes: the reader refuses it too, naming the file, the object, the
 * field path and the fix, instead of reading it as if the field were not there.
 */

const CNP_API = "policy.networking.k8s.io/v1alpha2";
const cnp = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: CNP_API,
  kind: "ClusterNetworkPolicy",
  metadata: { name: "web" },
  spec: { tier: "Admin", priority: 10, subject: inNs("x"), ...spec },
});

function refused(objects: K8sObject[], says: RegExp, dp = dataplane("upstream")) {
  assert.throws(
    () => buildCluster([...e2eObjects(), ...objects], "repo/policy.yaml", dp),
    (err: Error) => {
      assert.ok(err instanceof ReachInputError, String(err));
      assert.match(err.message, says);
      assert.match(err.message, /kubectl apply refuses the object \(strict field validation/);
      return true;
    },
  );
}

describe("reach: unknown fields in admin and Cilium policies are refused, as kubectl apply refuses them", () => {
  it("a v1alpha1 `ports` in a ClusterNetworkPolicy rule names the object, the path and `protocols`", () => {
    const ports = [{ portNumber: { protocol: "TCP", port: 80 } }];
    refused(
      [cnp({ ingress: [rule("Deny", "ingress", [inNs("y")], { ports })] })],
      /^repo\/policy\.yaml: ClusterNetworkPolicy web: spec\.ingress\[0\]\.ports: is not a field .*Fix: v1alpha2 names ports in `protocols`, e\.g\. protocols: \[\{tcp: \{destinationPort: \{number: 8080\}\}\}\]/,
    );
  });

  it("unknown fields at every level of a ClusterNetworkPolicy", () => {
    refused(
      [cnp({ action: "Deny" })],
      /spec\.action: is not a field .*the fields here: tier, priority, subject, ingress, egress/,
    );
    refused(
      [cnp({ egress: [rule("Accept", "egress", [inNs("y")], { from: [inNs("z")] })] })],
      /spec\.egress\[0\]\.from: .*an egress rule names its peers in `to`/,
    );
    refused(
      [
        cnp({
          ingress: [
            rule("Deny", "ingress", [inNs("y")], {
              protocols: [{ tcp: { destinationPort: { number: 80 }, port: 80 } }],
            }),
          ],
        }),
      ],
      /spec\.ingress\[0\]\.protocols\[0\]\.tcp\.port: is not a field/,
    );
    refused(
      [cnp({ subject: { pods: { namespaceSelector: {}, podSelector: { matchLabel: { app: "web" } } } } })],
      /spec\.subject\.pods\.podSelector\.matchLabel: is not a field .*matchLabels, matchExpressions/,
    );
  });

  it("AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1): `protocols`, `tier`, a baseline priority", () => {
    const protocols = [{ tcp: { destinationPort: { number: 80 } } }];
    refused(
      [anp("a", 10, { subject: inNs("x"), ingress: [rule("Deny", "ingress", [inNs("y")], { protocols })] })],
      /AdminNetworkPolicy a: spec\.ingress\[0\]\.protocols: .*Fix: v1alpha1 names ports in `ports`/,
    );
    refused([anp("a", 10, { subject: inNs("x"), tier: "Admin" })], /spec\.tier: .*v1alpha1 has no tier/);
    refused(
      [banp({ subject: inNs("x"), priority: 5 })],
      /BaselineAdminNetworkPolicy default: spec\.priority: .*has no priority/,
    );
    refused(
      [
        anp("a", 10, {
          subject: inNs("x"),
          ingress: [
            rule("Deny", "ingress", [inNs("y")], { ports: [{ portNumber: { port: 80, endPort: 90 } }] }),
          ],
        }),
      ],
      /spec\.ingress\[0\]\.ports\[0\]\.portNumber\.endPort: is not a field/,
    );
  });

  it("the same policies without the unknown field are read", () => {
    const ports = [{ portNumber: { protocol: "TCP", port: 80 } }];
    const protocols = [{ tcp: { destinationPort: { number: 80 } } }];
    const cluster = buildCluster([
      ...e2eObjects(),
      cnp({ ingress: [rule("Deny", "ingress", [inNs("y")], { protocols })] }),
      anp("a", 10, { subject: inNs("x"), ingress: [rule("Deny", "ingress", [inNs("y")], { ports })] }),
    ]);
    assert.equal(cluster.admin?.policies.length, 2);
  });

  it("a CiliumNetworkPolicy's unknown port field, and its L7 rules, are refused; endPort is read", () => {
    const cilium = (toPorts: unknown): K8sObject => ({
      apiVersion: "cilium.io/v2",
      kind: "CiliumNetworkPolicy",
      metadata: { name: "api", namespace: "x" },
      spec: { endpointSelector: {}, egress: [{ toEntities: ["world"], toPorts }] },
    });
    const onCilium = dataplane("cilium@1.16");
    refused(
      [cilium([{ ports: [{ port: "443", protocl: "TCP" }] }])],
      /CiliumNetworkPolicy x\/api: spec\.egress\[0\]\.toPorts\[0\]\.ports\[0\]\.protocl: is not a field .*port, endPort, protocol/,
      onCilium,
    );
    refused(
      [cilium([{ ports: [{ port: "443" }], sni: ["example.com"] }])],
      /spec\.egress\[0\]\.toPorts\[0\]\.sni: is not a field/,
      onCilium,
    );
    assert.throws(
      () =>
        buildCluster(
          [...e2eObjects(), cilium([{ ports: [{ port: "80" }], rules: { http: [{}] } }])],
          "c",
          onCilium,
        ),
      /toPorts\[0\]\.rules: is not read by this evaluator \(only ports\)/,
    );
    const read = buildCluster(
      [...e2eObjects(), cilium([{ ports: [{ port: "8000", endPort: 8010, protocol: "TCP" }] }])],
      "c",
      onCilium,
    );
    const egress = read.policies.find((p) => p.name === "api")?.egress?.[0];
    assert.deepEqual(egress?.ports, [{ protocol: "TCP", port: 8000, endPort: 8010 }]);
  });

  it("reach exits 2 on such a repository, naming the file, the object, the field and the fix", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strict-fields-"));
    fs.writeFileSync(
      path.join(dir, "cnp.yaml"),
      [
        "apiVersion: policy.networking.k8s.io/v1alpha2",
        "kind: ClusterNetworkPolicy",
        "metadata: {name: web}",
        "spec:",
        "  tier: Admin",
        "  priority: 10",
        "  subject: {namespaces: {}}",
        "  ingress:",
        "  - action: Deny",
        "    from: [{namespaces: {}}]",
        "    ports: [{portNumber: {protocol: TCP, port: 80}}]",
        "",
      ].join("\n"),
    );
    const { code, stderr } = await run(["reach", "-f", dir]);
    fs.rmSync(dir, { recursive: true });
    assert.equal(code, 2, stderr);
    assert.match(stderr, /cnp\.yaml: ClusterNetworkPolicy web: spec\.ingress\[0\]\.ports: is not a field/);
    assert.match(stderr, /Fix: v1alpha2 names ports in `protocols`/);
  });

  it("a NetworkPolicy's misspelt or misplaced fields are refused too, at every level", () => {
    const np = (spec: Record<string, unknown>): K8sObject => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "web", namespace: "x" },
      spec: { podSelector: {}, ...spec },
    });
    // Read as absent, each of these would open or close something else than the file says.
    refused([np({ policyType: ["Ingress"] })], /NetworkPolicy x\/web: spec\.policyType: is not a field/);
    refused(
      [np({ ingress: [{ to: [{ podSelector: {} }] }] })],
      /spec\.ingress\[0\]\.to: .*Fix: ingress rules name their peers in from/,
    );
    refused(
      [np({ egress: [{ to: [{ namespaceSelecter: {} }] }] })],
      /spec\.egress\[0\]\.to\[0\]\.namespaceSelecter: is not a field/,
    );
    refused(
      [np({ ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", exept: ["10.1.0.0/16"] } }] }] })],
      /spec\.ingress\[0\]\.from\[0\]\.ipBlock\.exept: is not a field/,
    );
    refused(
      [np({ ingress: [{ ports: [{ port: 80, endport: 90 }] }] })],
      /spec\.ingress\[0\]\.ports\[0\]\.endport: is not a field/,
    );
    refused(
      [np({ podSelector: { matchLabel: { app: "web" } } })],
      /spec\.podSelector\.matchLabel: is not a field/,
    );
    // Spelt right, the same policy is read.
    const cluster = buildCluster(
      [
        ...e2eObjects(),
        np({
          ingress: [
            {
              from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
              ports: [{ port: 80, endPort: 90 }],
            },
          ],
        }),
      ],
      "repo/policy.yaml",
      dataplane("upstream"),
    );
    assert.ok(cluster.policies.some((p) => p.key === "x/web"));
  });
});
