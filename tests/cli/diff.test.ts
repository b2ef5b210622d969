import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readArgsFile } from "../../sdk/cli/args";
import { COMMENT_MARKER } from "../../sdk/cli/diff";
import { flowLines, planZeroTrust } from "../../sdk/core";
import { describeGroup, diffLines } from "../../sdk/verify/diff";
import { ROOT, run } from "./run";

const HOMELAB = "examples/homelab/zerotrust.yaml";
const CLUSTER = "tests/cli/fixtures/diff/cluster.yaml";
const HOMELAB_TEXT = fs.readFileSync(path.join(ROOT, HOMELAB), "utf8");

function tempDir(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-diff-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The homelab args with one textual change, written to a temp file. */
function changedHomelab(from: string | RegExp, to: string): string {
  const text = HOMELAB_TEXT.replace(from, to);
  assert.notEqual(text, HOMELAB_TEXT, `the homelab args contain ${from}`);
  return path.join(tempDir({ "zerotrust.yaml": text }), "zerotrust.yaml");
}

/** The rows of the CHANGE table(s): [change, line]. */
const changeRows = (stdout: string) =>
  stdout
    .split("\n")
    .map((l) => /^(opens|closes|same) {2,}(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => [m[1], m[2]]);

describe("tailnet-zerotrust diff", () => {
  describe("two args files", () => {
    it("prints a changed port as its old line closing and its new line opening, and exits 1", async () => {
      const changed = changedHomelab("ports: [{ port: 8080 }]", "ports: [{ port: 9090 }]");
      const { code, stdout, stderr } = await run(["diff", HOMELAB, changed]);
      assert.equal(code, 1, stderr);
      assert.deepEqual(changeRows(stdout), [
        ["opens", "declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/9090"],
        ["closes", "declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080"],
      ]);
      assert.match(stdout, /^Allowed flows: 1 opens, 1 closes, 8 unchanged\.$/m);
      assert.match(stdout, /^No change in tailnet paths \(2 unchanged\)\.$/m);
    });

    it("uses exactly the lines of the component's flows output", async () => {
      const { stdout } = await run(["diff", "/dev/null", HOMELAB, "-o", "json"]);
      const flows = flowLines(planZeroTrust(readArgsFile(HOMELAB, ROOT)));
      assert.deepEqual(JSON.parse(stdout).flows.opened, flows);
    });

    it("opens nothing when a flow is renamed, its ports reordered or narrowed", async () => {
      const renamed = changedHomelab("name: frontend-to-backend", "name: web-to-api");
      const renaming = await run(["diff", HOMELAB, renamed]);
      assert.equal(renaming.code, 0, renaming.stdout);
      assert.deepEqual(
        changeRows(renaming.stdout).map(([c]) => c),
        ["same", "same"],
        "the lines still show the rename, as opening and closing nothing",
      );
      assert.match(renaming.stdout, /^Nothing opens\.$/m);
      assert.match(
        renaming.stdout,
        /^Allowed flows: 0 open, 0 close, 2 with the same access, 8 unchanged\.$/m,
      );
      const wide = changedHomelab("ports: [{ port: 8080 }]", "ports: [{ port: 9090 }, { port: 8080 }]");
      const reordered = changedHomelab("ports: [{ port: 8080 }]", "ports: [{ port: 8080 }, { port: 9090 }]");
      assert.equal((await run(["diff", wide, reordered])).code, 0, "port order is canonical");
      const narrowed = await run(["diff", wide, HOMELAB]);
      assert.equal(narrowed.code, 0);
      assert.deepEqual(
        changeRows(narrowed.stdout),
        [
          [
            "closes",
            "declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080,TCP/9090",
          ],
          ["same", "declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080"],
        ],
        "the narrowed line is new, yet opens nothing: it is not marked as opening",
      );
    });

    it("counts losing a namespace's default-deny as opening", async () => {
      const unmanaged = changedHomelab(
        "  monitoring:\n    labels: { team: obs }\n",
        "unmanagedNamespaces: [monitoring]\n",
      );
      const dropped = await run(["diff", HOMELAB, unmanaged]);
      assert.equal(dropped.code, 1, "no allow line opens, yet monitoring is no longer isolated");
      assert.deepEqual(changeRows(dropped.stdout), [
        [
          "opens",
          "namespace monitoring leaves default-deny: every path into and out of its pods opens (any pod or address may connect to them, and they to anything)",
        ],
        ["same", "dns dns: monitoring/* -> kube-system/k8s-app=kube-dns on UDP/53,TCP/53"],
      ]);
      assert.match(dropped.stdout, /^This change opens access: review the lines marked opens\.$/m);
      assert.match(
        dropped.stdout,
        /^Allowed flows: 1 opens, 0 close, 1 with the same access, 8 unchanged\.$/m,
      );
      const open = changedHomelab("operator:\n", "operator:\n  isolate: false\n");
      const { code, stdout } = await run(["diff", HOMELAB, open]);
      assert.equal(code, 1);
      assert.ok(
        changeRows(stdout).some(
          ([c, l]) => c === "opens" && /^namespace tailscale leaves default-deny/.test(l),
        ),
      );
      assert.equal((await run(["diff", HOMELAB, "/dev/null"])).code, 1, "deleting the args opens everything");
    });

    it("counts staging a namespace (enforce: false) as leaving default-deny, and enforcing it as entering", async () => {
      const staged = changedHomelab(
        "  monitoring:\n    labels: { team: obs }\n",
        "  monitoring:\n    labels: { team: obs }\n    enforce: false\n",
      );
      const relaxed = await run(["diff", HOMELAB, staged]);
      assert.equal(
        relaxed.code,
        1,
        "its allow policies stay, but nothing into or out of it is cut off any more",
      );
      assert.ok(
        changeRows(relaxed.stdout).some(
          ([c, l]) => c === "opens" && /^namespace monitoring leaves default-deny/.test(l),
        ),
        relaxed.stdout,
      );
      const enforced = await run(["diff", staged, HOMELAB]);
      assert.equal(enforced.code, 0);
      assert.ok(
        changeRows(enforced.stdout).some(
          ([c, l]) => c === "closes" && /^namespace monitoring enters default-deny/.test(l),
        ),
        enforced.stdout,
      );
    });

    it("keeps the headline, the counts, the markers and the exit code in agreement", async () => {
      const edits: [string | RegExp, string][] = [
        ["name: frontend-to-backend", "name: web-to-api"],
        ["ports: [{ port: 8080 }]", "ports: [{ port: 8080 }, { port: 9090 }]"],
        ["ports: [{ port: 8080 }]", "ports: [{ port: 9090 }]"],
        ["  monitoring:\n    labels: { team: obs }\n", "unmanagedNamespaces: [monitoring]\n"],
        ['access: ["group:sre"]', 'access: ["group:sre", "group:dev"]'],
        [/ {2}- name: backend-to-db\n(?: {4}.*\n)+/, ""],
        ["clusterRoles: [view]", "clusterRoles: [view, edit]"],
      ];
      for (const [from, to] of edits) {
        for (const [a, b] of [
          [HOMELAB, changedHomelab(from, to)],
          [changedHomelab(from, to), HOMELAB],
        ]) {
          const { code, stdout } = await run(["diff", a, b]);
          const opens = changeRows(stdout).filter(([c]) => c === "opens").length;
          const counted = [...stdout.matchAll(/: (\d+) opens?, /g)].reduce((n, m) => n + Number(m[1]), 0);
          const said = /^This change opens access/m.test(stdout);
          assert.equal(counted, opens, `counts vs rows for ${from} -> ${to}\n${stdout}`);
          assert.equal(said, opens > 0, `headline vs rows for ${from} -> ${to}\n${stdout}`);
          assert.equal(code, opens > 0 ? 1 : 0, `exit code vs rows for ${from} -> ${to}\n${stdout}`);
        }
      }
    });

    it("exits 0 when flows only close", async () => {
      const changed = changedHomelab(/ {2}- name: backend-to-db\n(?: {4}.*\n)+/, "");
      const { code, stdout } = await run(["diff", HOMELAB, changed]);
      assert.equal(code, 0);
      assert.deepEqual(changeRows(stdout), [
        ["closes", "declared backend-to-db: apps/app=backend -> 10.20.0.0/16 on TCP/5432"],
      ]);
    });

    it("reports a tailnet path that opens, which alone makes it exit 1", async () => {
      const changed = changedHomelab('access: ["group:sre"]', 'access: ["group:sre", "group:dev"]');
      const { code, stdout } = await run(["diff", HOMELAB, changed, "-o", "json"]);
      const diff = JSON.parse(stdout);
      assert.equal(code, 1);
      assert.deepEqual(diff.tailnetPaths.opened, [
        "group:dev -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000",
      ]);
      assert.deepEqual(diff.tailnetPaths.closed, []);
      assert.equal(diff.opens, true);
    });

    it("exits 0 with no change for the same declaration", async () => {
      const { code, stdout } = await run(["diff", HOMELAB, HOMELAB]);
      assert.equal(code, 0);
      assert.match(stdout, /^No change in allowed flows \(9 unchanged\)\.$/m);
      assert.deepEqual(changeRows(stdout), []);
    });

    it("treats an empty file as nothing allowed, so a new args file opens everything (json)", async () => {
      const { code, stdout } = await run(["diff", "/dev/null", HOMELAB, "-o", "json"]);
      assert.equal(code, 1);
      const diff = JSON.parse(stdout);
      assert.deepEqual(diff.old, { file: "/dev/null", kind: "empty" });
      assert.deepEqual(diff.new, { file: HOMELAB, kind: "args" });
      assert.equal(diff.flows.opened.length, 9);
      assert.deepEqual(diff.flows.closed, [
        "namespace apps enters default-deny: every path into and out of its pods that no flow allows closes",
        "namespace monitoring enters default-deny: every path into and out of its pods that no flow allows closes",
        "namespace tailscale enters default-deny: every path into and out of its pods that no flow allows closes",
      ]);
      assert.equal(diff.flows.unchanged, 0);
      assert.deepEqual(diff.tailnetPaths.opened, [
        "group:sre -> k8s-grafana TCP/80 -> monitoring/app=grafana TCP/3000",
        "group:sre -> tailscale-operator TCP/443 -> API server 192.168.1.10 TCP/6443",
      ]);
      assert.deepEqual(diff.access.opened, [
        "group:sre -> tailscale-operator (impersonating sre) -> ClusterRole view (cluster)",
      ]);
    });

    it("prints a pull-request comment with a diff block (markdown)", async () => {
      const changed = changedHomelab("ports: [{ port: 8080 }]", "ports: [{ port: 8080 }, { port: 8443 }]");
      const { code, stdout } = await run(["diff", HOMELAB, changed, "-o", "markdown"]);
      assert.equal(code, 1);
      assert.ok(stdout.startsWith(`${COMMENT_MARKER}\n### tailnet-zerotrust: args files ${HOMELAB} -> `));
      assert.match(stdout, /\*\*This change opens access/);
      assert.ok(
        stdout.includes(
          [
            "```diff",
            "+ declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080,TCP/8443",
            "  declared frontend-to-backend: apps/app=frontend -> apps/app=backend on TCP/8080 (same access)",
            "```",
          ].join("\n"),
        ),
        stdout,
      );
      assert.match(stdout, /^#### No change in tailnet paths \(2 unchanged\)\.$/m);
    });

    it("says nothing opens in markdown when nothing does", async () => {
      const { code, stdout } = await run(["diff", HOMELAB, HOMELAB, "-o", "markdown"]);
      assert.equal(code, 0);
      assert.match(stdout, /^Nothing opens\.$/m);
      assert.doesNotMatch(stdout, /```diff/);
    });
  });

  describe("two cluster exports", () => {
    const drifted = () =>
      tempDir({
        "cluster.yaml": fs.readFileSync(path.join(ROOT, CLUSTER), "utf8"),
        "debug-allow-all.yaml": fs.readFileSync(
          path.join(ROOT, "tests/cli/fixtures/diff/debug-allow-all.yaml"),
          "utf8",
        ),
      });

    it("prints the connections a hand-applied allow-all opens, pods named by labels (folder input)", async () => {
      const { code, stdout, stderr } = await run(["diff", CLUSTER, drifted()]);
      assert.equal(code, 1, stderr);
      assert.deepEqual(changeRows(stdout), [
        ["opens", "0.0.0.0/0                  apps/app=backend   any port"],
        ["opens", "0.0.0.0/0                  apps/app=frontend  any port"],
        ["opens", "::/0                       apps/app=backend   any port"],
        ["opens", "::/0                       apps/app=frontend  any port"],
        ["opens", "monitoring/app=prometheus  apps/app=backend   any port"],
        ["opens", "monitoring/app=prometheus  apps/app=frontend  any port"],
      ]);
      assert.match(stdout, /^cluster exports /);
      assert.match(stdout, /^Allowed connections: 6 open, 0 close, \d+ unchanged\.$/m);
      assert.match(
        stdout,
        /- opens monitoring\/app=prometheus -> apps\/app=backend on any port\n {4}Allowed .*allowed by apps\/debug-allow-all spec\.ingress\[0\]/,
      );
      assert.doesNotMatch(stdout, /tailnet paths/, "exports have no tailnet side");
    });

    it("exits 0 when the allow-all is removed again", async () => {
      const { code, stdout } = await run(["diff", drifted(), CLUSTER, "-o", "json"]);
      assert.equal(code, 0);
      const diff = JSON.parse(stdout);
      assert.deepEqual(diff.old.kind, "export");
      assert.deepEqual(diff.opened, []);
      assert.deepEqual(
        diff.closed.map(
          (c: { from: string; to: string; portsText: string }) => `${c.from} -> ${c.to} on ${c.portsText}`,
        ),
        [
          "0.0.0.0/0 -> apps/app=backend on any port",
          "0.0.0.0/0 -> apps/app=frontend on any port",
          "::/0 -> apps/app=backend on any port",
          "::/0 -> apps/app=frontend on any port",
          "monitoring/app=prometheus -> apps/app=backend on any port",
          "monitoring/app=prometheus -> apps/app=frontend on any port",
        ],
      );
      assert.match(
        diff.closed[0].why,
        /^Denied 0\.0\.0\.0\/0 -> apps\/backend-5c4b-fghij on TCP\/\*: .*isolated for ingress/,
      );
    });

    it("sees no change in a rollout (new pod names and pod-template-hash labels)", async () => {
      const { code, stdout } = await run(["diff", CLUSTER, "tests/cli/fixtures/diff/rolled.yaml"]);
      assert.equal(code, 0);
      assert.match(stdout, /^No change in allowed connections \(\d+ unchanged\)\.$/m);
    });
  });

  describe("unusable input (exit 2)", () => {
    const fails = async (argv: string[], message: RegExp) => {
      const { code, stdout, stderr } = await run(["diff", ...argv]);
      assert.equal(code, 2, stdout);
      assert.match(stderr, message);
      assert.equal(stdout, "");
    };

    it("refuses to compare an args file with a cluster export", () =>
      fails([HOMELAB, CLUSTER], /cannot compare .*\(args file\) with .*\(cluster export\)/));

    it("needs exactly two inputs", () => fails([HOMELAB], /expected two inputs, OLD and NEW; got 1/));

    it("refuses an unknown format", () =>
      fails(
        [HOMELAB, HOMELAB, "-o", "csv"],
        /unknown output format "csv" \(expected one of: table, markdown, json\)/,
      ));

    it("names a file that does not exist", () => fails([HOMELAB, "nope.yaml"], /nope\.yaml: cannot read/));

    it("names a file that is neither args nor Kubernetes objects", () => {
      const dir = tempDir({ "list.yaml": "- a\n- b\n" });
      return fails([HOMELAB, path.join(dir, "list.yaml")], /list\.yaml: neither ZeroTrustCluster args/);
    });

    it("gives the component's own validation errors for bad args", () => {
      const bad = changedHomelab("hostname: k8s-grafana", "hostname: Grafana UI");
      return fails([HOMELAB, bad], /expose\[0\]\.hostname/);
    });
  });

  it("is listed by --help and has its own help", async () => {
    assert.match((await run(["--help"])).stdout, /^ {2}diff {5}print the allowed flows that open and close/m);
    const help = await run(["diff", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: tailnet-zerotrust diff OLD NEW/);
  });
});

describe("flow diff (pure)", () => {
  it("keeps each side's order and counts what both have", () => {
    assert.deepEqual(diffLines(["a", "b", "c"], ["d", "c", "a"]), {
      opened: ["d"],
      closed: ["b"],
      sameAccess: [],
      unchanged: 2,
    });
  });

  it("names pod groups by namespace and stable labels", () => {
    const labels = { app: "web", "pod-template-hash": "7d9f", "controller-revision-hash": "x", tier: "a" };
    assert.equal(describeGroup({ namespace: "apps", labels, hostNetwork: false }), "apps/app=web,tier=a");
    assert.equal(
      describeGroup({ namespace: "kube-system", labels: {}, hostNetwork: true }),
      "kube-system/(no labels) (hostNetwork)",
    );
  });
});
