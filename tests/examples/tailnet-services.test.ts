import assert from "node:assert/strict";
import { readArgsFile } from "../../sdk/cli/args";
import { planZeroTrust } from "../../sdk/core";
import { assertPlanHolds } from "../../sdk/verify";
import { ROOT } from "../cli/run";
import { assertExampleMatchesArgsFile } from "./mirror";

describe("examples/tailnet-services", () => {
  it("creates exactly what examples/tailnet-services/zerotrust.yaml plans", async () => {
    await assertExampleMatchesArgsFile("tailnet-services", "services");
  });

  it("proves each client's path to its tailnet service", () => {
    const plan = planZeroTrust(readArgsFile("examples/tailnet-services/zerotrust.yaml", ROOT));
    assert.deepEqual(
      assertPlanHolds(plan).tailnetFlows.map((f) => `${f.allowed} ${f.text}`),
      [
        "true apps/app=backend -> egress db (tag:k8s-egress-db) -> 100.64.0.50 TCP/5432",
        "true apps/app=api -> egress payments (tag:k8s-egress-ha) -> payments.tail1234.ts.net TCP/443",
      ],
    );
  });
});
