import { describeFlow } from "../kernel/flows";
import type { IntentReport } from "../verify/intent-report";
import type { TailnetFlow } from "../verify/tailnet-flows";
import { describeDifference, differencePorts } from "../verify/verify";
import { type Cell, renderJson, renderMarkdown, renderTable } from "./formats";

/**
 * The report of `verify`, as a table, markdown or JSON: for one cluster (verify.ts) and for each
 * cluster of a fleet (fleet.ts), so it sits below both commands.
 */

/** A tailnet path as the JSON report lists it. */
const pathJson = (f: TailnetFlow) => ({ path: f.path, source: f.source, flow: f.text, reason: f.reason });

/**
 * The report. `paths` are the plan's tailnet paths (empty for a live export): the blocked ones are
 * differences; the open `undeclared` ones (an acknowledged shared egress ProxyGroup) do not fail
 * the check but are listed, and the summary then never says "nothing undeclared open".
 */
export function renderReport(
  format: string,
  report: IntentReport,
  paths: TailnetFlow[],
  target: string,
): string {
  const blocked = paths.filter((f) => !f.allowed);
  const shared = paths.filter((f) => f.allowed && f.undeclared);
  const unverified = report.flows.filter((f) => !f.verdict);
  if (format === "json") {
    return renderJson({
      target,
      holds: report.differences.length === 0 && blocked.length === 0,
      checked: report.checked,
      differences: report.differences,
      blockedTailnetPaths: blocked.map(pathJson),
      undeclaredTailnetPaths: shared.map(pathJson),
      unverifiedFlows: unverified.map((f) => describeFlow(f.flow)),
    });
  }
  const problems = report.differences.length + blocked.length;
  const open = shared.length
    ? `; ${shared.length} tailnet path(s) open that no entry declares (acknowledged shared egress ProxyGroups):\n${shared.map((f) => `- ${f.text}\n    because ${f.reason}\n`).join("")}`
    : ", nothing undeclared open.\n";
  const summary =
    problems === 0
      ? `Intent holds for ${target}: ${report.flows.length - unverified.length} flows allowed, ${report.checked} connections checked${open}`
      : `Intent does NOT hold for ${target}: ${problems} difference(s) in ${report.checked} connections checked.\n`;
  const notes = unverified
    .map((f) => `note: no workload in the cluster fits ${describeFlow(f.flow)}\n`)
    .join("");
  if (problems === 0) return summary + notes;
  const rows: Cell[][] = [
    ...report.differences.map((d) => [d.kind, d.from, d.to, differencePorts(d), d.reason]),
    ...blocked.map((f) => ["blocked tailnet path", f.source, f.text, f.path, f.reason]),
  ];
  if (format === "markdown") {
    return `${summary}\n${renderMarkdown({ columns: ["difference", "from", "to", "ports", "why"], rows })}${notes}`;
  }
  const table = renderTable({
    columns: ["DIFFERENCE", "FROM", "TO", "PORTS"],
    rows: rows.map((r) => r.slice(0, 4)),
  });
  const explained = [
    ...report.differences.map((d) => `- ${describeDifference(d)}\n`),
    ...blocked.map(
      (f) => `- ${f.path}: "${f.source}" cannot reach its backend (${f.text})\n    because ${f.reason}\n`,
    ),
  ];
  return `${summary}\n${table}\n${explained.join("")}${notes}`;
}
