import * as fs from "node:fs";
import * as path from "node:path";
import { CliUsageError } from "./io";

/**
 * Inputs that cannot hurt (issue 23): the command-line tool reads regular files only, of a bounded
 * size, and refuses input nested deeper than any real declaration or export. A FIFO would hang the
 * read, `/dev/zero` (behind a symlink, say) would fill memory, a YAML alias bomb or a very deep
 * document would blow the stack: each is a named input error (exit 2), never a hang or a trace.
 */

/** The largest file read: far above any export of a real cluster's policies and pods. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** The deepest nesting accepted in a document (Kubernetes objects and Helm values stay far below). */
export const MAX_DEPTH = 100;

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  if (stat.isDirectory()) return "a folder";
  return "not a regular file";
}

const refuse = (given: string, what: string) =>
  new CliUsageError(`${given}: is ${what}, not a regular file: save the input to a file and pass that`);

/** The text of a regular file, refusing anything else by name and anything larger than the cap. */
export function readInputText(given: string, cwd: string, maxBytes = MAX_INPUT_BYTES): string {
  const absolute = path.resolve(cwd, given);
  let fd: number;
  try {
    // stat first: opening a FIFO for reading would wait for a writer.
    const stat = fs.statSync(absolute);
    // `/dev/null` is the documented empty side of a diff: a device, but one that reads nothing.
    if (stat.isCharacterDevice() && fs.realpathSync(absolute) === "/dev/null") return "";
    if (!stat.isFile()) throw refuse(given, kindOf(stat));
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    throw new CliUsageError(`${given}: cannot read: ${(err as Error).message}`);
  }
  try {
    // stat the opened file again: the path may have been swapped in between.
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw refuse(given, kindOf(stat));
    if (stat.size > maxBytes)
      throw new CliUsageError(
        `${given}: is ${stat.size} bytes, more than the ${maxBytes} this tool reads: pass a smaller export (only namespaces, pods and policies are needed)`,
      );
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes)
        throw new CliUsageError(`${given}: grew past ${maxBytes} bytes while being read`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length).toString("utf8");
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    throw new CliUsageError(`${given}: cannot read: ${(err as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses a parsed document nested deeper than {@link MAX_DEPTH} (checked without recursion). */
export function assertShallow(value: unknown, source: string, max = MAX_DEPTH): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max)
      throw new CliUsageError(
        `${source}: is nested more than ${max} levels deep, deeper than any declaration or export: refused`,
      );
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
}
