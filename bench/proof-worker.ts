import * as pulumi from "@pulumi/pulumi";
import { createChild } from "../sdk/component/children";
import { ZeroTrustCluster } from "../sdk/component/zeroTrustCluster";
import { planZeroTrust } from "../sdk/core";
import { assertPlanHolds } from "../sdk/verify";
import { platformDeclaration } from "./declaration";

/**
 * One proof-benchmark run in its own process (Pulumi mocks are global, and a fresh heap keeps
 * runs independent). usage: proof-worker.js proof|component|baseline NAMESPACES
 * - proof: plans the declaration, then times `assertPlanHolds` (what the component runs first).
 * - component: times `new ZeroTrustCluster` until every registration has been processed.
 * - baseline: the same planned objects registered as plain `@pulumi/kubernetes` resources (the
 *   same classes and inputs, no component, no proof), planned before the clock starts.
 * The mocks are those of tests/harness.ts. Prints one JSON line.
 */

function setMocks(): { count: () => number } {
  let registered = 0;
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered++;
        return { id: a.custom ? `${a.name}-id` : undefined, state: a.inputs };
      },
      call: (a) => a.inputs,
    },
    "project",
    "stack",
    false,
  );
  return { count: () => registered };
}

const settle = () => (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
/** CPU seconds of the process (all its threads) since `start`: on a shared machine, the steadier figure. */
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

async function run() {
  const [mode, countText] = process.argv.slice(2);
  const args = platformDeclaration(Number(countText));
  if (mode === "proof") {
    let [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
    const plan = planZeroTrust(args);
    const [planSeconds, planCpu] = [seconds(start), cpuSeconds(cpu)];
    [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
    const proof = assertPlanHolds(plan);
    const [proofSeconds, proofCpu] = [seconds(start), cpuSeconds(cpu)];
    const { report } = proof;
    const out = { planSeconds, planCpu, proofSeconds, proofCpu, flows: plan.flows.length };
    console.log(JSON.stringify({ ...out, checked: report.checked, tailnetPaths: proof.tailnetFlows.length }));
    return;
  }
  const mocks = setMocks();
  if (mode === "component") {
    const [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
    new ZeroTrustCluster("platform", args);
    await settle();
    console.log(JSON.stringify({ seconds: seconds(start), cpu: cpuSeconds(cpu), registered: mocks.count() }));
    return;
  }
  const plan = planZeroTrust(args);
  const credentials = { client_id: pulumi.secret("id"), client_secret: pulumi.secret("secret") };
  const [start, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
  for (const planned of plan.resources) createChild("platform", planned, {}, credentials);
  await settle();
  console.log(JSON.stringify({ seconds: seconds(start), cpu: cpuSeconds(cpu), registered: mocks.count() }));
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
