import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { readFleetFile } from "../../sdk/cli/fleet";
import { planFleet } from "../../sdk/fleet";
import { representativeWorkloads } from "../../sdk/verify";
import { ROOT, run } from "../cli/run";

/** `verify --cluster` of a fleet judges each cluster's export as that cluster's declared dataplane. */

const FLEET = fs.readFileSync(path.join(ROOT, "examples/fleet/fleet.yaml"), "utf8");

describe("fleet: verify --cluster with a member's dataplane", () => {
  it("finds the API server path a Cilium edge blocks when its CiliumNetworkPolicy is missing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-fleet-dp-"));
    const fleetText = FLEET.replace(
      "  edge:\n    operator:",
      '  edge:\n    dataplane: { cni: cilium, version: "1.16.3" }\n    operator:',
    );
    assert.notEqual(fleetText, FLEET);
    const fleetFile = path.join(dir, "fleet.yaml");
    fs.writeFileSync(fleetFile, fleetText);
    const edge = planFleet(readFleetFile(fleetFile, ROOT)!).members.find((m) => m.name === "edge")!;
    // The export: the planned objects without the CiliumNetworkPolicy, and the node the API server runs on.
    const items = [
      ...representativeWorkloads(edge.plan).objects.filter((o) => o.kind !== "CiliumNetworkPolicy"),
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "edge" },
        status: { addresses: [{ type: "InternalIP", address: "192.168.2.20" }] },
      },
    ];
    const exported = path.join(dir, "edge.yaml");
    fs.writeFileSync(exported, stringify({ apiVersion: "v1", kind: "List", items }));
    const { code, stdout } = await run(["verify", "-f", fleetFile, "--cluster", `edge=${exported}`]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /Intent does NOT hold for cluster edge/);
    assert.match(stdout, /declared flow is blocked: tailscale\/\S+ -> 192\.168\.2\.20 on TCP\/6443/);
  });
});
