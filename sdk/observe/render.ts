import { type Cell, renderMarkdown, renderTable } from "../render/views";
import type { ObserveReport, ReportRow } from "./report";
import { reportEndpointText } from "./report";

/** The report for people: a sentence, the blocked connections, then what was allowed or left out. */

const side = (e: ReportRow["from"], kind?: string) =>
  kind ? `${reportEndpointText(e)} (${kind})` : reportEndpointText(e);
const seen = (r: ReportRow) => [r.firstSeen ?? "-", r.lastSeen ?? "-"];

const blockedRows = (rows: readonly ReportRow[]): Cell[][] =>
  rows.map((r) => [
    side(r.from, r.fromKind),
    side(r.to, r.toKind),
    `${r.protocol}/${r.port}`,
    r.count,
    ...seen(r),
  ]);

export function renderObserveText(report: ObserveReport, markdown: boolean): string {
  const s = report.summary;
  const render = markdown ? renderMarkdown : renderTable;
  const columns = ["FROM", "TO", "PORT", "CONNECTIONS", "FIRST SEEN", "LAST SEEN"];
  const out: string[] = [];
  out.push(
    `Observed ${s.records} records (${s.files.map((f) => `${f.file}: ${f.format}`).join(", ")}): ` +
      `${s.connections} connections, ${s.repeatedObservations} repeated observations counted once.\n`,
  );
  if (report.blocked.length === 0) {
    out.push(`${s.declaration} would block none of the ${s.allowed} connections it judged.\n`);
  } else {
    out.push(
      `${s.declaration} would BLOCK ${s.blocked} connection(s) in ${report.blocked.length} group(s):\n\n` +
        render({ columns, rows: blockedRows(report.blocked) }),
    );
    if (!markdown)
      out.push(
        ...report.blocked.map(
          (r) => `- ${side(r.from)} -> ${side(r.to)} ${r.protocol}/${r.port}: ${r.why}\n`,
        ),
      );
  }
  if (report.allowed.length)
    out.push(
      `\nAllowed: ${s.allowed} connection(s) in ${report.allowed.length} group(s):\n\n${render({ columns, rows: blockedRows(report.allowed) })}`,
    );
  if (report.alreadyBlocked.length)
    out.push(
      `\nAlready blocked today: ${s.alreadyBlocked} connection(s):\n\n${render({
        columns: [...columns, "WHY"],
        rows: report.alreadyBlocked.map((r, i) => [...blockedRows(report.alreadyBlocked)[i], r.why ?? "-"]),
      })}`,
    );
  if (report.ignored.length)
    out.push(
      `\nIgnored: ${s.ignored} record(s) or connection(s):\n\n${render({
        columns: ["COUNT", "REASON"],
        rows: report.ignored.map((i) => [i.count, i.reason]),
      })}`,
    );
  return out.join("");
}
