import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, run } from "./run";

/** ClusterNetworkPolicy (v1alpha2) through reach, verify --cluster and diff, next to the v1alpha1 fixture. */

const ADMIN = "tests/cli/fixtures/admin";
const CNP = "tests/cli/fixtures/cnp/policies.yaml";
const HOMELAB = "examples/homelab/zerotrust.yaml";

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cnp-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe("ClusterNetworkPolicy in the commands", () => {
  it("reach answers as with the v1alpha1 kinds, naming the tier and the written action", async () => {
    const v1alpha1 = await run(["reach", "-f", ADMIN]);
    const v1alpha2 = await run(["reach", "-f", `${ADMIN}/cluster.yaml`, "-f", CNP]);
    assert.equal(v1alpha2.code, 0, v1alpha2.stderr);
    assert.match(v1alpha2.stdout, /^6 pods, 1 policies \(and 3 admin policies\): 18 allowed and 12 denied/);
    assert.equal(v1alpha2.stdout, v1alpha1.stdout, "the same matrix, line for line");
    const check = await run([
      "reach",
      "-f",
      `${ADMIN}/cluster.yaml`,
      "-f",
      CNP,
      "--check",
      "tenant-b/web -> tenant-a/web:8080",
      "-o",
      "json",
    ]);
    assert.match(
      JSON.parse(check.stdout).checks[0].reason,
      /denied by ClusterNetworkPolicy tenant-a-isolation \(Admin tier, Deny\) priority 20 rule "other-tenants" \(ingress\[1\]\)/,
    );
  });

  it("verify --cluster finds a declared flow an Admin-tier ClusterNetworkPolicy denies", async () => {
    const planned = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout;
    const deny = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: no-backend }\nspec:\n  tier: Admin\n  priority: 5\n  subject: { namespaces: {} }\n  egress:\n    - name: backend\n      action: Deny\n      to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: backend } } } }]\n`;
    const denied = await run([
      "verify",
      "-f",
      HOMELAB,
      "--cluster",
      tempFile("planned.yaml", planned),
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
      "--cluster",
      tempFile("cnp.yaml", deny),
      "-o",
      "json",
    ]);
    assert.equal(denied.code, 1, denied.stdout);
    const blocked = JSON.parse(denied.stdout).differences.find(
      (d: { from: string; to: string }) => d.from === "apps/frontend-1" && d.to === "apps/backend-1",
    );
    assert.match(
      blocked.reason,
      /denied by ClusterNetworkPolicy no-backend \(Admin tier, Deny\) priority 5 rule "backend"/,
    );
  });

  it("diff counts a ClusterNetworkPolicy change that opens access", async () => {
    const text = fs.readFileSync(path.join(ROOT, CNP), "utf8");
    const passNodes = text.replace(
      "- name: deny-nodes\n      action: Deny",
      "- name: deny-nodes\n      action: Pass",
    );
    assert.notEqual(passNodes, text);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cnp-"));
    fs.copyFileSync(path.join(ROOT, ADMIN, "cluster.yaml"), path.join(dir, "cluster.yaml"));
    fs.writeFileSync(path.join(dir, "policies.yaml"), passNodes);
    const before = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cnp-"));
    fs.copyFileSync(path.join(ROOT, ADMIN, "cluster.yaml"), path.join(before, "cluster.yaml"));
    fs.copyFileSync(path.join(ROOT, CNP), path.join(before, "policies.yaml"));
    const { code, stdout } = await run(["diff", before, dir]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^Allowed connections: 6 open, 0 close/m);
  });

  it("verify --cluster refuses a ClusterNetworkPolicy with an unknown field (exit 2), as reach does", async () => {
    const planned = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout;
    const typo = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: no-backend }\nspec:\n  tier: Admin\n  priority: 5\n  subject: { namespaces: {} }\n  egress:\n    - name: backend\n      action: Deny\n      too: [{ namespaces: {} }]\n`;
    const cluster = [
      "--cluster",
      tempFile("planned.yaml", planned),
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
    ];
    const refused = await run(["verify", "-f", HOMELAB, ...cluster, "--cluster", tempFile("cnp.yaml", typo)]);
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stderr, /ClusterNetworkPolicy no-backend: spec\.egress\[0\]\.too: is not a field/);
    const reach = await run(["reach", "-f", `${ADMIN}/cluster.yaml`, "-f", tempFile("cnp.yaml", typo)]);
    assert.equal(reach.code, 2, "reach refuses it too");
    const fixed = await run([
      "verify",
      "-f",
      HOMELAB,
      ...cluster,
      "--cluster",
      tempFile("cnp.yaml", typo.replace("too:", "to:")),
    ]);
    assert.equal(fixed.code, 1, "without the typo it is read, and its Deny breaks a declared flow");
  });
});
