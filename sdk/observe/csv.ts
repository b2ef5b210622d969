import { readLabelList } from "./identity";
import { FlowInputError, type FlowProtocol, type ObservedParty, type ReadResult } from "./model";

/**
 * The documented CSV for any other source: a header line, then one connection per row.
 *
 *   src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol
 *
 * Labels are `key=value` pairs separated by `;` (`app=web;tier=front`). A destination without a
 * namespace is the address in `dst_ip`. Optional columns, in any order after the header's own:
 * `src_ip` (a source outside the cluster), `verdict` (`allowed`, the default, or `dropped`/
 * `denied` for traffic blocked today), `count` (connections, default 1) and `time` (RFC 3339).
 * Fields may be quoted as RFC 4180 says.
 */

export const CSV_COLUMNS = [
  "src_namespace",
  "src_labels",
  "dst_namespace",
  "dst_labels",
  "dst_ip",
  "port",
  "protocol",
] as const;
const OPTIONAL = ["src_ip", "verdict", "count", "time"];

/** Whether a first line is the CSV header. */
export const isCsvHeader = (line: string) => splitCsv(line)[0]?.trim() === "src_namespace";

/** RFC 4180 fields of one line (no line breaks inside quotes: one record per line). */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cell);
      cell = "";
    } else cell += c;
  }
  if (quoted) throw new FlowInputError("unterminated quoted field");
  out.push(cell);
  return out;
}

export class CsvReader {
  private readonly index: { [column: string]: number } = {};

  constructor(header: string) {
    const names = splitCsv(header).map((c) => c.trim());
    names.forEach((name, i) => {
      this.index[name] = i;
    });
    const missing = CSV_COLUMNS.filter((c) => this.index[c] === undefined);
    if (missing.length)
      throw new FlowInputError(`CSV header lacks ${missing.join(", ")} (expected ${CSV_COLUMNS.join(",")})`);
    const unknown = names.filter(
      (n) => !(CSV_COLUMNS as readonly string[]).includes(n) && !OPTIONAL.includes(n),
    );
    if (unknown.length)
      throw new FlowInputError(
        `CSV header has unknown column(s) ${unknown.join(", ")} (optional: ${OPTIONAL.join(", ")})`,
      );
  }

  read(line: string): ReadResult {
    const cells = splitCsv(line);
    const get = (name: string) => {
      const i = this.index[name];
      return i === undefined ? "" : (cells[i] ?? "").trim();
    };
    const port = Number(get("port"));
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new FlowInputError(`port "${get("port").slice(0, 20)}" is not a number from 1 to 65535`);
    const protocol = (get("protocol") || "TCP").toUpperCase();
    if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP")
      throw new FlowInputError(`protocol "${protocol.slice(0, 20)}" is not TCP, UDP or SCTP`);
    const verdict = (get("verdict") || "allowed").toLowerCase();
    if (!["allowed", "forwarded", "dropped", "denied"].includes(verdict))
      throw new FlowInputError(`verdict "${verdict.slice(0, 20)}" is not allowed, dropped or denied`);
    const count = get("count") === "" ? 1 : Number(get("count"));
    if (!Number.isInteger(count) || count < 1)
      throw new FlowInputError(`count "${get("count").slice(0, 20)}" is not a positive whole number`);
    const src = this.party(get("src_namespace"), get("src_labels"), get("src_ip"), "world");
    if (typeof src === "string") return { skip: `source ${src}` };
    const dst = this.party(get("dst_namespace"), get("dst_labels"), get("dst_ip"), "address");
    if (typeof dst === "string") return { skip: `destination ${dst}` };
    const time = get("time") ? Date.parse(get("time")) : Number.NaN;
    if (get("time") && Number.isNaN(time))
      throw new FlowInputError(`time "${get("time").slice(0, 30)}" is not an RFC 3339 time`);
    const blocked = verdict === "dropped" || verdict === "denied";
    return {
      src,
      dst,
      protocol: protocol as FlowProtocol,
      port,
      blocked,
      ...(blocked ? { dropReason: verdict } : {}),
      count,
      ...(Number.isNaN(time) ? {} : { time }),
    };
  }

  private party(
    namespace: string,
    labels: string,
    ip: string,
    entity: "world" | "address",
  ): ObservedParty | string {
    if (namespace) {
      const list = labels.split(";").filter((l) => l.trim() !== "");
      for (const l of list)
        if (!l.includes("=")) throw new FlowInputError(`label "${l.slice(0, 40)}" is not key=value`);
      return { kind: "pod", namespace, labels: readLabelList(list).labels };
    }
    if (ip) return { kind: "address", entity, ip };
    return "has neither a namespace nor an address";
  }
}
