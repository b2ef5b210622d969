import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./run";

/**
 * Spawns the real bin with its stdout a pipe whose reading end is closed before the tool writes
 * anything, as `tailnet-zerotrust plan | head -1` does once head has its line.
 */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "tailnet-zerotrust.js"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("the command-line tool writing to a closed pipe", function () {
  this.timeout(60_000);

  it("ends quietly with the command's own exit code, no EPIPE stack trace", async () => {
    const { code, stderr } = await runWithClosedStdout(["plan", "-f", "examples/homelab/zerotrust.yaml"]);
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /);
    assert.equal(stderr, "");
    assert.equal(code, 0);
  });
});
