/**
 * Where in the user's policy text a path is: `ssh[2]` -> line 41. Tailscale names the rule; the
 * line saves the user counting entries in a long, commented file. Locations come from
 * jsonc-parser's syntax tree (section names matched case-insensitively, as Tailscale reads them).
 */
import { type Node, parseTree } from "jsonc-parser";

/** A path this library writes (`grants[2].ip[0]`, `tagOwners["tag:x"]`) as segments; undefined if it is not one. */
export function segmentsOf(path: string): (string | number)[] | undefined {
  const head = /^([A-Za-z]\w*)((\[\d+\]|\["[^"]*"\]|\.[A-Za-z]\w*)*)$/.exec(path);
  if (!head) return undefined;
  const segments: (string | number)[] = [head[1]];
  for (const m of head[2].matchAll(/\[(\d+)\]|\["([^"]*)"\]|\.([A-Za-z]\w*)/g)) {
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

/**
 * The 1-based line of the value at `path` in `text`, or undefined when `text` has nothing there:
 * an entry the merge appended (the fragment's) is not the user's, so it has no line of theirs.
 */
export function lineOfPath(text: string, path: string): number | undefined {
  const segments = segmentsOf(path);
  const root = segments && parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!segments || !root) return undefined;
  let node: Node = root;
  for (const segment of segments) {
    const next = child(node, segment);
    if (!next) return undefined;
    node = next;
  }
  return text.slice(0, node.offset).split("\n").length;
}
