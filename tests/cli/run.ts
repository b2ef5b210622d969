import * as path from "node:path";
import type { CliIo } from "../../sdk/cli/io";
import { main } from "../../sdk/cli/main";

/** The repository root: commands in tests resolve paths against it, like a user in a clone. */
export const ROOT = path.join(__dirname, "..", "..");

/**
 * Runs the command-line tool in-process and returns what it printed and its exit code; `extra`
 * replaces parts of the IO (standard input, a terminal's colour).
 */
export async function run(
  argv: string[],
  cwd = ROOT,
  extra: Partial<CliIo> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stderrIsTTY: false,
    cwd,
    ...extra,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
