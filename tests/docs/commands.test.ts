import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, run } from "../cli/run";

/**
 * Every `tailnet-zerotrust` command in a fenced code block of the README and the guides runs here,
 * from the repository root against the examples and fixtures the docs name, so a renamed flag, a
 * moved example or a changed exit code breaks this test instead of a reader's first try. A command
 * exits 0 unless its line says `# exits N`.
 */

const DOCS = [
  "README.md",
  ...fs.readdirSync(path.join(ROOT, "docs", "guides")).map((f) => `docs/guides/${f}`),
];

interface DocCommand {
  file: string;
  line: number;
  argv: string[];
  exits: number;
}

/** Shell words: spaces separate, double or single quotes keep a word together. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function commandsIn(file: string): DocCommand[] {
  const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const out: DocCommand[] = [];
  let fenced = false;
  lines.forEach((text, i) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    else if (fenced) {
      const m = text.match(/^\s*(?:npx\s+)?tailnet-zerotrust\s+([^#]*?)\s*(?:#(.*))?$/);
      if (!m) return;
      const exits = Number(m[2]?.match(/\bexits (\d)/)?.[1] ?? 0);
      out.push({ file, line: i + 1, argv: words(m[1]), exits });
    }
  });
  return out;
}

describe("docs: every command in the README and the guides runs", () => {
  for (const file of DOCS) {
    const commands = commandsIn(file);
    it(`${file} shows at least one command`, () =>
      assert.ok(commands.length > 0, `${file} has no command to run`));
    for (const c of commands) {
      it(`${file}:${c.line} tailnet-zerotrust ${c.argv.join(" ")}`, async () => {
        const { code, stderr } = await run(c.argv);
        assert.equal(code, c.exits, `exit ${code}, the docs say ${c.exits}; stderr:\n${stderr}`);
      });
    }
  }
});
