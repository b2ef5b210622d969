import * as fs from "node:fs";
import { CliUsageError } from "./io";
import { readInputText } from "./safe-read";

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

/** The text of `file` (a regular file, read safely), or of standard input for `-`. */
export function readArgsText(file: string, cwd: string): string {
  if (file === STDIN) {
    try {
      stdinText ??= readStdin();
    } catch (err) {
      throw new CliUsageError(`standard input: cannot read: ${(err as Error).message}`);
    }
    return stdinText;
  }
  return readInputText(file, cwd);
}
