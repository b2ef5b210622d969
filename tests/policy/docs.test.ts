import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../sdk/policy/catalog";

/** docs/guardrails.md lists every rule with its kind and default level, and every setting with its default. */
describe("docs/guardrails.md", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "guardrails.md"), "utf8");

  it("has a row per rule with its kind and default level", () => {
    for (const r of RULES) {
      const kind = "stack" in r.rule ? "stack" : "resource";
      assert.ok(text.includes(`| \`${r.name}\` | ${kind} | ${r.enforcementLevel} |`), r.name);
    }
  });

  it("names every setting", () => {
    for (const r of RULES)
      for (const key of Object.keys(r.config)) assert.ok(text.includes(`\`${key}\``), `${r.name}.${key}`);
  });
});
