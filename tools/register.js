// Loads this checkout's TypeScript sources directly, for the command-line tool run from a clone
// (`npx tailnet-zerotrust`) and for the test runner. ts-node costs about two seconds on every start
// because it loads the whole compiler to transpile every file again. Here each file is transpiled
// once, by the same compiler and with the same tsconfig.json options as the build, and the output
// is kept in node_modules/.cache under a hash of everything that shapes it: the source text, its
// path, tsconfig.json, the compiler's version and this file. An edited source has a new hash, so
// the next run transpiles the edit: the cache can be old but never stale. The compiler is loaded
// only on a miss, so a warm start reads files and hashes them, nothing more.
// Like ts-node in transpile-only mode, it does not type-check: `npm run typecheck` does.

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
// TZT_TS_CACHE moves the cache: the CLI speed bench empties its own, never the one a shared
// node_modules (a worktree's symlink) serves to other processes.
const CACHE = process.env.TZT_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "tailnet-zerotrust-ts");
const TSCONFIG = path.join(ROOT, "tsconfig.json");

/** What every output depends on besides the file itself. */
const salt = [
  fs.readFileSync(__filename, "utf8"),
  fs.readFileSync(TSCONFIG, "utf8"),
  require("typescript/package.json").version,
].join("\0");

let ts;
let compilerOptions;

/** The build's compiler options, as a one-file transpile needs them; read on the first miss. */
function options() {
  const { config, error } = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, TSCONFIG);
  return {
    ...parsed.options,
    module: ts.ModuleKind.CommonJS,
    // No outDir: the map's `sources` are then relative to the source file itself, which is where
    // Node resolves them from (with the build's outDir it named sdk/sdk/cli/io.ts for sdk/cli/io.ts).
    outDir: undefined,
    // Stack traces point into the TypeScript (Node maps them: setSourceMapsEnabled below).
    inlineSourceMap: true,
    inlineSources: true,
    sourceMap: false,
    declaration: false,
    declarationMap: false,
    noEmit: false,
  };
}

function transpile(source, filename) {
  ts ??= require("typescript");
  compilerOptions ??= options();
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

/** The JavaScript for one source file: from the cache when it holds this exact input. */
function compiled(source, filename) {
  const key = crypto.createHash("sha256").update(salt).update("\0").update(filename).update("\0");
  const file = path.join(CACHE, `${key.update(source).digest("hex")}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // A miss: transpile below.
  }
  const output = transpile(source, filename);
  try {
    // Written aside and renamed, so a concurrent run never reads half a file.
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only checkout still runs, transpiling on every start.
  }
  return output;
}

const fallback = require.extensions[".ts"];
require.extensions[".ts"] = function loadTypeScript(module, filename) {
  // Dependencies ship JavaScript; a stray .ts there is not this project's to compile.
  if (fallback && path.relative(ROOT, filename).split(path.sep).includes("node_modules")) {
    return fallback(module, filename);
  }
  module._compile(compiled(fs.readFileSync(filename, "utf8"), filename), filename);
};
process.setSourceMapsEnabled(true);
