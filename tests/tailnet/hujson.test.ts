import assert from "node:assert/strict";
import { HujsonSyntaxError, parseHujson } from "../../sdk/tailnet";

/** Asserts that parsing fails at the given position with a reason containing `reason`. */
function assertFailsAt(text: string, line: number, column: number, reason: string): HujsonSyntaxError {
  try {
    parseHujson(text, "basePolicy");
  } catch (e) {
    assert.ok(e instanceof HujsonSyntaxError, `expected a HujsonSyntaxError, got ${e}`);
    assert.equal(e.line, line, e.message);
    assert.equal(e.column, column, e.message);
    assert.match(e.reason, new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    return e;
  }
  assert.fail(`expected ${JSON.stringify(text)} to fail`);
}

describe("tailnet HuJSON parser", () => {
  it("parses plain JSON exactly like JSON.parse", () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9\\"/"], "b": {}, "c": []}';
    assert.deepEqual(parseHujson(text), JSON.parse(text));
  });

  it("accepts // and /* */ comments and trailing commas (the policy file format)", () => {
    const text = `// the tailnet policy
{
  /* groups
     of people */
  "groups": {"group:sre": ["alice@example.com",],}, // trailing commas
  "grants": [
    {"src": ["group:sre"], "dst": ["tag:k8s-grafana"], "ip": ["tcp:80"]},
  ],
}
`;
    assert.deepEqual(parseHujson(text), {
      groups: { "group:sre": ["alice@example.com"] },
      grants: [{ src: ["group:sre"], dst: ["tag:k8s-grafana"], ip: ["tcp:80"] }],
    });
  });

  it("keeps comment-like text inside strings", () => {
    assert.deepEqual(parseHujson('{"url": "https://x/*y*/", "c": "// no"}'), {
      url: "https://x/*y*/",
      c: "// no",
    });
  });

  it("reports a missing comma with line and column", () => {
    const e = assertFailsAt('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}', 4, 3, "expected ',' or '}'");
    assert.equal(
      e.message,
      "basePolicy does not parse: line 4, column 3: unexpected '\"', expected ',' or '}'",
    );
  });

  it("reports the position of other errors", () => {
    assertFailsAt('{"a": [1 2]}', 1, 10, "expected ',' or ']'");
    assertFailsAt('{"a": [1,,2]}', 1, 10, "unexpected ','");
    assertFailsAt('{\n  "a": tru\n}', 2, 8, "expected a value");
    assertFailsAt('{"a": "open', 1, 7, "unterminated string");
    assertFailsAt("{} /* never closed", 1, 4, "unterminated /* comment");
    assertFailsAt('{"a": 1} x', 1, 10, "unexpected content after the end");
    assertFailsAt('{"a": 1, "a": 2}', 1, 10, 'duplicate key "a"');
    assertFailsAt("", 1, 1, "unexpected end of input");
    assertFailsAt('{"a": "\\q"}', 1, 8, "invalid escape");
    assertFailsAt("{a: 1}", 1, 2, "expected a key");
  });

  it('keeps a "__proto__" key as data', () => {
    const value = parseHujson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ["__proto__"]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});
