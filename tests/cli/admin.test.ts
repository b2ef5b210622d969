import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, run } from "./run";

/** AdminNetworkPolicy and BaselineAdminNetworkPolicy through reach, verify --cluster and diff. */

const ADMIN = "tests/cli/fixtures/admin";
const HOMELAB = "examples/homelab/zerotrust.yaml";
const POLICIES = fs.readFileSync(path.join(ROOT, ADMIN, "policies.yaml"), "utf8");

/** A copy of the admin fixture folder with one textual change to its policies. */
function changedAdmin(from: string, to: string): string {
  const text = POLICIES.replace(from, to);
  assert.notEqual(text, POLICIES, `policies.yaml contains ${from}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-admin-"));
  fs.copyFileSync(path.join(ROOT, ADMIN, "cluster.yaml"), path.join(dir, "cluster.yaml"));
  fs.writeFileSync(path.join(dir, "policies.yaml"), text);
  return dir;
}

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-admin-")), name);
  fs.writeFileSync(file, text);
  return file;
}

const anpDoc = (name: string, priority: number, spec: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: ${name} }\nspec:\n  priority: ${priority}\n${spec}`;

describe("admin policies in the commands", () => {
  it("reach explains checks by tier and rule, and counts admin policies in the matrix", async () => {
    const checks = ["tenant-b/web -> tenant-a/web:8080", "tenant-a/db -> tenant-a/web:http"];
    const { code, stdout } = await run([
      "reach",
      "-f",
      ADMIN,
      ...checks.flatMap((c) => ["--check", c]),
      "-o",
      "json",
    ]);
    assert.equal(code, 0, stdout);
    const reasons = JSON.parse(stdout).checks.map((c: { reason: string }) => c.reason);
    assert.deepEqual(reasons, [
      'Denied tenant-b/web -> tenant-a/web:8080/TCP: ingress of tenant-a/web is denied by AdminNetworkPolicy tenant-a-isolation priority 20 rule "other-tenants" (ingress[1]).',
      'Denied tenant-a/db -> tenant-a/web:8080/TCP: AdminNetworkPolicy tenant-a-isolation priority 20 rule "same-tenant" (ingress[0]) passes ingress of tenant-a/web to NetworkPolicies: tenant-a/web is not isolated for ingress (no NetworkPolicy selects it), so BaselineAdminNetworkPolicy default rule "default-deny" (ingress[0]) denies it.',
    ]);
    const matrix = await run(["reach", "-f", ADMIN]);
    assert.match(matrix.stdout, /^6 pods, 1 policies \(and 3 admin policies\): 18 allowed and 12 denied/);
    assert.equal(matrix.stderr, "");
    const noNodes = await run([
      "reach",
      "-f",
      `${ADMIN}/policies.yaml`,
      "-f",
      "tests/reach/fixtures/shop.yaml",
    ]);
    assert.equal(noNodes.code, 0);
    assert.match(
      noNodes.stderr,
      /^note: read only in part 1 admin policy with nodes peers and no Node in the input: .*policies\.yaml: cluster-guardrails\n {2}the answer leaves out the nodes those peers select/,
    );
  });

  it("verify --cluster finds a declared flow an AdminNetworkPolicy denies, and a path one opens", async () => {
    const planned = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout;
    const live = [
      "--cluster",
      tempFile("planned.yaml", planned),
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
    ];
    const verifyWith = (anp: string) =>
      run(["verify", "-f", HOMELAB, ...live, "--cluster", tempFile("anp.yaml", anp), "-o", "json"]);
    const deny = anpDoc(
      "no-backend",
      5,
      "  subject: { namespaces: {} }\n  egress:\n    - name: backend\n      action: Deny\n      to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: backend } } } }]\n",
    );
    const denied = await verifyWith(deny);
    assert.equal(denied.code, 1, denied.stdout);
    const blocked = JSON.parse(denied.stdout).differences.find(
      (d: { from: string; to: string }) => d.from === "apps/frontend-1" && d.to === "apps/backend-1",
    );
    assert.match(
      blocked.reason,
      /denied by AdminNetworkPolicy no-backend priority 5 rule "backend" \(egress\[0\]\)/,
    );
    const allow = anpDoc(
      "open-apps",
      5,
      "  subject: { namespaces: {} }\n  ingress: [{ action: Allow, from: [{ namespaces: {} }] }]\n  egress: [{ action: Allow, to: [{ namespaces: {} }] }]\n",
    );
    const opened = await verifyWith(allow);
    assert.equal(opened.code, 1, opened.stdout);
    const undeclared = JSON.parse(opened.stdout).differences.filter(
      (d: { kind: string }) => d.kind === "undeclared",
    );
    assert.ok(undeclared.length > 0);
    assert.match(
      undeclared[0].reason,
      /allowed by AdminNetworkPolicy open-apps priority 5 rule (ingress|egress)\[0\]/,
    );
  });

  it("diff counts an AdminNetworkPolicy change that opens access, and exits 1", async () => {
    const passNodes = changedAdmin(
      "- name: deny-nodes\n      action: Deny",
      "- name: deny-nodes\n      action: Pass",
    );
    const { code, stdout } = await run(["diff", ADMIN, passNodes]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^Allowed connections: 6 open, 0 close/m);
    assert.match(
      stdout,
      /^opens +tenant-a\/app=web +kube-system\/app=node-exporter \(hostNetwork\) +any port$/m,
    );
    assert.match(
      stdout,
      /rule "deny-nodes" \(egress\[1\]\) passes egress of tenant-a\/web to NetworkPolicies/,
    );
    const closes = changedAdmin(
      "- name: allow-monitoring\n      action: Allow",
      "- name: allow-monitoring\n      action: Deny",
    );
    const closing = await run(["diff", ADMIN, closes]);
    assert.equal(closing.code, 0, closing.stdout);
    assert.match(closing.stdout, /closes .*monitoring.*tenant-a/);
  });
});
