import * as fs from "node:fs";
import * as path from "node:path";
import { withColour } from "./colour";
import { useStdin } from "./input";
import { type CliIo, CliUsageError, processIo } from "./io";

/** One sub-command: parses its own arguments and returns the process exit code. */
type Command = (argv: string[], io: CliIo) => Promise<number>;

// Sub-commands are loaded lazily so that `--help` and each command load only what they use.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  reach: {
    summary: "evaluate NetworkPolicies over exported Kubernetes objects (checks or the whole matrix)",
    load: async () => (await import("./reach")).runReach,
  },
  plan: {
    summary: "render offline what ZeroTrustCluster creates for an args file (objects or flows)",
    load: async () => (await import("./plan")).runPlan,
  },
  verify: {
    summary: "check that declared flows and computed reachability agree (plan or live cluster export)",
    load: async () => (await import("./verify")).runVerify,
  },
  audit: {
    summary: "check exported objects or manifests against the guardrails of the policy pack",
    load: async () => (await import("./audit")).runAudit,
  },
  observe: {
    summary:
      "judge flow logs of real traffic against a declaration: what it would block, with --suggest the flows to add",
    load: async () => (await import("./observe")).runObserve,
  },
  diff: {
    summary: "print the allowed flows that open and close between two args files or two cluster exports",
    load: async () => (await import("./diff")).runDiff,
  },
};

const usage = () =>
  [
    "usage: tailnet-zerotrust <command> [options]",
    "",
    "commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`),
    "",
    "Run `tailnet-zerotrust <command> --help` for the options of one command, `--version` for the version.",
    "Args files may be `-` (standard input). Headlines are coloured on a terminal unless NO_COLOR is set.",
    "",
  ].join("\n");

/** The package's version, from the package.json beside `sdk/` (a checkout) or `dist/` (the package). */
function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
}

/** Runs the tool; resolves to the exit code (0 ran, 1 a difference was found, 2 unusable input). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`tailnet-zerotrust ${version()}\n`);
    return 0;
  }
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`tailnet-zerotrust: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  useStdin(io.stdinText);
  // The headlines of the commands people read in a terminal; data formats never match them.
  const out =
    io.colour && ["plan", "verify", "diff"].includes(name)
      ? { ...io, stdout: (text: string) => io.stdout(withColour(io, text)) }
      : io;
  try {
    return await (await command.load())(rest, out);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr(`tailnet-zerotrust ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
