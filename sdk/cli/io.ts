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

/** Set once stdout's reader has gone (EPIPE): the rest of the output has nowhere to go. */
let stdoutClosed = false;
let stdoutWatched = false;

/**
 * `tailnet-zerotrust plan | head -1` closes the pipe after one line. Like other Unix tools, the
 * command then ends quietly: later output is dropped, the exit code stays the command's own, and
 * no "write EPIPE" stack trace reaches stderr. Any other stdout error still surfaces.
 */
function watchStdout(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutClosed = true;
  });
}

export function processIo(): CliIo {
  watchStdout();
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    colour: colourAllowed(process.stdout.isTTY),
    cwd: process.cwd(),
  };
}
