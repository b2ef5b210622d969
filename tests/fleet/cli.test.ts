import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { readFleetFile } from "../../sdk/cli/fleet";
import { planFleet } from "../../sdk/fleet";
import { representativeWorkloads } from "../../sdk/verify";
import { ROOT, run } from "../cli/run";

const FLEET = "examples/fleet/fleet.yaml";
const LINK =
  "edge/kitchen/app=display -> egress recipes (tag:k8s-edge-egress-recipes) -> tag:k8s-homelab-recipes TCP/443 -> homelab/apps/app=recipes TCP/8443";

const tempFile = (name: string, content: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-fleet-")), name);
  fs.writeFileSync(file, content);
  return file;
};

/** The edge cluster as a live export would list it: its namespaces, pods and planned policies. */
function edgeExport(extra: object[] = []): string {
  const plan = planFleet(readFleetFile(FLEET, ROOT)!);
  const edge = plan.members.find((m) => m.name === "edge")!;
  return tempFile(
    "edge.yaml",
    stringify({
      apiVersion: "v1",
      kind: "List",
      items: [...representativeWorkloads(edge.plan).objects, ...extra],
    }),
  );
}

describe("tailnet-zerotrust plan and verify with a fleet file", () => {
  it("plans each cluster and proves the link", async () => {
    const { code, stdout, stderr } = await run(["plan", "-f", FLEET]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^CLUSTER homelab$/m);
    assert.match(stdout, /^CLUSTER edge$/m);
    assert.match(
      stdout,
      /^egress\s+recipes\s+kitchen\/app=display\s+tailscale\/proxy\(kitchen\/recipes\)\s+TCP\/443$/m,
    );
    assert.ok(stdout.endsWith(`LINKS\n${LINK}\n`), stdout);
  });

  it("prints the fleet's one merged policy and a json summary", async () => {
    const tailnet = await run(["plan", "-f", FLEET, "-o", "tailnet"]);
    assert.equal(tailnet.code, 0, tailnet.stderr);
    assert.equal(tailnet.stdout, planFleet(readFleetFile(FLEET, ROOT)!).tailnet.text);
    const json = JSON.parse((await run(["plan", "-f", FLEET, "-o", "json"])).stdout);
    assert.deepEqual(json.links, [LINK]);
    assert.deepEqual(Object.keys(json.clusters), ["homelab", "edge"]);
    assert.ok(json.tailnetPolicy.grants.length >= 2);
  });

  it("refuses a fleet with a link to an unknown cluster (exit 2, the field named)", async () => {
    const text = fs
      .readFileSync(path.join(ROOT, FLEET), "utf8")
      .replace("cluster: edge, namespace", "cluster: egde, namespace");
    const { code, stderr } = await run(["plan", "-f", tempFile("fleet.yaml", text)]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /links\[0\]\.from\.cluster: "egde" is not a cluster of this fleet: use one of homelab, edge/,
    );
  });

  it("verifies the planned fleet and each cluster's live export", async () => {
    const planned = await run(["verify", "-f", FLEET]);
    assert.equal(planned.code, 0, planned.stdout + planned.stderr);
    assert.match(planned.stdout, /Intent holds for the planned policies of cluster homelab/);
    assert.ok(planned.stdout.includes(`- ${LINK}`));
    const live = await run(["verify", "-f", FLEET, "--cluster", `edge=${edgeExport()}`]);
    assert.equal(live.code, 0, live.stdout + live.stderr);
    assert.match(live.stdout, /Intent holds for cluster edge in .*edge\.yaml/);
  });

  it("finds drift in one cluster's live export (exit 1)", async () => {
    const allowAll = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "debug-allow-all", namespace: "kitchen" },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] },
    };
    const { code, stdout } = await run([
      "verify",
      "-f",
      FLEET,
      "--cluster",
      `edge=${edgeExport([allowAll])}`,
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /Intent does NOT hold for cluster edge/);
    assert.match(stdout, /Intent holds for the planned policies of cluster homelab/);
  });

  it("does not pass a cluster whose export holds a network plugin's policy it leaves out (exit 2)", async () => {
    const calico = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "open-all" },
      spec: { selector: "all()", types: ["Ingress"], ingress: [{ action: "Allow" }] },
    };
    const { code, stdout } = await run(["verify", "-f", FLEET, "--cluster", `edge=${edgeExport([calico])}`]);
    assert.equal(code, 2, stdout);
    assert.match(
      stdout,
      /NOT PROVEN: 1 network-plugin policy .* was left out: .*edge\.yaml: open-all\. .*\n\nIntent holds for cluster edge/,
    );
  });

  it("refuses --cluster without a fleet cluster's name", async () => {
    const { code, stderr } = await run(["verify", "-f", FLEET, "--cluster", "cloud=x.yaml"]);
    assert.equal(code, 2);
    assert.match(stderr, /--cluster cloud=x\.yaml: a fleet needs NAME=PATH with NAME one of homelab, edge/);
  });
});
