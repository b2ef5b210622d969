import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { parseHujson } from "../../../sdk/tailnet";
import { run } from "../../cli/run";
import { withEgress } from "./fixtures";

/** The egress homelab as an args file, credentials left out as the CLI expects. */
function argsFile(): string {
  const spec = withEgress();
  delete spec.operator!.oauthClientId;
  delete spec.operator!.oauthClientSecret;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-egress-"));
  const file = path.join(dir, "zerotrust.yaml");
  fs.writeFileSync(file, stringify(spec));
  return file;
}

describe("tailnet-zerotrust plan with egress", () => {
  const file = argsFile();

  it("shows the client -> proxy flow and the tailnet path in the table", async () => {
    const { code, stdout, stderr } = await run(["plan", "-f", file]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^egress\s+db\s+apps\/app=backend\s+tailscale\/proxy\(apps\/db\)\s+TCP\/5432$/m);
    assert.match(
      stdout,
      /^apps\/app=backend -> egress db \(tag:k8s-egress-db\) -> 100\.64\.0\.50 TCP\/5432$/m,
    );
  });

  it("renders the ExternalName Service and both policies as YAML", async () => {
    const { code, stdout } = await run(["plan", "-f", file, "-o", "yaml"]);
    assert.equal(code, 0);
    const objects = parseAllDocuments(stdout).map((d) => d.toJS());
    const service = objects.find((o) => o?.kind === "Service" && o.metadata.name === "db");
    assert.equal(service?.spec.type, "ExternalName");
    assert.equal(service?.metadata.annotations["tailscale.com/tailnet-ip"], "100.64.0.50");
    const policies = objects
      .filter((o) => o?.kind === "NetworkPolicy" && o.metadata.name.startsWith("egress-apps-db"))
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
      .sort();
    assert.deepEqual(policies, ["apps/egress-apps-db-egress", "tailscale/egress-apps-db-ingress"]);
  });

  it("prints the grant from the proxy's tag in the tailnet policy", async () => {
    const { code, stdout } = await run(["plan", "-f", file, "-o", "tailnet"]);
    assert.equal(code, 0);
    const policy = parseHujson(stdout) as any;
    assert.ok(
      policy.grants.some(
        (g: any) => g.src[0] === "tag:k8s-egress-db" && g.dst[0] === "100.64.0.50" && g.ip[0] === "tcp:5432",
      ),
    );
  });
});
