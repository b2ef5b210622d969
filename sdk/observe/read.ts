import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { Aggregator } from "./aggregate";
import { isCalico, readCalico } from "./calico";
import { CsvReader, isCsvHeader } from "./csv";
import { HubbleReader, isHubble } from "./hubble";
import { FlowInputError, type ReadResult } from "./model";

/**
 * Reads one flow log line by line, detecting its format from the content, and feeds each record
 * to the aggregator: nothing but the current line is kept. A line that cannot be read stops the
 * run with `FILE:LINE: why`.
 */

export type FlowFormat = "hubble" | "calico" | "csv";

/** What the formats are, for the message about a file in none of them. */
export const FORMATS_READ = [
  'Hubble flows, one JSON object per line (`hubble observe -o json`, with or without {"flow": ...}; the Hubble exporter\'s files)',
  'Calico flow logs, one JSON object per line (Goldmane flows or Whisker /flows responses, Calico 3.30+), or Whisker\'s /flows list as one document ({"items": [...]})',
  "CSV with the header src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol",
];

type LineReader = (line: string) => ReadResult;

/** Whisker's event stream prefixes each JSON object with `data: `. */
const jsonText = (line: string) => (line.startsWith("data:") ? line.slice(5) : line);

function parseJson(line: string): { [k: string]: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(jsonText(line));
  } catch (err) {
    throw new FlowInputError(`invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FlowInputError("expected one JSON object per line");
  return value as { [k: string]: unknown };
}

/** The reader for a file whose first record is `line`, or undefined when no format fits. */
function detect(line: string): { format: FlowFormat; read: LineReader; header: boolean } | undefined {
  if (isCsvHeader(line)) {
    const csv = new CsvReader(line);
    return { format: "csv", read: (l) => csv.read(l), header: true };
  }
  const trimmed = jsonText(line).trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  const value = parseJson(line);
  if (isCalico(value)) return { format: "calico", read: (l) => readCalico(parseJson(l)), header: false };
  if (isHubble(value)) {
    const hubble = new HubbleReader();
    return { format: "hubble", read: (l) => hubble.read(parseJson(l)), header: false };
  }
  return undefined;
}

/**
 * Whisker's `/flows` without `watch` answers one JSON document, `{"total" or "meta": ..., "items":
 * [FlowResponse...]}` (whisker-backend handlers/v1/flows.go, apiutil `List`), compact or
 * pretty-printed by `jq`. Its first line is either the whole document or just `{`.
 */
function startsDocument(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === "{") return true;
  if (!trimmed.startsWith("{")) return false;
  try {
    return Array.isArray((JSON.parse(trimmed) as { items?: unknown }).items);
  } catch {
    return false;
  }
}

/** The records of a whole-document list (`items`), each read as a line of its own format would be. */
function readDocument(text: string, into: Aggregator): FlowFormat | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FlowInputError(`invalid JSON document: ${(err as Error).message}`);
  }
  const items = (value as { items?: unknown })?.items;
  if (!Array.isArray(items))
    throw new FlowInputError('a JSON document must be a list response with "items" (Whisker\'s /flows)');
  let reader: ReturnType<typeof detect>;
  items.forEach((item, i) => {
    const line = JSON.stringify(item);
    try {
      reader ??= detect(line);
      if (!reader) throw new FlowInputError("is not a Calico or Hubble flow");
      into.add(reader.read(line));
    } catch (err) {
      if (err instanceof FlowInputError) throw new FlowInputError(`items[${i}]: ${err.message}`);
      throw err;
    }
  });
  return reader?.format;
}

export interface ReadOptions {
  /** Called every `every` lines (for progress on a terminal). */
  onLines?: (lines: number) => void;
  every?: number;
}

/** Reads a whole stream into the aggregator; resolves to the detected format (undefined: empty). */
export async function readFlowLog(
  input: Readable,
  source: string,
  into: Aggregator,
  options: ReadOptions = {},
): Promise<FlowFormat | undefined> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let reader: ReturnType<typeof detect>;
  let n = 0;
  const every = options.every ?? 50_000;
  let document: string[] | undefined;
  try {
    for await (const line of lines) {
      n++;
      if (n % every === 0) options.onLines?.(n);
      if (document) {
        document.push(line);
        continue;
      }
      if (line.trim() === "") continue;
      try {
        if (!reader && startsDocument(line)) {
          document = [line];
          continue;
        }
        if (!reader) {
          reader = detect(line);
          if (!reader)
            throw new FlowInputError(
              `not a flow log this command reads; it reads:\n${FORMATS_READ.map((f) => `  - ${f}`).join("\n")}`,
            );
          if (reader.header) continue;
        }
        into.add(reader.read(line));
      } catch (err) {
        if (err instanceof FlowInputError) throw new FlowInputError(`${source}:${n}: ${err.message}`);
        throw err;
      }
    }
  } finally {
    lines.close();
  }
  if (document) {
    try {
      return readDocument(document.join("\n"), into);
    } catch (err) {
      if (err instanceof FlowInputError) throw new FlowInputError(`${source}: ${err.message}`);
      throw err;
    }
  }
  return reader?.format;
}
