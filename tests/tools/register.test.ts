import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * tools/register.js runs the TypeScript sources for the tests and for the command-line tool in a
 * checkout, with inline source maps. A stack trace must name the real source file: with the build's
 * outDir in the transpile options the map's `sources` were relative to dist/, and Node, which
 * resolves them from the source file itself, printed sdk/sdk/cli/io.ts for sdk/cli/io.ts.
 */
describe("tools/register.js", () => {
  it("gives stack traces the real path, line and column of the TypeScript source", () => {
    const root = path.join(__dirname, "..", "..");
    const file = path.join(root, "tests", "fixtures", "loader", "thrower.ts");
    const script = `require(${JSON.stringify(path.join(root, "tools", "register.js"))});
try { require(${JSON.stringify(file)}).fail(); } catch (e) { console.log(e.stack); }`;
    const stack = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
    const frame = stack.split("\n").find((line) => line.includes("thrower.ts"));
    assert.equal(frame?.slice(frame.indexOf("(")), `(${file}:4:9)`, stack);
  });

  it("keeps its transpile cache where TZT_TS_CACHE says, so a bench can empty its own", () => {
    const root = path.join(__dirname, "..", "..");
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-register-cache-"));
    try {
      const file = path.join(root, "tests", "fixtures", "loader", "thrower.ts");
      const script = `require(${JSON.stringify(path.join(root, "tools", "register.js"))});
require(${JSON.stringify(file)});`;
      execFileSync(process.execPath, ["-e", script], { env: { ...process.env, TZT_TS_CACHE: cache } });
      assert.ok(
        fs.readdirSync(cache).some((name) => name.endsWith(".js")),
        "no transpiled file in the cache",
      );
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
