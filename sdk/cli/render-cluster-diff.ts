import type { ClusterDiff, ConnectionChange } from "../verify/cluster-diff";
import { count, renderJson, renderTable } from "./formats";

/**
 * The three forms of a comparison of two cluster exports: a table with each change's reason
 * below it, a pull-request comment, and JSON with port intervals and address ranges for tools.
 */

const line = (c: ConnectionChange) => `${c.from} -> ${c.to} on ${c.portsText}`;

function summary(d: ClusterDiff): string {
  if (d.opened.length === 0 && d.closed.length === 0)
    return `No change in allowed connections (${d.unchanged} unchanged).`;
  return `Allowed connections: ${count(d.opened.length, "opens", "open")}, ${count(d.closed.length, "closes", "close")}, ${d.unchanged} unchanged.`;
}

const WHY =
  "Why (the new version's verdict on the first connection of each change, naming the policies that decide it):";

export function renderClusterDiff(
  format: string,
  d: ClusterDiff,
  title: string,
  sides: object,
  marker: string,
): string {
  const changes = [...d.opened, ...d.closed];
  if (format === "json") {
    return renderJson({
      ...sides,
      opens: d.opens,
      opened: d.opened,
      closed: d.closed,
      unchanged: d.unchanged,
    });
  }
  if (format === "markdown") {
    const verdict = d.opens
      ? "**This change opens access: review the lines marked `+`.**\n"
      : "Nothing opens.\n";
    const block = changes.length
      ? `\n\`\`\`diff\n${changes.map((c) => `${c.change === "opens" ? "+" : "-"} ${line(c)}`).join("\n")}\n\`\`\`\n\n${WHY}\n\n${changes.map((c) => `- ${c.change} \`${line(c)}\`: ${c.why}\n`).join("")}`
      : "";
    return `${marker}\n### tailnet-zerotrust: ${title}\n\n${verdict}\n#### ${summary(d)}\n${block}`;
  }
  if (changes.length === 0) return `${title}\n\n${summary(d)}\n`;
  const table = renderTable({
    columns: ["CHANGE", "FROM", "TO", "PORTS"],
    rows: changes.map((c) => [c.change, c.from, c.to, c.portsText]),
  });
  const why = changes.map((c) => `- ${c.change} ${line(c)}\n    ${c.why}\n`).join("");
  return `${title}\n\n${summary(d)}\n\n${table}\n${WHY}\n${why}`;
}
