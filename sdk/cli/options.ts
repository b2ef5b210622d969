import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliUsageError } from "./io";

export type OptionValues = { [name: string]: string | boolean | (string | boolean)[] | undefined };

/** Node's own option parser, with its errors turned into usage errors (exit 2). */
export function parseOptions(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): { values: OptionValues; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message} (see --help)`);
  }
}
