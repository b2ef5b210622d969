import type { YAMLError } from "yaml";
import { redactSecrets } from "../kernel/secrets";

/**
 * A YAML error a user can act on without opening the file: the line and column, the key it is
 * about, and the line itself with a caret. The `yaml` package's own message ends in a snippet
 * that a one-line error would cut off mid-sentence (`Map keys must be unique at line 6, column 3:`).
 * The quoted line and key have secret-looking tokens cut: the line at fault may be
 * `oauthClientSecret: tskey-client-...`, and the error lands in CI logs.
 */

/** `  apps: {}` -> `apps`; `- name: web` -> `name`; quoted keys without their quotes. */
function keyOf(line: string): string | undefined {
  const m = /^\s*(?:-\s+)*("[^"]*"|'[^']*'|[^\s:#"'{[][^:#]*?)\s*:(?:\s|$)/.exec(line);
  return m ? m[1].replace(/^["']|["']$/g, "") : undefined;
}

const indentOf = (line: string) => /^\s*/.exec(line)![0].length;

/** The key the error is about: the one written at the error, else the one the line belongs to. */
function keyAt(lines: string[], lineIndex: number, col: number): string | undefined {
  const here = lines[lineIndex] ?? "";
  const atError = keyOf(" ".repeat(col - 1) + here.slice(col - 1)) ?? keyOf(here);
  if (atError) return atError;
  // The parent: the nearest key above that is indented less (a sibling item's key is not it).
  const indent = indentOf(here);
  for (let i = lineIndex - 1; i >= 0; i--) {
    const key = keyOf(lines[i]);
    if (key && (indentOf(lines[i]) < indent || indent === 0)) return key;
  }
  return undefined;
}

/** `line 6, column 3, key "apps": Map keys must be unique` and the quoted line with a caret under the column. */
export function describeYamlError(error: YAMLError, text: string): string {
  const reason = redactSecrets(error.message.split("\n")[0]).replace(/ at line \d+, column \d+:?$/, "");
  const pos = error.linePos?.[0];
  if (!pos) return reason;
  const lines = text.split(/\r?\n/);
  const found = keyAt(lines, pos.line - 1, pos.col);
  const key = found === undefined ? undefined : redactSecrets(found);
  const quoted = redactSecrets((lines[pos.line - 1] ?? "").replace(/\t/g, " "));
  const gutter = String(pos.line);
  return [
    `line ${pos.line}, column ${pos.col}${key ? `, key "${key}"` : ""}: ${reason}`,
    `  ${gutter} | ${quoted}`,
    `  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, pos.col - 1))}^`,
  ].join("\n");
}
