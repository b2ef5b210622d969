import { colourAllowed } from "./colour";

/**
 * The command-line tool's view of the outside world, injected so that tests can run every
 * command in-process and read what it printed.
 */
export interface CliIo {
  /** Data: tables, JSON, YAML. Never progress or diagnostics. */
  stdout(text: string): void;
  /** Diagnostics and progress. */
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is shown only then). */
  stderrIsTTY: boolean;
  /** Colour the headlines on stdout: a terminal, and NO_COLOR unset. @default false */
  colour?: boolean;
  /** Standard input as text, for `-f -`. @default - the process's standard input */
  stdinText?: () => string;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

/** A usage or input error: the tool prints the message and exits with code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    colour: colourAllowed(process.stdout.isTTY),
    cwd: process.cwd(),
  };
}
