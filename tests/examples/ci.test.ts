import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../../sdk/cli/diff";
import { ROOT, run } from "../cli/run";

/**
 * The CI examples must keep working as the tool changes: every `tailnet-zerotrust` invocation in
 * the workflows names a real command with options it accepts, and the diff step, run on the homelab
 * args as a new file, prints the comment and the exit code the workflow expects.
 */

const CI = path.join(ROOT, "examples", "ci");
const workflow = (name: string) => parse(fs.readFileSync(path.join(CI, name), "utf8"));
const steps = (w: any): any[] => Object.values<any>(w.jobs).flatMap((job) => job.steps);

/** Each `tailnet-zerotrust ...` command line in the workflow's run scripts, as words (redirections cut). */
function invocations(w: any): string[][] {
  return steps(w)
    .filter((s) => typeof s.run === "string")
    .flatMap((s) => s.run.split("\n"))
    .map((line: string) => /tailnet-zerotrust(?:@[\w.-]+)?\s+([^>|;&]*)/.exec(line))
    .filter((m: RegExpExecArray | null): m is RegExpExecArray => m !== null)
    .map((m: RegExpExecArray) => m[1].trim().split(/\s+/));
}

describe("examples/ci", () => {
  it("runs pulumi preview --diff on pull requests and posts it as a comment", () => {
    const w = workflow("pulumi-preview.yml");
    assert.ok("pull_request" in w.on);
    assert.equal(w.permissions["pull-requests"], "write");
    const preview = steps(w).find((s) => String(s.uses).startsWith("pulumi/actions@"));
    assert.ok(preview, "a pulumi/actions step");
    assert.equal(preview.with.command, "preview");
    assert.equal(preview.with.diff, true);
    assert.equal(preview.with["comment-on-pr"], true);
  });

  describe("kubernetes-diff.yml", () => {
    const w = workflow("kubernetes-diff.yml");
    const calls = invocations(w);

    it("calls real commands of the tool, with options they accept", async () => {
      assert.ok(calls.length > 0, "the workflow runs tailnet-zerotrust");
      for (const [command, ...args] of calls) {
        const help = await run([command, "--help"]);
        assert.equal(help.code, 0, `tailnet-zerotrust ${command} is a command`);
        for (let i = 0; i < args.length; i++) {
          if (!args[i].startsWith("-")) continue;
          assert.ok(help.stdout.includes(args[i]), `${command} --help lists ${args[i]}`);
          if (args[i] === "-o") assert.match(help.stdout, new RegExp(`\\b${args[i + 1]}\\b`));
        }
      }
    });

    it("prints the comment and exit code the workflow expects, on a new args file", async () => {
      const [command, ...args] = calls.find((c) => c[0] === "diff")!;
      const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "tzt-ci-"));
      fs.writeFileSync(path.join(dir, "base.yaml"), ""); // what `git show` leaves when the base has no file
      fs.copyFileSync(path.join(ROOT, "examples/homelab/zerotrust.yaml"), path.join(dir, "zerotrust.yaml"));
      const got = await run([command, ...args], dir);
      assert.equal(got.code, 1, got.stderr);
      assert.ok(got.stdout.startsWith(COMMENT_MARKER));
      assert.match(got.stdout, /^\+ declared frontend-to-backend: /m);
      const review = steps(w).find((s) => s.if === "steps.diff.outputs.code == '1'");
      assert.match(review.run, /exit 1/, "exit code 1 fails the job, asking for a review");
      assert.match(review.run, /reviewDecision[\s\S]*APPROVED/, "an approval turns the check green");
      const comment = steps(w).find((s) => /issues\/comments/.test(s.run ?? ""));
      assert.ok(comment.run.includes(COMMENT_MARKER), "the comment is found by the marker diff prints");
    });

    it("runs when the args file changes or a review arrives, and compares with the base branch's", () => {
      assert.deepEqual(w.on.pull_request.paths, ["zerotrust.yaml"]);
      assert.deepEqual(w.on.pull_request_review.types, ["submitted"]);
      const base = steps(w).find((s) => /git show/.test(s.run ?? ""));
      // GITHUB_BASE_REF is empty on review events; the event payload has the base branch on both.
      assert.match(base.run, /origin\/\$\{\{ github\.event\.pull_request\.base\.ref \}\}:zerotrust\.yaml/);
      assert.equal(steps(w).find((s) => s.uses === "actions/checkout@v4").with["fetch-depth"], 0);
    });
  });
});
