import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exec, ROOT, stage } from "./staging";

/**
 * `npx tailnet-zerotrust` in a clone runs the TypeScript sources through tools/register.js, which
 * keeps each transpiled file in a cache keyed by its content. Nothing may make it run old code: an
 * edit that keeps the file's size and modification time, or a dist/ that `npm run build` left behind.
 * Each test works in a staging copy of the checkout, so the real sources are never touched.
 */
describe("the command-line tool run from a checkout", function () {
  this.timeout(120_000);
  let work: string;
  let checkout: string;
  const help = () =>
    exec(process.execPath, [path.join(checkout, "bin", "tailnet-zerotrust.js"), "--help"], ROOT);

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tzt-checkout-"));
    checkout = path.join(work, "checkout");
    stage(checkout);
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("runs an edited source on the next start, even one with the same size and modification time", () => {
    const main = path.join(checkout, "sdk", "cli", "main.ts");
    const original = fs.readFileSync(main, "utf8");
    const { mtime } = fs.statSync(main);
    assert.match(help(), /^usage: tailnet-zerotrust <command>/);
    const edited = original.replace(
      "usage: tailnet-zerotrust <command>",
      "usage: TAILNET-zerotrust <command>",
    );
    assert.notEqual(edited, original);
    fs.writeFileSync(main, edited);
    fs.utimesSync(main, mtime, mtime);
    assert.match(help(), /^usage: TAILNET-zerotrust <command>/);
    fs.writeFileSync(main, original);
    fs.utimesSync(main, mtime, mtime);
    assert.match(help(), /^usage: tailnet-zerotrust <command>/);
  });

  it("never runs a dist/ left behind by a build", () => {
    const stale = path.join(checkout, "dist", "cli", "main.js");
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, 'exports.main = async () => { console.log("stale build"); return 0; };\n');
    const out = help();
    assert.doesNotMatch(out, /stale build/);
    assert.match(out, /^usage: tailnet-zerotrust <command>/);
  });

  it("points stack traces at the TypeScript source", () => {
    const file = path.join(checkout, "sdk", "thrower.ts");
    fs.writeFileSync(
      file,
      'export function fail(): never {\n  const why: string = "on line 3";\n  throw new Error(why);\n}\n',
    );
    const script = `require(${JSON.stringify(path.join(checkout, "tools", "register.js"))});
try { require(${JSON.stringify(file)}).fail(); } catch (e) { console.log(e.stack); }`;
    assert.ok(
      exec(process.execPath, ["-e", script], ROOT).includes(`(${file}:3:9)`),
      "the stack names the real file",
    );
  });
});
