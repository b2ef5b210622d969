import { type ParseArgsConfig, parseArgs } from "node:util";
import { parseFormat } from "./formats";
import { type CliIo, CliUsageError } from "./io";

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

/**
 * The options every command over an args file shares (`-f ARGS.yaml`, `-o FORMAT`, `-h`) plus its
 * own. Prints the help and returns undefined for `-h`.
 */
export function parseArgsFileCommand(
  argv: string[],
  io: CliIo,
  command: { help: string; formats: readonly string[]; options?: NonNullable<ParseArgsConfig["options"]> },
): { file: string; format: string; values: OptionValues } | undefined {
  const { values } = parseOptions(argv, {
    ...command.options,
    file: { type: "string", short: "f" },
    output: { type: "string", short: "o", default: command.formats[0] },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(command.help);
    return undefined;
  }
  if (typeof values.file !== "string")
    throw new CliUsageError("no args file: give -f ARGS.yaml (see --help)");
  return { file: values.file, format: parseFormat(String(values.output), command.formats), values };
}
