import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import type { ZeroTrustSpec } from "../../../sdk/core";
import { planZeroTrust, validateSpec } from "../../../sdk/core";
import { assertPlanHolds } from "../../../sdk/verify";
import { run } from "../../cli/run";
import { homelab } from "../../fixtures";

/**
 * One egress ProxyGroup, two targets with different clients (operator-runtime.md §1b, repro t1):
 * the operator maps each egress Service to a random port in 10000-10999 on the same group pods
 * (egress-services.go 339-347, 643-656), so the backend may reach the vault target too.
 */
function sharedGroup(acknowledge: [boolean, boolean] = [false, false]): ZeroTrustSpec {
  const spec = homelab();
  spec.proxyGroups = { out: { type: "egress" as any } };
  spec.egress = [
    {
      name: "db",
      namespace: "apps",
      tailnetIp: "100.64.0.50",
      ports: [{ port: 5432 }],
      from: [{ podLabels: { app: "backend" } }],
      proxyGroup: "out",
      ...(acknowledge[0] ? { acknowledgeSharedProxyGroup: true } : {}),
    },
    {
      name: "secrets",
      namespace: "apps",
      tailnetIp: "100.64.0.60",
      ports: [{ port: 8200 }],
      from: [{ podLabels: { app: "vault-client" } }],
      proxyGroup: "out",
      ...(acknowledge[1] ? { acknowledgeSharedProxyGroup: true } : {}),
    },
  ];
  return spec;
}

const issueAt = (spec: ZeroTrustSpec, at: string) => validateSpec(spec).find((i) => i.path === at);

describe("egress: one ProxyGroup serving targets whose clients differ", () => {
  it("is refused at every entry, saying why and suggesting one group per trust domain", () => {
    for (const at of ["egress[0].proxyGroup", "egress[1].proxyGroup"]) {
      const issue = issueAt(sharedGroup(), at);
      assert.ok(issue, `an issue at ${at}`);
      assert.match(issue.message, /random port in 10000-10999 on the same group pods/);
      assert.match(issue.message, /a NetworkPolicy cannot tell apart/);
      assert.match(issue.message, /one egress ProxyGroup per trust domain/);
      assert.match(issue.message, /acknowledgeSharedProxyGroup: true/);
    }
    assert.match(
      issueAt(sharedGroup(), "egress[0].proxyGroup")!.message,
      /egress\[1\] secrets \(from apps\/app=vault-client\)/,
    );
  });

  it("is still refused at the entry that did not acknowledge it", () => {
    assert.equal(issueAt(sharedGroup([true, false]), "egress[0].proxyGroup"), undefined);
    assert.ok(issueAt(sharedGroup([true, false]), "egress[1].proxyGroup"));
  });

  it("is accepted when the clients are the same (one trust domain), with no undeclared path", () => {
    const spec = sharedGroup();
    spec.egress![1].from = [{ podLabels: { app: "backend" } }];
    assert.deepEqual(validateSpec(spec), []);
    const proof = assertPlanHolds(planZeroTrust(spec));
    assert.equal(proof.tailnetFlows.filter((f) => f.undeclared).length, 0);
  });

  describe("acknowledged", () => {
    const plan = planZeroTrust(sharedGroup([true, true]));
    const proof = assertPlanHolds(plan);

    it("warns, naming both entries and their clients", () => {
      const warning = plan.warnings.find((w) => w.startsWith("egress ProxyGroup out"));
      assert.ok(warning, plan.warnings.join("\n"));
      assert.match(
        warning,
        /apps\/db \(from apps\/app=backend\) and apps\/secrets \(from apps\/app=vault-client\)/,
      );
    });

    it("lists each cross path as undeclared in tailnetFlows, proven by both engines", () => {
      const undeclared = proof.tailnetFlows.filter((f) => f.undeclared).map((f) => f.text);
      assert.deepEqual(undeclared, [
        "apps/app=backend -> proxygroup out (undeclared: shared with egress secrets) -> 100.64.0.60 TCP/8200",
        "apps/app=vault-client -> proxygroup out (undeclared: shared with egress db) -> 100.64.0.50 TCP/5432",
      ]);
    });

    it("omits a cross path the cluster closes (the client's protocol is not open to the group)", () => {
      const spec = sharedGroup([true, true]);
      spec.egress![1].ports = [
        { port: 8200, protocol: "TCP" },
        { port: 8200, protocol: "UDP" },
      ];
      // The backend's policy opens TCP to the group only: UDP/8200 stays closed to it.
      const flows = assertPlanHolds(planZeroTrust(spec)).tailnetFlows.filter((f) => f.undeclared);
      assert.deepEqual(
        flows.map((f) => f.text),
        [
          "apps/app=backend -> proxygroup out (undeclared: shared with egress secrets) -> 100.64.0.60 TCP/8200",
          "apps/app=vault-client -> proxygroup out (undeclared: shared with egress db) -> 100.64.0.50 TCP/5432",
        ],
      );
    });

    it("verify no longer says nothing undeclared is open, and lists the paths", async () => {
      const spec = sharedGroup([true, true]);
      delete spec.operator!.oauthClientId;
      delete spec.operator!.oauthClientSecret;
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-shared-")), "zerotrust.yaml");
      fs.writeFileSync(file, stringify(spec));
      const text = await run(["verify", "-f", file]);
      assert.equal(text.code, 0, text.stderr);
      assert.doesNotMatch(text.stdout, /nothing undeclared open/);
      assert.match(text.stdout, /2 tailnet path\(s\) open that no entry declares/);
      assert.match(
        text.stdout,
        /apps\/app=backend -> proxygroup out \(undeclared: shared with egress secrets\)/,
      );
      const json = JSON.parse((await run(["verify", "-f", file, "-o", "json"])).stdout);
      assert.equal(json.undeclaredTailnetPaths.length, 2);
    });
  });
});
