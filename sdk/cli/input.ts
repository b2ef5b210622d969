import * as fs from "node:fs";
import * as path from "node:path";
import { CliUsageError } from "./io";

/**
 * Reads a file a command was given, where `-` means standard input (`... | tailnet-zerotrust plan
 * -f -`). Standard input is read once and kept, since a command may read its args file twice
 * (once to tell a fleet from a cluster, once to plan it).
 */

export const STDIN = "-";

const fromProcess = () => fs.readFileSync(0, "utf8");
let stdinText: string | undefined;
let readStdin: () => string = fromProcess;

/** Where standard input comes from for one run (tests give text; the process reads descriptor 0). */
export function useStdin(reader: (() => string) | undefined): void {
  stdinText = undefined;
  readStdin = reader ?? fromProcess;
}

/** The text of `file` (or of standard input for `-`), resolved against `cwd`. */
export function readInputText(file: string, cwd: string): string {
  if (file === STDIN) {
    try {
      stdinText ??= readStdin();
    } catch (err) {
      throw new CliUsageError(`standard input: cannot read: ${(err as Error).message}`);
    }
    return stdinText;
  }
  try {
    return fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (err) {
    throw new CliUsageError(`${file}: cannot read: ${(err as Error).message}`);
  }
}
