import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

/**
 * Two naming rules no reviewer should have to keep (issue 22, "one concept, one place"):
 * - an exported name means one thing: no two files under sdk/ export a declaration of that name;
 * - a `@deprecated` alias is for users of 0.1 only: our own code, tests, examples and docs use the
 *   new name, so the alias can go at 1.0 without touching anything but the surface that keeps it.
 * Parsing only (no type check), so the whole tree is read in well under a second.
 */

const ROOT = join(__dirname, "..", "..");

/** Files that re-export the public surface: an old name may stay exported there, and only there. */
const SURFACE = new Set(["sdk/index.ts", "sdk/core/index.ts", "sdk/inputs.ts", "sdk/kernel/types.ts"]);
/** Type-checks a program written against 0.1, so it uses the old names on purpose. */
const LEGACY_PROGRAM = "tests/package/legacyNames.ts";
/** Names exported from two files on purpose, each with why. */
const SHARED_ON_PURPOSE: Record<string, string> = {
  PROTOCOLS: "kernel/rules keeps its public string[] copy of reach's list (same three protocols)",
};

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "fixtures") out.push(...filesUnder(path, ext));
    } else if (entry.name.endsWith(ext) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const parse = (name: string, text: string) => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
/** The .ts files under `dir`, parsed; with `mentioning`, only those whose text has one of the words. */
function sources(dir: string, mentioning?: RegExp): ts.SourceFile[] {
  const texts = filesUnder(dir, ".ts").map((f) => [f, readFileSync(join(ROOT, f), "utf8")] as const);
  return texts.filter(([, text]) => !mentioning || mentioning.test(text)).map(([f, text]) => parse(f, text));
}

const isExported = (st: ts.Statement) =>
  ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a top-level statement declares. */
function declaredNames(st: ts.Statement): string[] {
  if (ts.isVariableStatement(st))
    return st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  const name = (st as ts.DeclarationStatement).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

/** Exported name -> the sdk/ files that declare it. */
function exportedDeclarations(files: readonly ts.SourceFile[]): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const sf of files)
    for (const st of sf.statements)
      if (isExported(st))
        for (const name of declaredNames(st)) where.set(name, [...(where.get(name) ?? []), sf.fileName]);
  return where;
}

/** Deprecated name -> the file that declares it. */
function deprecatedNames(files: readonly ts.SourceFile[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const sf of files)
    for (const st of sf.statements)
      if (ts.getJSDocTags(st).some((t) => t.tagName.text === "deprecated"))
        for (const name of declaredNames(st)) found.set(name, sf.fileName);
  return found;
}

/** Every identifier naming a deprecated declaration, but its own declaration and the surface's re-exports. */
function deprecatedUses(sf: ts.SourceFile, deprecated: ReadonlyMap<string, string>): string[] {
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && deprecated.has(node.text)) {
      const own =
        deprecated.get(node.text) === sf.fileName && (node.parent as { name?: ts.Node }).name === node;
      const kept = SURFACE.has(sf.fileName) && ts.isExportSpecifier(node.parent);
      if (!own && !kept) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        uses.push(`${sf.fileName}:${line} ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return uses;
}

/** The TypeScript blocks of a markdown file, each parsed on its own. */
function markdownCode(file: string): ts.SourceFile[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => {
    const before = text.slice(0, m.index).split("\n").length; // so that lines are the file's own
    return parse(file, "\n".repeat(before) + m[1]);
  });
}

describe("names", () => {
  const sdk = sources("sdk");

  it("gives each exported name under sdk/ one declaration, so one name means one thing", () => {
    const shared = [...exportedDeclarations(sdk)]
      .filter(([name, files]) => files.length > 1 && !SHARED_ON_PURPOSE[name])
      .map(([name, files]) => `${name}: ${files.join(", ")}`);
    assert.deepEqual(
      shared,
      [],
      "rename each after what it is (or list it in SHARED_ON_PURPOSE, saying why)",
    );
  });

  it("uses no @deprecated name in our own code, tests, examples or docs", () => {
    const deprecated = deprecatedNames(sdk);
    assert.ok(
      deprecated.has("OperatorArgs") && deprecated.has("FleetTailnetArgs"),
      "the 0.1 aliases are found",
    );
    const markdown = ["README.md", ...filesUnder("docs", ".md"), ...filesUnder("examples", ".md")];
    // Outside sdk/ only files that mention a deprecated name are parsed: the rest cannot use one.
    const mentions = new RegExp(`\\b(${[...deprecated.keys()].join("|")})\\b`);
    const everything = [
      ...sdk,
      ...sources("tests", mentions).filter((sf) => sf.fileName !== LEGACY_PROGRAM),
      ...sources("examples", mentions),
      ...sources("bench", mentions),
      ...markdown.flatMap(markdownCode),
    ];
    const uses = everything.flatMap((sf) => deprecatedUses(sf, deprecated));
    assert.deepEqual(uses, [], "use the new name; the old one is kept only for programs written against 0.1");
  });

  it("catches a deprecated name in code and spares its declaration and the surface's re-export", () => {
    const lib = parse(
      "sdk/x.ts",
      "/** @deprecated Renamed {@link B}. */\nexport type A = B;\nexport interface B {}",
    );
    const deprecated = deprecatedNames([lib]);
    assert.deepEqual([...deprecated.keys()], ["A"]);
    assert.deepEqual(deprecatedUses(lib, deprecated), []);
    assert.deepEqual(deprecatedUses(parse("sdk/index.ts", 'export type { A } from "./x";'), deprecated), []);
    const user = parse("sdk/y.ts", 'import type { A } from "./x";\nexport const f = (a: A) => a;');
    assert.deepEqual(deprecatedUses(user, deprecated), ["sdk/y.ts:1 A", "sdk/y.ts:2 A"]);
    assert.deepEqual(deprecatedUses(parse("sdk/z.ts", 'export type { A } from "./x";'), deprecated), [
      "sdk/z.ts:1 A",
    ]);
  });
});
