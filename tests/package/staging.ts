import { type ExecFileSyncOptions, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root. */
export const ROOT = path.join(__dirname, "..", "..");

/** The environment of a user's shell: none of the test runner's ts-node or npm-script settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("TS_NODE_") && k !== "NODE_OPTIONS" && (!k.startsWith("npm_") || keep.has(k)),
    ),
  );
}

/** Runs a program as a user's shell would; a failure carries everything it printed. */
export function exec(file: string, args: string[], cwd: string, extra: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(file, args, {
      cwd,
      env: cleanEnv(),
      encoding: "utf8",
      stdio: "pipe",
      ...extra,
    }) as string;
  } catch (err: any) {
    throw new Error(
      `${path.basename(file)} ${args.join(" ")} failed in ${cwd}:\n${err.stdout ?? ""}${err.stderr ?? ""}`,
    );
  }
}

/** A copy of the checkout without node_modules (linked instead), .git or build output. */
export function stage(dir: string) {
  const skip = new Set(["node_modules", ".git", "dist", "docs", ".pulumi"]);
  fs.cpSync(ROOT, dir, {
    recursive: true,
    filter: (src) => !skip.has(path.relative(ROOT, src).split(path.sep)[0]),
  });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}
