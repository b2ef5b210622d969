import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../cli/run";

/** `reach` reads what repositories and kubectl hold, names what it skips, and takes checks files of any size. */

const FIXTURES = path.join(__dirname, "inputs");
const reach = (...args: string[]) => run(["reach", ...args], FIXTURES);

describe("reach command: what it reads", () => {
  it("reads a folder of workloads as pods named by their owner, never '0 pods'", async () => {
    const { code, stdout, stderr } = await reach("-f", "workloads", "-o", "json");
    assert.equal(code, 0);
    assert.equal(
      stderr,
      "note: 5 of 7 pods declare no container port (default/daemonset/agent, shop/replicaset/cache, shop/replicationcontroller/legacy, ...): the matrix shows no connection to them; --all-ports evaluates every port\n",
    );
    const matrix = JSON.parse(stdout);
    assert.equal(matrix.summary.pods, 7);
    assert.ok(
      matrix.flows.some(
        (f: Record<string, unknown>) =>
          f.from === "shop/deployment/web" && f.to === "shop/statefulset/db" && f.port === 5432,
      ),
    );
    const check = await reach(
      "-f",
      "workloads",
      "--check",
      "shop/deployment/web -> shop/statefulset/db:5432",
    );
    assert.match(check.stdout, /allowed\s+Allowed shop\/deployment\/web -> shop\/statefulset\/db:5432\/TCP/);
  });

  it("--all-ports evaluates every port and address, ports as ranges, whatever containers declare", async () => {
    const { code, stdout, stderr } = await reach("-f", "workloads", "--all-ports", "-o", "json");
    assert.equal(code, 0);
    assert.equal(stderr, "");
    const { pods, connections } = JSON.parse(stdout);
    assert.equal(pods, 7);
    const rows = connections.map(
      (c: { from: string; to: string; portsText: string }) => `${c.from} -> ${c.to} on ${c.portsText}`,
    );
    assert.ok(rows.includes("shop/deployment/web -> shop/statefulset/db on TCP/5432"), rows.join("\n"));
    assert.ok(
      rows.includes("shop/job/migrate -> shop/replicaset/cache on any port"),
      "no policy isolates cache",
    );
    assert.ok(
      rows.includes("0.0.0.0/0 -> shop/cronjob/report on any port"),
      "the internet reaches unisolated pods",
    );
    assert.ok(
      !rows.some((r: string) => r.startsWith("shop/job/migrate -> shop/statefulset/db")),
      "db admits web only",
    );
    const table = await reach("-f", "workloads", "--all-ports");
    assert.match(
      table.stdout,
      /^7 pods: \d+ allowed \(source, destination\) pairs over all ports and addresses\n\nFROM +TO +PORTS\n/,
    );
  });

  it("reads a tab before a flow-sequence item, as kubectl does (np-guard acs-security-demos-added-workloads)", async () => {
    // Written here rather than kept as a fixture: the repository's own YAML linter refuses the tab.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-tabs-"));
    fs.writeFileSync(
      path.join(dir, "deployment.yaml"),
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: { name: webapp, namespace: frontend }",
        "spec:",
        "  template:",
        "    metadata:",
        "      labels: { app: webapp }",
        "    spec:",
        "      containers:",
        "        - name: webapp",
        "          args:",
        "            [",
        '              "-jar",',
        '\t            "-Dlisten=8080",',
        "            ]",
        "          ports:",
        "            - containerPort: 8080",
      ].join("\n"),
    );
    const { code, stdout, stderr } = await reach("-f", dir, "-o", "json");
    fs.rmSync(dir, { recursive: true });
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.deepEqual(
      JSON.parse(stdout).groups.map((g: { id: string }) => g.id),
      ["frontend/deployment/webapp"],
    );
  });

  it("names a file it cannot read and what is missing, answers for the rest, and exits 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-skip-"));
    fs.copyFileSync(path.join(FIXTURES, "workloads", "manifests.yaml"), path.join(dir, "a.yaml"));
    fs.writeFileSync(path.join(dir, "b.yaml"), "kind: NetworkPolicy\nmetadata: {name: [\n");
    const { code, stdout, stderr } = await reach("-f", dir, "-o", "json");
    fs.rmSync(dir, { recursive: true });
    assert.equal(code, 2);
    assert.match(stderr, /^error: skipped .*b\.yaml: invalid YAML: line \d+/);
    assert.match(stderr, /every object in .*b\.yaml is missing from the answer \(exit code 2\)/);
    assert.equal(JSON.parse(stdout).summary.pods, 7, "the other file is still answered");
  });

  it("names kinds that change reachability but are not modelled, and documents without kind, on stderr", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-kinds-"));
    fs.writeFileSync(
      path.join(dir, "policies.yaml"),
      [
        "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: l7, namespace: shop}",
        "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: guard}",
        "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}}",
        "metadata: {name: loose}\nspec: {podSelector: {}}",
      ].join("\n---\n"),
    );
    const { code, stderr } = await reach("-f", dir);
    fs.rmSync(dir, { recursive: true });
    assert.equal(code, 0);
    assert.match(
      stderr,
      /note: not modelled, skipped 1 CiliumNetworkPolicy \(cilium\.io\): .*policies\.yaml: shop\/l7\n {2}the answer leaves out Cilium's own policies/,
    );
    assert.match(
      stderr,
      /skipped 1 GlobalNetworkPolicy \(projectcalico\.org\): .*guard\n {2}the answer leaves out Calico's own policies/,
    );
    assert.doesNotMatch(stderr, /BaselineAdminNetworkPolicy/, "admin policies are modelled, not skipped");
    assert.match(stderr, /skipped 1 document without kind: .*policies\.yaml: loose/);
  });
});

describe("reach command: a checks file of any size", () => {
  it("evaluates 150,000 checks from one file (once a stack overflow past ~125,000 lines)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-checks-"));
    const file = path.join(dir, "checks.txt");
    const lines = ["# generated", "shop/deployment/web -> shop/statefulset/db:5432"];
    for (let i = 0; lines.length < 150_000; i++)
      lines.push(`shop/job/migrate -> shop/statefulset/db:${1 + (i % 65535)}`);
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    // The default table too: its column widths once spread every row into Math.max.
    const { code, stdout, stderr } = await reach("-f", "workloads", "--checks-file", file);
    fs.rmSync(dir, { recursive: true });
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const rows = stdout.trimEnd().split("\n");
    assert.equal(rows.length, 1 + 149_999, "a header and one row per check");
    assert.match(rows[1], /^shop\/deployment\/web\s+shop\/statefulset\/db\s+5432\s+TCP\s+allowed\s+Allowed/);
    assert.match(
      rows[rows.length - 1],
      /^shop\/job\/migrate\s+shop\/statefulset\/db\s+\d+\s+TCP\s+denied\s+Denied/,
    );
  });

  it("reports the line of a malformed check in a large file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reach-checks-"));
    const file = path.join(dir, "checks.txt");
    fs.writeFileSync(file, `${"shop/job/migrate -> shop/statefulset/db:1\n".repeat(70_000)}oops\n`);
    const { code, stderr } = await reach("-f", "workloads", "--checks-file", file);
    fs.rmSync(dir, { recursive: true });
    assert.equal(code, 2);
    assert.match(stderr, /checks\.txt:70001: malformed check "oops"/);
  });
});
