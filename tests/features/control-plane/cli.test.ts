import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { parseHujson } from "../../../sdk/tailnet";
import { ROOT, run } from "../../cli/run";

const HOMELAB = "examples/homelab/zerotrust.yaml";
const HOMELAB_TEXT = fs.readFileSync(path.join(ROOT, HOMELAB), "utf8");
const SRE_LINE = "group:sre -> tailscale-operator (impersonating sre) -> ClusterRole view (cluster)";

/** The homelab args with one textual change to its apiServerProxy, in a temp file. */
function changed(from: string, to: string): string {
  const text = HOMELAB_TEXT.replace(from, to);
  assert.notEqual(text, HOMELAB_TEXT, `the homelab args contain ${from}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-cp-"));
  fs.writeFileSync(path.join(dir, "zerotrust.yaml"), text);
  return path.join(dir, "zerotrust.yaml");
}

describe("tailnet-zerotrust and the API server proxy", () => {
  it("plan -o access prints who can do what, and the kubeconfig command on stderr", async () => {
    const { code, stdout, stderr } = await run(["plan", "-f", HOMELAB, "-o", "access"]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `${SRE_LINE}\n`);
    assert.match(stderr, /^kubeconfig: tailscale configure kubeconfig tailscale-operator$/m);
    const json = JSON.parse((await run(["plan", "-f", HOMELAB, "-o", "json"])).stdout);
    assert.deepEqual(json.access, [SRE_LINE]);
  });

  it("plan -o yaml renders the ClusterRoleBinding, and -o tailnet the grant with the capability", async () => {
    const docs = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout
      .split(/^---\n/m)
      .map((d) => parse(d))
      .filter(Boolean);
    const crb = docs.find((d) => d.kind === "ClusterRoleBinding");
    assert.equal(crb.metadata.name, "tailnet-sre-view");
    assert.deepEqual(crb.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "view",
    });
    const policy = parseHujson((await run(["plan", "-f", HOMELAB, "-o", "tailnet"])).stdout) as any;
    assert.deepEqual(
      policy.grants.find((g: any) => g.dst.includes("tag:k8s-operator")),
      {
        src: ["group:sre"],
        dst: ["tag:k8s-operator"],
        ip: ["tcp:443"],
        app: { "tailscale.com/cap/kubernetes": [{ impersonate: { groups: ["sre"] } }] },
      },
    );
  });

  it("diff exits 1 when a group gains a role, naming the access line that opens", async () => {
    const more = changed("clusterRoles: [view]", "clusterRoles: [view, edit]");
    const { code, stdout } = await run(["diff", HOMELAB, more]);
    assert.equal(code, 1);
    assert.match(stdout, /^API server access: 1 opens, 0 close, 1 with the same access, 0 unchanged\.$/m);
    assert.match(
      stdout,
      /^opens +group:sre -> tailscale-operator \(impersonating sre\) -> ClusterRole edit \(cluster\), ClusterRole view \(cluster\)$/m,
    );
    // The reverse only takes access away.
    assert.equal((await run(["diff", more, HOMELAB])).code, 0);
  });

  it("diff exits 1 when a source gains a group, and 0 when the change opens nothing", async () => {
    const ops = changed(
      "groups: [sre]",
      "groups: [sre, ops]\n      namespaceRoles: [{ namespace: apps, role: edit }]",
    );
    const { code, stdout } = await run(["diff", HOMELAB, ops, "-o", "json"]);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout).access.opened, [
      "group:sre -> tailscale-operator (impersonating ops, sre) -> ClusterRole view (cluster), ClusterRole edit (apps)",
    ]);
    assert.equal((await run(["diff", HOMELAB, HOMELAB])).code, 0);
  });

  it("plan refuses impersonation in noauth mode with the field and the fix (exit 2)", async () => {
    const noauth = changed("apiServerProxy:\n", "apiServerProxy:\n  mode: noauth\n");
    const { code, stderr } = await run(["plan", "-f", noauth]);
    assert.equal(code, 2);
    assert.match(stderr, /apiServerProxy\.access\[0\]\.groups: \["sre"\]: noauth mode impersonates nobody/);
  });
});
