/**
 * Where in the user's policy text a problem is: `ssh[2].users` -> line 41. Tailscale names the
 * rule; the line saves the user counting entries in a long, commented file. Locations come from
 * jsonc-parser's syntax tree (section names matched case-insensitively, as Tailscale reads them).
 */
import { type Node, parseTree } from "jsonc-parser";

/** The path at the start of a message (`grants[2].ip[0]: ...`, `tagOwners["tag:x"]: ...`) as segments. */
function pathOf(message: string): (string | number)[] {
  const head = /^[A-Za-z]\w*((\[\d+\]|\["[^"]*"\]|\.[A-Za-z]\w*)*)/.exec(message);
  if (!head) return [];
  const segments: (string | number)[] = [/^[A-Za-z]\w*/.exec(head[0])![0]];
  for (const m of head[1].matchAll(/\[(\d+)\]|\["([^"]*)"\]|\.([A-Za-z]\w*)/g)) {
    segments.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]));
  }
  return segments;
}

function child(node: Node, segment: string | number): Node | undefined {
  if (typeof segment === "number") return node.type === "array" ? node.children?.[segment] : undefined;
  if (node.type !== "object") return undefined;
  const key = segment.toLowerCase();
  return node.children?.find((p) => String(p.children?.[0]?.value).toLowerCase() === key)?.children?.[1];
}

/** The 1-based line of the deepest node of the message's leading path found in `text`, if any. */
export function lineOfMessage(text: string, message: string): number | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const segments = pathOf(message);
  if (!root || segments.length === 0) return undefined;
  let node: Node = root;
  let found = false;
  for (const segment of segments) {
    const next = child(node, segment);
    if (!next) break;
    node = next;
    found = true;
  }
  if (!found) return undefined;
  return text.slice(0, node.offset).split("\n").length;
}

/** The message with ` (line N)` after its path when the path is in `text` (e.g. the user's base policy). */
export function withLine(text: string, message: string): string {
  const line = lineOfMessage(text, message);
  if (line === undefined) return message;
  return message.replace(/^([^:]*?(\]|\w)): /, `$1 (line ${line}): `);
}
