import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { run } from "../cli/run";

/** `reach --all-ports` and `diff` judge as the dataplane does, like `reach --check` (cli.test.ts). */

const ARGS = `dataplane: { cni: cilium, version: "1.16.3" }
operator:
  apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] }
  clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"]
namespaces: { apps: {} }
`;
const LIVE = [
  {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "server" },
    status: { addresses: [{ type: "InternalIP", address: "192.168.1.10" }] },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "operator-1", namespace: "tailscale", labels: { app: "operator" } },
    status: { podIP: "10.42.0.9" },
  },
];

const temp = (dir: string, name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

/**
 * The planned policies without the CiliumNetworkPolicy (so only the NetworkPolicy's ipBlock opens
 * 6443), and the live objects; `without` leaves out the documents matching it too.
 */
async function exportDir(without?: RegExp): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-dp-all-"));
  const args = temp(dir, "zerotrust.yaml", ARGS);
  const planned = (await run(["plan", "-f", args, "-o", "yaml"])).stdout
    .split(/^---\n/m)
    .filter((doc) => doc.trim() && !/kind: CiliumNetworkPolicy/.test(doc) && !without?.test(doc))
    .map((doc) => `---\n${doc}`)
    .join("");
  const exported = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-dp-export-"));
  temp(exported, "planned.yaml", planned);
  temp(exported, "live.yaml", stringify({ apiVersion: "v1", kind: "List", items: LIVE }));
  return exported;
}

/** The all-ports rows from the operator pod to the node's address. */
const toNode = (json: string) =>
  JSON.parse(json)
    .connections.filter(
      (c: { from: string; to: string }) => c.from.startsWith("tailscale/") && c.to.includes("192.168.1.10"),
    )
    .map((c: { portsText: string }) => c.portsText);

describe("dataplane: reach --all-ports and diff", () => {
  it("reach --all-ports leaves out the node address an ipBlock does not match on Cilium", async () => {
    const dir = await exportDir();
    const upstream = await run(["reach", "-f", dir, "--all-ports", "-o", "json"]);
    assert.equal(upstream.code, 0, upstream.stderr);
    assert.match(toNode(upstream.stdout).join(" "), /6443/);
    const cilium = await run(["reach", "-f", dir, "--all-ports", "--dataplane", "cilium@1.16", "-o", "json"]);
    assert.equal(cilium.code, 0, cilium.stderr);
    assert.doesNotMatch(toNode(cilium.stdout).join(" "), /6443/);
  });

  it("diff --dataplane: the API server policy opens the node's address upstream, nothing on Cilium", async () => {
    const before = await exportDir(/name: operator-apiserver-egress/);
    const after = await exportDir();
    const upstream = await run(["diff", before, after]);
    assert.equal(upstream.code, 1, upstream.stdout);
    assert.match(upstream.stdout, /^opens +tailscale\/\S+ +192\.168\.1\.10(\/32)? +TCP\/6443$/m);
    const cilium = await run(["diff", before, after, "--dataplane", "cilium@1.16"]);
    assert.equal(cilium.code, 0, cilium.stdout);
    const bad = await run(["diff", before, after, "--dataplane", "flannel"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--dataplane "flannel" is not a dataplane/);
  });
});
