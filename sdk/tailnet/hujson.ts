/**
 * A parser for HuJSON ("JSON With Commas and Comments", JWCC), the format of the Tailscale policy
 * file: standard JSON plus `//` line comments, `/* *\/` block comments and one trailing comma after
 * the last element of an object or array (tailscale/hujson README). Every JSON document is valid
 * HuJSON.
 *
 * Why our own: users paste their whole tailnet policy as `basePolicy`, and a typo there must fail
 * `pulumi preview` with a line and column, not `pulumi up` with Tailscale's bare `400`. The format
 * is small enough that a dependency is not worth it, and `JSON.parse` reports positions as byte
 * offsets only after comments were stripped (which shifts them).
 *
 * Deliberate strictness: a key repeated in one object is an error. Go's decoder silently keeps the
 * last value, which for a policy file means silently losing a whole `grants` section.
 */

import { TailnetPolicyError } from "./policy";

/**
 * A HuJSON syntax error, with the 1-based line and column (UTF-16 code units) where it was found.
 * A policy error whose one issue is about the whole document (path ""): nothing parsed, so there is
 * no path inside it to name.
 */
export class HujsonSyntaxError extends TailnetPolicyError {
  constructor(
    /** What was parsed, e.g. `basePolicy`; the message starts with it. */
    readonly source: string,
    readonly line: number,
    readonly column: number,
    /** The reason alone, e.g. `expected ',' or '}'`. */
    readonly reason: string,
  ) {
    super("", `${source} does not parse: line ${line}, column ${column}: ${reason}`);
    this.name = "HujsonSyntaxError";
  }
}

/** A parsed JSON value. Objects are plain objects whose keys keep the document's order. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  parseDocument(): JsonValue {
    this.skipTrivia();
    const value = this.parseValue();
    this.skipTrivia();
    if (this.pos < this.text.length) this.fail("unexpected content after the end of the document");
    return value;
  }

  private fail(reason: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
    throw new HujsonSyntaxError(this.source, line, at - lineStart + 1, reason);
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return "end of input";
    const c = this.text[this.pos];
    return c < " " ? JSON.stringify(c) : `'${c}'`;
  }

  /** Skips whitespace and comments. */
  private skipTrivia(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF") {
        this.pos++;
      } else if (c === "/" && t[this.pos + 1] === "/") {
        while (this.pos < t.length && t[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && t[this.pos + 1] === "*") {
        const start = this.pos;
        const end = t.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated /* comment", start);
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private parseValue(): JsonValue {
    const c = this.text[this.pos];
    if (c === "{") return this.parseObject();
    if (c === "[") return this.parseArray();
    if (c === '"') return this.parseString();
    if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    if (c === undefined) this.fail("unexpected end of input, expected a value");
    return this.fail(`unexpected ${this.describeHere()}, expected a value`);
  }

  private parseObject(): JsonValue {
    const result: { [key: string]: JsonValue } = {};
    this.pos++; // {
    this.skipTrivia();
    while (this.text[this.pos] !== "}") {
      if (this.text[this.pos] !== '"') this.fail(`unexpected ${this.describeHere()}, expected a key or '}'`);
      const keyAt = this.pos;
      const key = this.parseString();
      if (Object.hasOwn(result, key)) this.fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
      this.skipTrivia();
      if (this.text[this.pos] !== ":") this.fail(`unexpected ${this.describeHere()}, expected ':'`);
      this.pos++;
      this.skipTrivia();
      // defineProperty: a "__proto__" key must become data, not the object's prototype.
      Object.defineProperty(result, key, {
        value: this.parseValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipTrivia();
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== "}") {
        this.fail(`unexpected ${this.describeHere()}, expected ',' or '}'`);
      }
    }
    this.pos++; // }
    return result;
  }

  private parseArray(): JsonValue {
    const result: JsonValue[] = [];
    this.pos++; // [
    this.skipTrivia();
    while (this.text[this.pos] !== "]") {
      if (this.text[this.pos] === ",") this.fail("unexpected ',', expected a value or ']'");
      result.push(this.parseValue());
      this.skipTrivia();
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipTrivia();
      } else if (this.text[this.pos] !== "]") {
        this.fail(`unexpected ${this.describeHere()}, expected ',' or ']'`);
      }
    }
    this.pos++; // ]
    return result;
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = "";
    const t = this.text;
    while (true) {
      if (this.pos >= t.length) this.fail("unterminated string", start);
      const c = t[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < " ") this.fail("control character in string (escape it, e.g. \\n)");
      if (c !== "\\") {
        out += c;
        this.pos++;
        continue;
      }
      const e = t[this.pos + 1];
      if (e === "u") {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape, expected four hex digits");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        this.pos += 2;
      } else {
        this.fail(`invalid escape "\\${e ?? ""}"`);
      }
    }
  }

  private parseNumber(): number {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!match) this.fail("invalid number");
    this.pos += match[0].length;
    return Number(match[0]);
  }
}

/**
 * Parses JSON or HuJSON text.
 * @param text the document.
 * @param source what the text is, for the error message (`basePolicy does not parse: line 3, column 7: ...`).
 * @throws HujsonSyntaxError with the line and column of the first error.
 */
export function parseHujson(text: string, source = "input"): JsonValue {
  return new Parser(text, source).parseDocument();
}
