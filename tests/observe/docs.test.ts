import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, run } from "../cli/run";

/**
 * docs/adopt-live-cluster.md promises that its commands run as written: each `tailnet-zerotrust`
 * line of its sh blocks is run here, its `# exit N` checked, and the text or yaml block right
 * after the sh block (at most one line of prose between) must appear verbatim in the output.
 */

interface Block {
  lang: string;
  body: string;
  /** Non-empty prose lines between the previous block and this one. */
  gap: number;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /```(\w*)\n([\s\S]*?)```/g;
  let last = 0;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const gap = markdown
      .slice(last, m.index)
      .split("\n")
      .filter((l) => l.trim() !== "").length;
    out.push({ lang: m[1], body: m[2], gap });
    last = m.index + m[0].length;
  }
  return out;
}

/** `tailnet-zerotrust ...   # exit N` commands, continuation lines joined. */
function commands(sh: string): { argv: string[]; exit: number }[] {
  return sh
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((l) => l.startsWith("tailnet-zerotrust "))
    .map((l) => {
      const exit = /#\s*exit (\d)/.exec(l);
      assert.ok(exit, `"${l}" states its exit code`);
      return { argv: l.replace(/#.*$/, "").trim().split(/\s+/).slice(1), exit: Number(exit[1]) };
    });
}

describe("docs/adopt-live-cluster.md", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs", "adopt-live-cluster.md"), "utf8");
  const all = blocks(doc);

  it("runs every command of the worked example with the exit code and output it shows", async () => {
    let ran = 0;
    for (const [i, block] of all.entries()) {
      if (block.lang !== "sh") continue;
      let stdout = "";
      for (const c of commands(block.body)) {
        const r = await run(c.argv);
        assert.equal(r.code, c.exit, `${c.argv.join(" ")}\n${r.stderr}`);
        stdout = r.stdout;
        ran++;
      }
      const next = all[i + 1];
      if (next && (next.lang === "text" || next.lang === "yaml") && next.gap <= 1)
        assert.ok(stdout.includes(next.body), `the output shown after block ${i} is what the command prints`);
    }
    assert.equal(ran, 5);
  });
});
