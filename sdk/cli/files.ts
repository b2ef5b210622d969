import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { firstAndMore } from "../kernel/lists";
import {
  type DataplaneSemantics,
  flattenObjects,
  type K8sObject,
  ReachInputError,
  UPSTREAM,
  unmodelledObjects,
} from "../reach";
import { lastDefinitions, redefinitionNote } from "../reach/load/redefinitions";
import { type CliIo, CliUsageError } from "./io";
import { assertShallow, readInputText } from "./safe-read";
import { describeYamlError } from "./yaml-errors";

/**
 * Reads Kubernetes objects (or any YAML/JSON documents) from files and folders given on the
 * command line: one object, multi-document YAML, JSON, or a `kind: List` such as the output of
 * `kubectl get ns,pods,networkpolicies -A -o yaml`. Errors name the file and, for YAML, the line.
 */

export interface LoadedFile {
  /** The path as the user wrote it (folders: joined with the file's relative path). */
  readonly source: string;
  readonly objects: K8sObject[];
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Lists the files a path names: itself, or the YAML/JSON files below a folder, sorted. */
export function expandPath(given: string, cwd: string): string[] {
  const absolute = path.resolve(cwd, given);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new CliUsageError(`${given}: no such file or folder`);
  }
  if (!stat.isDirectory()) return [given];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(path.resolve(cwd, dir), { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.push(child);
    }
  };
  walk(given);
  if (found.length === 0) throw new CliUsageError(`${given}: folder holds no .yaml, .yml or .json file`);
  return found;
}

/** Parses the documents of one file's text; `source` names it in errors. */
export function parseDocuments(text: string, source: string): unknown[] {
  if (source.toLowerCase().endsWith(".json")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new CliUsageError(`${source}: invalid JSON: ${(err as Error).message}`);
    }
    assertShallow(value, source);
    return Array.isArray(value) ? value : [value]; // a bare array of objects reads like a List
  }
  try {
    return yamlDocuments(text, source);
  } catch (err) {
    // The yaml package's alias-count guard (a billion laughs) and a parser out of stack on a deep document.
    if (err instanceof CliUsageError) throw err;
    if (err instanceof RangeError || err instanceof ReferenceError)
      throw new CliUsageError(`${source}: invalid YAML: ${(err as Error).message.slice(0, 120)}`);
    throw err;
  }
}

function yamlDocuments(text: string, source: string): unknown[] {
  let docs = parseAllDocuments(text);
  if (docs.some((d) => d.errors.length > 0) && /^\t/m.test(text)) {
    // kubectl reads YAML with go-yaml v2, which takes a tab at the start of a line inside a flow
    // collection (`args: [ ... ]`) as the whitespace it is there; the `yaml` package refuses it as
    // indentation. Such tabs carry no meaning, so the text is read again with them spelled as the
    // previous line's indentation, and kept only if that reads without error.
    const retried = parseAllDocuments(untabbed(text));
    if (retried.every((d) => d.errors.length === 0)) docs = retried;
  }
  return docs.map((doc) => {
    const error = doc.errors[0];
    if (error) {
      throw new CliUsageError(`${source}: invalid YAML: ${describeYamlError(error, text)}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    assertShallow(value, source);
    return value;
  });
}

/** Replaces the leading whitespace of lines that start with a tab by the previous line's indentation. */
function untabbed(text: string): string {
  let indent = "";
  return text
    .split("\n")
    .map((line) => {
      if (line.startsWith("\t")) return indent + line.replace(/^[\t ]+/, "");
      if (line.trim() !== "") indent = /^ */.exec(line)![0];
      return line;
    })
    .join("\n");
}

function readOne(source: string, cwd: string): LoadedFile {
  let text: string;
  try {
    text = readInputText(source, cwd);
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    throw new CliUsageError(`${source}: cannot read: ${(err as Error).message}`);
  }
  try {
    return { source, objects: flattenObjects(parseDocuments(text, source)) };
  } catch (err) {
    if (err instanceof ReachInputError) throw new CliUsageError(`${source}: ${err.message}`);
    throw err;
  }
}

/** Reads every path (files or folders), in order, with `kind: List` flattened; the first unreadable file is an error. */
export function readObjectFiles(paths: readonly string[], cwd: string): LoadedFile[] {
  return paths.flatMap((given) => expandPath(given, cwd).map((source) => readOne(source, cwd)));
}

/** What a command read from cluster exports, and whether anything had to be left out. */
export interface ExportRead {
  readonly sources: LoadedFile[];
  /** False when a file could not be read: the answer covers the rest, and the command exits 2. */
  readonly complete: boolean;
  /**
   * A network plugin's own policies the engine skipped (`file: namespace/name`): they may open or
   * close any connection, so `verify` and `diff` cannot pass with them left out (exit 2).
   */
  readonly policiesLeftOut: string[];
}

/**
 * What `verify --cluster` and `diff` print first when a plugin's policies were left out: a gate
 * must not read "Intent holds" or "No change" as a pass when the answer does not cover them.
 */
export function leftOutNotice(names: readonly string[]): string {
  if (names.length === 0) return "";
  const shown = firstAndMore(names, MAX_NAMED);
  return `NOT PROVEN: ${names.length} network-plugin polic${names.length === 1 ? "y" : "ies"} this evaluator does not model (on this dataplane) ${names.length === 1 ? "was" : "were"} left out: ${shown}. They may open or close any connection of the pods they select, so what follows covers only the rest (exit code 2).\n\n`;
}

const MAX_NAMED = 5;

/**
 * Reads cluster exports for `reach`, `verify --cluster` and `diff`. A file that cannot be read
 * (invalid YAML or JSON) does not abort the others: it is named on stderr with what is therefore
 * missing, and `complete` is false so the command still exits 2 and a CI gate never passes on a
 * partial answer. Objects of kinds that change reachability but are not modelled are named too.
 */
export function readExport(
  paths: readonly string[],
  io: CliIo,
  label = "",
  dataplane: DataplaneSemantics = UPSTREAM,
): ExportRead {
  const sources: LoadedFile[] = [];
  let complete = true;
  for (const given of paths) {
    for (const source of expandPath(given, io.cwd)) {
      try {
        sources.push(readOne(source, io.cwd));
      } catch (err) {
        if (!(err instanceof CliUsageError)) throw err;
        complete = false;
        io.stderr(
          `${label}error: skipped ${err.message}\n  every object in ${source} is missing from the answer (exit code 2)\n`,
        );
      }
    }
  }
  // Objects are flattened as they are read (readOne).
  for (const r of lastDefinitions(sources).redefined) io.stderr(`${label}${redefinitionNote(r)}\n`);
  const policiesLeftOut: string[] = [];
  for (const skipped of unmodelledObjects(sources, dataplane)) {
    if (skipped.policies) policiesLeftOut.push(...skipped.objects);
    const n = skipped.objects.length;
    const names = firstAndMore(skipped.objects, MAX_NAMED);
    io.stderr(
      `${label}note: ${skipped.partly ? "read only in part" : "not modelled, skipped"} ${n} ${skipped.what}: ${names}\n  the answer leaves out ${skipped.leavesOut}\n`,
    );
  }
  return { sources, complete, policiesLeftOut };
}
