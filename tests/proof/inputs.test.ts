import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readInputText } from "../../sdk/cli/safe-read";
import { run } from "../cli/run";

/** Issue 23.8: inputs that cannot hurt; each is a named input error (exit 2), never a hang or a trace. */

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "tzt-inputs-"));

function file(name: string, text: string): string {
  const f = path.join(dir(), name);
  fs.writeFileSync(f, text);
  return f;
}

async function refused(argv: string[], message: RegExp) {
  const { code, stderr } = await run(argv);
  assert.equal(code, 2, stderr);
  assert.match(stderr, message);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
}

describe("inputs that cannot hurt", () => {
  it("refuses a FIFO by name instead of waiting for a writer", async () => {
    const fifo = path.join(dir(), "args.yaml");
    execFileSync("mkfifo", [fifo]);
    await refused(["plan", "-f", fifo], /is a named pipe \(FIFO\), not a regular file/);
    await refused(["verify", "-f", "examples/homelab/zerotrust.yaml", "--cluster", fifo], /named pipe/);
  });

  it("refuses /dev/zero behind a symlink as a device", async () => {
    const link = path.join(dir(), "cluster.yaml");
    fs.symlinkSync("/dev/zero", link);
    await refused(
      ["verify", "-f", "examples/homelab/zerotrust.yaml", "--cluster", link],
      /is a character device, not a regular file/,
    );
  });

  it("refuses a file over the size cap with a clear message", () => {
    const f = file("big.yaml", "x".repeat(2048));
    assert.throws(() => readInputText(f, "/", 1024), /is 2048 bytes, more than the 1024 this tool reads/);
  });

  it("refuses a YAML alias bomb as invalid YAML", async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    await refused(["plan", "-f", file("bomb.yaml", `${lines.join("\n")}\n`)], /invalid YAML: .*alias/i);
  });

  it("refuses YAML and JSON nested deeper than any declaration", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    await refused(["plan", "-f", file("deep.yaml", `namespaces: ${deep}\n`)], /deep|invalid YAML/);
    await refused(
      ["plan", "-f", file("deep.json", `{"namespaces": ${deep}}`)],
      /nested more than 100 levels deep/,
    );
  });

  it("refuses deep helmValues as an input error", async () => {
    let nested = "{}";
    for (let i = 0; i < 200; i++) nested = `{"a": ${nested}}`;
    await refused(
      [
        "plan",
        "-f",
        file("helm.json", `{"namespaces": {"apps": {}}, "operator": {"helmValues": ${nested}}}`),
      ],
      /nested more than 100 levels deep/,
    );
  });
});

describe("the empty side of a diff", () => {
  it("still reads /dev/null as empty", () => {
    assert.equal(readInputText("/dev/null", "/"), "");
  });
});
