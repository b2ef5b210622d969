import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { parseHujson } from "../../sdk/tailnet";
import { run } from "./run";

const HOMELAB = "examples/homelab/zerotrust.yaml";

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("tailnet-zerotrust plan", () => {
  it("prints the homelab's flows as a table by default", async () => {
    const { code, stdout, stderr } = await run(["plan", "-f", HOMELAB]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0], /^KIND\s+NAME\s+FROM\s+TO\s+PORTS$/);
    assert.ok(
      lines.some((l) =>
        /^declared\s+frontend-to-backend\s+apps\/app=frontend\s+apps\/app=backend\s+TCP\/8080$/.test(l),
      ),
    );
    assert.ok(
      lines.some((l) =>
        /^proxy\s+k8s-grafana\s+tailscale\/proxy\(monitoring\/grafana\)\s+monitoring\/app=grafana\s+TCP\/3000$/.test(
          l,
        ),
      ),
    );
    assert.equal(stderr, "", "the homelab plans without warnings");
  });

  it("renders kubectl-apply-able YAML with placeholders for the credentials", async () => {
    const { code, stdout } = await run(["plan", "-f", HOMELAB, "-o", "yaml"]);
    assert.equal(code, 0);
    const docs = parseAllDocuments(stdout)
      .map((d) => d.toJS())
      .filter(Boolean);
    const kinds = docs.map((d: any) => `${d.kind}/${d.metadata.namespace ?? ""}/${d.metadata.name}`);
    assert.ok(kinds.includes("NetworkPolicy/apps/default-deny"));
    assert.ok(kinds.includes("Service/monitoring/grafana"));
    assert.ok(kinds.indexOf("Namespace//apps") < kinds.indexOf("NetworkPolicy/apps/default-deny"));
    const secret: any = docs.find((d: any) => d.kind === "Secret");
    assert.match(secret.stringData.client_secret, /^<secret/);
    assert.match(
      stdout,
      /# +helm upgrade --install tailscale-operator tailscale-operator --repo https:\/\/pkgs.tailscale.com\/helmcharts --version 1.102.3/,
    );
  });

  it("prints the tailnet policy and the proven tailnet paths", async () => {
    const table = await run(["plan", "-f", HOMELAB]);
    assert.match(
      table.stdout,
      /\nTAILNET PATHS\ngroup:sre -> k8s-grafana TCP\/80 -> monitoring\/app=grafana TCP\/3000\ngroup:sre -> tailscale-operator TCP\/443 -> API server 192.168.1.10 TCP\/6443\n\nAPI SERVER ACCESS\ngroup:sre -> tailscale-operator \(impersonating sre\) -> ClusterRole view \(cluster\)\n$/,
    );
    const { code, stdout } = await run(["plan", "-f", HOMELAB, "-o", "tailnet"]);
    assert.equal(code, 0);
    const policy = parseHujson(stdout) as any;
    assert.deepEqual(policy.tagOwners["tag:k8s-grafana"], ["tag:k8s-operator"]);
    assert.deepEqual(policy.grants[0], { src: ["group:sre"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] });
  });

  it("renders markdown with a mermaid graph, and json", async () => {
    const md = await run(["plan", "-f", HOMELAB, "-o", "markdown"]);
    assert.match(md.stdout, /^\| KIND \| NAME \| FROM \| TO \| PORTS \|/);
    assert.match(md.stdout, /```mermaid\nflowchart LR/);
    const json = JSON.parse((await run(["plan", "-f", HOMELAB, "-o", "json"])).stdout);
    assert.deepEqual(json.hostnames, {
      "monitoring/grafana": { hostname: "k8s-grafana", address: "k8s-grafana:80", url: "http://k8s-grafana" },
    });
    assert.deepEqual(json.namespaces, ["apps", "monitoring", "tailscale"]);
    assert.equal(json.flows.filter((f: any) => f.kind === "declared").length, 2);
  });

  it("exits 2 with the component's own validation errors", async () => {
    const file = tempFile(
      "bad.yaml",
      "namespaces: { Apps: {} }\nexpose:\n  - { namespace: apps, service: web, podLabels: {app: web}, ports: [{port: 0}] }\n",
    );
    const { code, stderr, stdout } = await run(["plan", "-f", file]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /namespaces.Apps: "Apps" is not a valid namespace name/);
    assert.match(stderr, /expose\[0\]\.ports\[0\]\.port: 0 is not a port/);
  });

  it("exits 2 for a missing file, a bad format and an unknown option", async () => {
    assert.match((await run(["plan", "-f", "nope.yaml"])).stderr, /nope.yaml: cannot read/);
    assert.equal((await run(["plan", "-f", HOMELAB, "-o", "xml"])).code, 2);
    assert.equal((await run(["plan", "--frobnicate"])).code, 2);
  });
});

/** `verify` of the homelab against a live export: the planned objects applied, and the live pods. */
async function verifyLive(...more: string[]) {
  const planned = tempFile("planned.yaml", (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout);
  return run([
    "verify",
    "-f",
    HOMELAB,
    "--cluster",
    planned,
    "--cluster",
    "tests/cli/fixtures/live-pods.yaml",
    ...more,
  ]);
}

describe("tailnet-zerotrust verify", () => {
  it("proves the planned policies and exits 0", async () => {
    const { code, stdout } = await run(["verify", "-f", HOMELAB]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^Intent holds for the planned policies of examples\/homelab\/zerotrust.yaml: 9 flows allowed, \d+ connections checked/,
    );
  });

  it("accepts a live cluster that runs exactly the plan, noting flows no pod exercises", async () => {
    const { code, stdout } = await verifyLive();
    assert.equal(code, 0, stdout);
    assert.match(stdout, /note: no workload in the cluster fits proxy k8s-grafana/);
  });

  it("exits 1 on drift and explains each open path", async () => {
    const { code, stdout } = await verifyLive("--cluster", "tests/cli/fixtures/allow-all.yaml", "-o", "json");
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.holds, false);
    const fromDns = report.differences.find(
      (d: any) => d.from === "kube-system/coredns-1" && d.to === "apps/backend-1",
    );
    assert.equal(fromDns.kind, "undeclared");
    assert.equal(fromDns.everyPort, true);
    assert.match(fromDns.reason, /allowed by apps\/debug-allow-all/);
  });

  it("does not say the intent holds when a network plugin's policy was left out (exit 2)", async () => {
    // A CiliumNetworkPolicy opening apps to everything, on a cluster judged as upstream: not read.
    const cnp = tempFile(
      "cnp.yaml",
      "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: open-all, namespace: apps }\nspec: { endpointSelector: {}, ingress: [{ fromEntities: [all] }], egress: [{ toEntities: [all] }] }\n",
    );
    const table = await verifyLive("--cluster", cnp);
    assert.equal(table.code, 2, table.stdout);
    assert.match(
      table.stdout,
      /^NOT PROVEN: 1 network-plugin policy .* was left out: .*cnp\.yaml: apps\/open-all\./,
    );
    assert.match(table.stderr, /not modelled, skipped 1 CiliumNetworkPolicy/);
    const json = await verifyLive("--cluster", cnp, "-o", "json");
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).proven, false);
  });

  it("exits 1 when a declared flow is blocked in the cluster", async () => {
    const planned = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout;
    const withoutIngress = planned
      .split(/^---\n/m)
      .filter((doc) => !/name: allow-frontend-to-backend-ingress/.test(doc))
      .map((doc) => `---\n${doc}`)
      .join("");
    const file = tempFile("planned.yaml", withoutIngress);
    const { code, stdout } = await run([
      "verify",
      "-f",
      HOMELAB,
      "--cluster",
      file,
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /declared flow is blocked: apps\/frontend-1 -> apps\/backend-1 on TCP\/8080/);
  });

  it("takes a redefined object from the later file, as kubectl apply -R does, naming both files", async () => {
    const planned = (await run(["plan", "-f", HOMELAB, "-o", "yaml"])).stdout;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-redefined-"));
    fs.writeFileSync(path.join(dir, "a-planned.yaml"), planned);
    // b-open.yaml comes later in the folder and replaces apps' default-deny with an allow-all.
    fs.writeFileSync(
      path.join(dir, "b-open.yaml"),
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: default-deny, namespace: apps }\nspec: { podSelector: {}, ingress: [{}], egress: [{}] }\n",
    );
    const { code, stdout, stderr } = await run([
      "verify",
      "-f",
      HOMELAB,
      "--cluster",
      dir,
      "--cluster",
      "tests/cli/fixtures/live-pods.yaml",
    ]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /undeclared/);
    assert.match(
      stderr,
      /b-open\.yaml redefines NetworkPolicy apps\/default-deny from .*a-planned\.yaml: the later definition is used/,
    );
  });
});

describe("CLI corner cases", () => {
  it("plans a declaration whose OAuth client is created, without credentials", async () => {
    const file = tempFile("oauth.yaml", "namespaces: { apps: {} }\ntailnet: { createOAuthClient: true }\n");
    const { code, stdout } = await run(["plan", "-f", file, "-o", "yaml"]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /# Tailscale OAuth client for the operator .*scopes auth_keys,devices:core,services, tags tag:k8s-operator/,
    );
  });

  it("verify exits 1, not 2, when the plan itself does not hold, naming the blocked tailnet path", async () => {
    const file = tempFile(
      "blocked.yaml",
      [
        "namespaces: { monitoring: {} }",
        "expose:",
        "  - { namespace: monitoring, service: grafana, podLabels: { app: grafana }, ports: [{ port: 80, targetPort: 3000 }],",
        "      access: [group:sre], allowProxyTraffic: false }",
        "",
      ].join("\n"),
    );
    assert.equal((await run(["plan", "-f", file])).code, 2, "plan refuses it like the component");
    const { code, stdout } = await run(["verify", "-f", file]);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /expose\[0\]\.access\[0\]: "group:sre" cannot reach its backend \(group:sre -> monitoring-grafana TCP\/80 -> monitoring\/app=grafana TCP\/3000\)/,
    );
    assert.match(stdout, /the cluster refuses the proxy/);
  });
});
