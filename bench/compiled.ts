import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The shipped package runs compiled JavaScript (bin/ uses dist/ when built), so the benchmarks
 * transpile sdk/ and bench/ once into a temporary folder and time their workers without ts-node's
 * start-up.
 */

export const ROOT = path.join(__dirname, "..");

export function compileSources(out: string): void {
  const ts: typeof import("typescript") = require("typescript");
  const compile = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) compile(rel);
      else if (entry.name.endsWith(".ts")) {
        const { outputText } = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), "utf8"), {
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
          },
        });
        fs.mkdirSync(path.join(out, dir), { recursive: true });
        fs.writeFileSync(path.join(out, rel.replace(/\.ts$/, ".js")), outputText);
      }
    }
  };
  for (const dir of ["sdk", "bench"]) compile(dir);
}

export interface Run {
  /** The whole process, start-up included. */
  seconds: number;
  /** The last line the process printed, as JSON. */
  result: Record<string, number>;
  /** Everything it printed to stderr. */
  stderr: string;
}

/** Runs node with `args` in its own process; the package's dependencies resolve from the checkout. */
export function runNode(args: string[], parse = true): Run {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") },
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.error) throw child.error;
  if (parse && child.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${child.stderr}`);
  return {
    seconds,
    result: parse ? JSON.parse(child.stdout.trim().split("\n").pop()!) : { code: child.status ?? -1 },
    stderr: child.stderr,
  };
}
