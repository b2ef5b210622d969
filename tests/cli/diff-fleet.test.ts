import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, run } from "./run";

const FLEET = "examples/fleet/fleet.yaml";
const FLEET_TEXT = fs.readFileSync(path.join(ROOT, FLEET), "utf8");

function changedFleet(edit: (text: string) => string): string {
  const text = edit(FLEET_TEXT);
  assert.notEqual(text, FLEET_TEXT);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-fleet-diff-")), "fleet.yaml");
  fs.writeFileSync(file, text);
  return file;
}

/** The fleet without its link. */
const unlinked = (text: string) =>
  text.slice(0, text.indexOf("links:")) + text.slice(text.indexOf("tailnet:\n"));

describe("tailnet-zerotrust diff of two fleet files", () => {
  it("compares each cluster, then the links, and exits 0 when they only close", async () => {
    const { code, stdout, stderr } = await run(["diff", FLEET, changedFleet(unlinked)]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Nothing opens\.$/m);
    const homelab = stdout.indexOf("== cluster homelab ==");
    const edge = stdout.indexOf("== cluster edge ==");
    const links = stdout.indexOf("== links ==");
    assert.ok(homelab > 0 && edge > homelab && links > edge, stdout);
    assert.match(
      stdout.slice(edge, links),
      /^closes {2}egress recipes: kitchen\/app=display -> tailscale\/proxy\(kitchen\/recipes\) on TCP\/443$/m,
    );
    assert.match(
      stdout.slice(links),
      /^Links: 0 open, 1 closes, 0 unchanged\.\n\nCHANGE {2}LINK\ncloses {2}edge\/kitchen\/app=display -> egress recipes/m,
    );
  });

  it("opens when a cluster's namespace leaves default-deny, and says so per cluster (json)", async () => {
    const changed = changedFleet((t) =>
      t
        .replace("      monitoring: {}\n", "")
        .replace("  edge:\n", "    unmanagedNamespaces: [monitoring]\n  edge:\n"),
    );
    const { code, stdout } = await run(["diff", FLEET, changed, "-o", "json"]);
    assert.equal(code, 1);
    const diff = JSON.parse(stdout);
    assert.equal(diff.opens, true);
    assert.deepEqual(Object.keys(diff.clusters), ["homelab", "edge"]);
    assert.match(diff.clusters.homelab.flows.opened[0], /^namespace monitoring leaves default-deny/);
    assert.equal(diff.clusters.edge.opens, false);
    assert.deepEqual(diff.links.opened, []);
    assert.equal(diff.links.unchanged, 1);
  });

  it("opens everything of a new fleet, cluster by cluster and link by link (markdown)", async () => {
    const { code, stdout } = await run(["diff", "/dev/null", FLEET, "-o", "markdown"]);
    assert.equal(code, 1);
    assert.match(stdout, /\*\*This change opens access/);
    assert.match(stdout, /^### cluster homelab \(new\)$/m);
    assert.match(stdout, /^### cluster edge \(new\)$/m);
    assert.match(stdout, /^### links\n\n#### Links: 1 opens, 0 close, 0 unchanged\.$/m);
  });

  it("refuses to compare a fleet file with one cluster's args file", async () => {
    const { code, stderr } = await run(["diff", FLEET, "examples/homelab/zerotrust.yaml"]);
    assert.equal(code, 2);
    assert.match(stderr, /cannot compare .*\(fleet file\) with .*\(args file\)/);
  });
});
