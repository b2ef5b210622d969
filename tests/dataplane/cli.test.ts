import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { run } from "../cli/run";

/** `reach --dataplane` and `verify --cluster` answer for the dataplane, on a Cilium k3s export. */

const ARGS = `dataplane: { cni: cilium, version: "1.16.3" }
operator:
  apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] }
  clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"]
namespaces: { apps: {} }
`;

/** What kubectl get would export besides the policies: the control plane on a node, and pods. */
const LIVE = [
  {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "server" },
    status: { addresses: [{ type: "InternalIP", address: "192.168.1.10" }] },
  },
  {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default" },
    subsets: [{ addresses: [{ ip: "192.168.1.10" }], ports: [{ name: "https", port: 6443 }] }],
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "operator-1", namespace: "tailscale", labels: { app: "operator" } },
    status: { podIP: "10.42.0.9" },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "apps", labels: { app: "web" } },
    status: { podIP: "10.42.0.5" },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "coredns-1", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    status: { podIP: "10.42.0.2" },
  },
];

function temp(name: string, text: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-dp-")), name);
  fs.writeFileSync(file, text);
  return file;
}

/** The planned objects (without the CiliumNetworkPolicy when `withCnp` is false) and the live objects. */
async function export_(withCnp: boolean) {
  const args = temp("zerotrust.yaml", ARGS);
  const planned = (await run(["plan", "-f", args, "-o", "yaml"])).stdout
    .split(/^---\n/m)
    .filter((doc) => doc.trim() && (withCnp || !/kind: CiliumNetworkPolicy/.test(doc)))
    .map((doc) => `---\n${doc}`)
    .join("");
  return {
    args,
    planned: temp("planned.yaml", planned),
    live: temp("live.yaml", stringify({ apiVersion: "v1", kind: "List", items: LIVE })),
  };
}

const CHECK = "tailscale/operator-1 -> 192.168.1.10:6443";

describe("dataplane: the command-line tool", () => {
  it("reach --dataplane judges as the dataplane does, on the objects of an export", async () => {
    const { planned, live } = await export_(false);
    const reach = (...more: string[]) =>
      run(["reach", "-f", planned, "-f", live, "--check", CHECK, "-o", "json", ...more]);
    const upstream = JSON.parse((await reach()).stdout).checks[0];
    assert.equal(upstream.allowed, true, upstream.reason);
    const cilium = JSON.parse((await reach("--dataplane", "cilium@1.16")).stdout).checks[0];
    assert.equal(cilium.allowed, false, cilium.reason);
    const nodes = JSON.parse((await reach("--dataplane", "cilium@1.16+nodes")).stdout).checks[0];
    assert.equal(nodes.allowed, true, nodes.reason);
  });

  it("reach --dataplane refuses a name it does not know, listing the known ones", async () => {
    const { planned } = await export_(true);
    const { code, stderr } = await run(["reach", "-f", planned, "--dataplane", "flannel"]);
    assert.equal(code, 2);
    assert.match(stderr, /--dataplane "flannel" is not a dataplane: use one of upstream, cilium/);
  });

  it("verify --cluster judges with the declared dataplane: the CiliumNetworkPolicy must be there", async () => {
    const complete = await export_(true);
    const ok = await run([
      "verify",
      "-f",
      complete.args,
      "--cluster",
      complete.planned,
      "--cluster",
      complete.live,
    ]);
    assert.equal(ok.code, 0, ok.stdout);
    const missing = await export_(false);
    const drift = await run([
      "verify",
      "-f",
      missing.args,
      "--cluster",
      missing.planned,
      "--cluster",
      missing.live,
    ]);
    assert.equal(drift.code, 1);
    assert.match(
      drift.stdout,
      /declared flow is blocked: tailscale\/operator-1 -> 192\.168\.1\.10 on TCP\/6443/,
    );
  });
});
