import type { FlowDiff, LineChange } from "../verify/diff";
import { count, renderJson, renderTable } from "./formats";

/**
 * The three forms of a comparison of two args files (or two fleet files, cluster by cluster and
 * then the links): a table, a pull-request comment and JSON. Every form counts, marks and judges
 * with the same lists, so the headline, the counts, the markers and the exit code cannot disagree.
 */

/** One compared unit: a cluster's flows, tailnet paths and API server access, under a heading. */
export interface DiffPart {
  /** `cluster homelab` for fleets; empty for one args file. */
  readonly heading: string;
  readonly diff: FlowDiff;
}

/** A fleet's links, proven end to end, compared line by line. */
export interface DiffLinks {
  readonly lines: LineChange;
}

function summary(what: string, c: LineChange): string {
  if (c.opened.length + c.closed.length + c.sameAccess.length === 0)
    return `No change in ${what} (${c.unchanged} unchanged).`;
  const same = c.sameAccess.length ? `, ${c.sameAccess.length} with the same access` : "";
  return `${what[0].toUpperCase()}${what.slice(1)}: ${count(c.opened.length, "opens", "open")}, ${count(c.closed.length, "closes", "close")}${same}, ${c.unchanged} unchanged.`;
}

/** The API server section only when either side declares any (most declarations have none). */
const hasAccess = (d: FlowDiff) =>
  d.access.opened.length + d.access.closed.length + d.access.sameAccess.length + d.access.unchanged > 0;

const sections = (d: FlowDiff): [string, string, LineChange][] => [
  ["allowed flows", "FLOW", d.flows],
  ["tailnet paths", "PATH", d.tailnetPaths],
  ...(hasAccess(d) ? [["API server access", "ACCESS", d.access] as [string, string, LineChange]] : []),
];

const rows = (c: LineChange) => [
  ...c.opened.map((l) => ["opens", l]),
  ...c.closed.map((l) => ["closes", l]),
  ...c.sameAccess.map((l) => ["same", l]),
];

/** The first line under the title: what the exit code says, in words. */
export const headline = (opens: boolean) =>
  opens ? "This change opens access: review the lines marked opens." : "Nothing opens.";

function renderText(parts: DiffPart[], links: DiffLinks | undefined, title: string, opens: boolean): string {
  const section = (what: string, column: string, c: LineChange) => {
    const r = rows(c);
    return `${summary(what, c)}\n${r.length ? `\n${renderTable({ columns: ["CHANGE", column], rows: r })}` : ""}`;
  };
  const out = [`${title}\n`, `${headline(opens)}\n`];
  for (const part of parts) {
    if (part.heading) out.push(`== ${part.heading} ==\n`);
    out.push(...sections(part.diff).map(([what, column, c]) => section(what, column, c)));
  }
  if (links) out.push("== links ==\n", section("links", "LINK", links.lines));
  return out.join("\n");
}

/** A `diff` code block: GitHub shows opened lines green and closed lines red; lines with the same access stay plain. */
function renderMarkdown(
  parts: DiffPart[],
  links: DiffLinks | undefined,
  title: string,
  opens: boolean,
  marker: string,
): string {
  const section = (what: string, c: LineChange) => {
    const lines = [
      ...c.opened.map((l) => `+ ${l}`),
      ...c.closed.map((l) => `- ${l}`),
      ...c.sameAccess.map((l) => `  ${l} (same access)`),
    ];
    const heading = `#### ${summary(what, c)}\n`;
    return lines.length ? `${heading}\n\`\`\`diff\n${lines.join("\n")}\n\`\`\`\n` : heading;
  };
  const verdict = opens ? "**This change opens access: review the lines marked `+`.**\n" : "Nothing opens.\n";
  const out = [`${marker}\n### tailnet-zerotrust: ${title}\n`, verdict];
  for (const part of parts) {
    if (part.heading) out.push(`### ${part.heading}\n`);
    out.push(...sections(part.diff).map(([what, , c]) => section(what, c)));
  }
  if (links) out.push("### links\n", section("links", links.lines));
  return out.join("\n");
}

const jsonOf = (d: FlowDiff) => ({
  opens: d.opens,
  flows: d.flows,
  tailnetPaths: d.tailnetPaths,
  access: d.access,
});

/** One args file's comparison (`parts` has one unnamed part) or a fleet's. */
export function renderFlowDiff(
  format: string,
  parts: DiffPart[],
  links: DiffLinks | undefined,
  context: { title: string; sides: object; marker: string },
): { text: string; opens: boolean } {
  const opens = parts.some((p) => p.diff.opens) || (links?.lines.opened.length ?? 0) > 0;
  const { title, sides, marker } = context;
  if (format === "json") {
    const body = links
      ? {
          clusters: Object.fromEntries(
            parts.map((p) => [p.heading.replace(/^cluster /, ""), jsonOf(p.diff)]),
          ),
          links: links.lines,
        }
      : jsonOf(parts[0].diff);
    return { text: renderJson({ ...sides, ...body, opens }), opens };
  }
  if (format === "markdown") return { text: renderMarkdown(parts, links, title, opens, marker), opens };
  return { text: renderText(parts, links, title, opens), opens };
}
