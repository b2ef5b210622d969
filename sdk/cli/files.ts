import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { flattenObjects, type K8sObject, ReachInputError } from "../reach";
import { CliUsageError } from "./io";

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
    try {
      const value = JSON.parse(text);
      return Array.isArray(value) ? value : [value]; // a bare array of objects reads like a List
    } catch (err) {
      throw new CliUsageError(`${source}: invalid JSON: ${(err as Error).message}`);
    }
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const error = doc.errors[0];
    if (error) {
      const where = error.linePos ? `line ${error.linePos[0].line}: ` : "";
      throw new CliUsageError(`${source}: invalid YAML: ${where}${error.message.split("\n")[0]}`);
    }
    return doc.toJS();
  });
}

/** Reads every path (files or folders), in order, with `kind: List` flattened. */
export function readObjectFiles(paths: readonly string[], cwd: string): LoadedFile[] {
  return paths.flatMap((given) =>
    expandPath(given, cwd).map((source) => {
      let text: string;
      try {
        text = fs.readFileSync(path.resolve(cwd, source), "utf8");
      } catch (err) {
        throw new CliUsageError(`${source}: cannot read: ${(err as Error).message}`);
      }
      try {
        return { source, objects: flattenObjects(parseDocuments(text, source)) };
      } catch (err) {
        if (err instanceof ReachInputError) throw new CliUsageError(`${source}: ${err.message}`);
        throw err;
      }
    }),
  );
}
