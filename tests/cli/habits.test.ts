import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { colourAllowed } from "../../sdk/cli/colour";
import type { CliIo } from "../../sdk/cli/io";
import { ROOT, run } from "./run";

const HOMELAB = "examples/homelab/zerotrust.yaml";
const HOMELAB_TEXT = fs.readFileSync(path.join(ROOT, HOMELAB), "utf8");

/** Runs the tool in-process with standard input and colour as a terminal would give them. */
const runWith = (argv: string[], extra: Partial<CliIo>) => run(argv, ROOT, extra);

describe("command-line habits", () => {
  it("prints its version with --version", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const flag of ["--version", "-V"]) {
      const { code, stdout } = await run([flag]);
      assert.equal(code, 0);
      assert.equal(stdout, `tailnet-zerotrust ${version}\n`);
    }
  });

  it("reads the args file from standard input with -f -", async () => {
    const fromFile = await run(["plan", "-f", HOMELAB]);
    const fromStdin = await runWith(["plan", "-f", "-"], { stdinText: () => HOMELAB_TEXT });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.equal(fromStdin.stdout, fromFile.stdout);
    const verify = await runWith(["verify", "-f", "-"], { stdinText: () => HOMELAB_TEXT });
    assert.match(verify.stdout, /^Intent holds for the planned policies of -: /);
  });

  it("names standard input in its errors", async () => {
    const { code, stderr } = await runWith(["plan", "-f", "-"], {
      stdinText: () => "namespaces:\n  a: {}\n  a: {}\n",
    });
    assert.equal(code, 2);
    assert.match(stderr, /<stdin>: invalid YAML: line 3, column 3, key "a"/);
  });

  it("compares standard input with a file in diff", async () => {
    const changed = HOMELAB_TEXT.replace("ports: [{ port: 8080 }]", "ports: [{ port: 9090 }]");
    const { code, stdout } = await runWith(["diff", HOMELAB, "-"], { stdinText: () => changed });
    assert.equal(code, 1);
    assert.match(stdout, /^opens {3}declared frontend-to-backend: .* on TCP\/9090$/m);
  });

  it("colours the headlines on a terminal, and nothing else", async () => {
    const ESC = "\u001b";
    const coloured = await runWith(["verify", "-f", HOMELAB], { colour: true });
    assert.ok(coloured.stdout.startsWith(`${ESC}[32mIntent holds for `), coloured.stdout);
    const plain = await runWith(["verify", "-f", HOMELAB], { colour: false });
    assert.equal(coloured.stdout.split(`${ESC}[32m`).join("").split(`${ESC}[0m`).join(""), plain.stdout);
    assert.ok(!plain.stdout.includes(ESC));
    const changed = await runWith(["diff", HOMELAB, "/dev/null"], { colour: true });
    assert.ok(changed.stdout.includes(`\n${ESC}[31mThis change opens access`), changed.stdout);
    const json = await runWith(["plan", "-f", HOMELAB, "-o", "json"], { colour: true });
    assert.ok(!json.stdout.includes(ESC), "data formats stay plain");
  });

  it("respects NO_COLOR and colours only terminals", () => {
    assert.equal(colourAllowed(true, {}), true);
    assert.equal(colourAllowed(true, { NO_COLOR: "1" }), false);
    assert.equal(colourAllowed(true, { NO_COLOR: "" }), true, "an empty NO_COLOR does not count");
    assert.equal(colourAllowed(false, {}), false);
  });
});
