import assert from "node:assert/strict";
import { renderMarkdown, renderMermaid } from "../../sdk/render/views";

/** Issue 23.8: a markdown output cannot be broken out of by a value with backticks. */
describe("markdown outputs escape what they quote", () => {
  const source = "group:x```\n# injected\n<img src=x>|`";

  it("a table cell stays one literal cell", () => {
    const text = renderMarkdown({ columns: ["source", "to"], rows: [[source, "web"]] });
    const row = text.trimEnd().split("\n")[2];
    assert.equal(row, "| group:x\\`\\`\\` # injected \\<img src=x>\\|\\` | web |");
    assert.doesNotMatch(text, /(^|[^\\])`/);
  });

  it("a mermaid label cannot end the fenced block", () => {
    const text = renderMermaid({
      nodes: [{ id: "a", label: source }, { id: "b" }],
      edges: [{ from: "a", to: "b", label: "x`y" }],
    });
    assert.doesNotMatch(text, /`/);
    assert.doesNotMatch(text, /\n# injected/);
    assert.match(text, /#96;#96;#96;/);
  });
});
