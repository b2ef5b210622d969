import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import * as ts from "typescript";

/**
 * The style rule "TSDoc with `@default` on every args field" (cdk8s-plus style), kept by a test
 * instead of by reviewers: every property of every interface reachable from the public args (the
 * components', the plain-data declarations `plan -f` reads, and every input type `sdk/inputs.ts`
 * exports) has TSDoc, and every optional one says with `@default` what happens when it is left out
 * (`@default - <prose>` when the default is computed or is "nothing"). Required properties need no
 * `@default`. The walk follows `extends`, imports and re-exports, and every type a property names
 * (inside arrays, maps and `pulumi.Input<...>`), parsing only those files (no type check), so it
 * stays fast; a type it cannot follow is a failure, not a silent gap.
 */

const ROOT = join(__dirname, "..", "..");

/** Where the walk starts: the components' args and the plain-data declarations the CLI reads. */
const ROOTS: ReadonlyArray<readonly [file: string, name: string]> = [
  ["sdk/component/args.ts", "ZeroTrustClusterArgs"],
  ["sdk/component/fleetArgs.ts", "ZeroTrustFleetArgs"],
  ["sdk/component/fleetArgs.ts", "FleetTailnetStackArgs"],
  ["sdk/features/args.ts", "ZeroTrustSpec"],
  ["sdk/fleet/types.ts", "FleetSpec"],
];
/** Every input type the package exports under its schema name is a root too. */
const INPUTS = "sdk/inputs.ts";

type Read = (file: string) => string | undefined;
type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration;
/** A declaration found, or a name from outside the repository (`pulumi.Input`), not walked into. */
type Found = { file: string; node: Declaration } | "external";

const readRepo: Read = (file) => {
  const path = join(ROOT, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
};

/** The walker over one set of files: `read` gives a repository-relative file's text. */
function defaultsProblems(read: Read, roots: ReadonlyArray<readonly [string, string]>) {
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const source = (file: string) => {
    if (!parsed.has(file)) {
      const text = read(file);
      parsed.set(
        file,
        text === undefined ? undefined : ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true),
      );
    }
    return parsed.get(file);
  };
  /** The file a relative module specifier names (`./x` is `x.ts` or `x/index.ts`), or undefined. */
  const moduleFile = (from: string, spec: string) => {
    if (!spec.startsWith(".")) return undefined;
    const base = posix.normalize(posix.join(dirname(from), spec));
    return [`${base}.ts`, `${base}/index.ts`].find((f) => source(f) !== undefined);
  };

  /** Follows `name` as seen in `file`: its own declarations, its imports and its re-exports. */
  const resolve = (file: string, name: string, seen = new Set<string>()): Found | undefined => {
    const sf = source(file);
    if (!sf || seen.has(`${file}#${name}`)) return undefined;
    seen.add(`${file}#${name}`);
    for (const st of sf.statements) {
      if (
        (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) &&
        st.name.text === name
      )
        return { file, node: st };
      const clause = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : undefined;
      const spec = (st as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
      const specText = spec && ts.isStringLiteral(spec) ? spec.text : undefined;
      if (clause && ts.isNamespaceImport(clause) && clause.name.text === name)
        return specText?.startsWith(".") ? undefined : "external";
      const named = clause && ts.isNamedImports(clause) ? clause.elements : undefined;
      const exported =
        ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)
          ? st.exportClause.elements
          : undefined;
      const element = [...(named ?? []), ...(exported ?? [])].find((e) => e.name.text === name);
      if (element && specText !== undefined) {
        const target = moduleFile(file, specText);
        return target ? resolve(target, (element.propertyName ?? element.name).text, seen) : "external";
      }
      if (ts.isExportDeclaration(st) && !st.exportClause && specText !== undefined) {
        const target = moduleFile(file, specText);
        const found = target && resolve(target, name, seen);
        if (found) return found;
      }
    }
    return undefined;
  };

  const problems: string[] = [];
  const walked: string[] = [];
  const visited = new Set<Declaration>();
  const where = (file: string, node: ts.Node) =>
    `${file}:${source(file)!.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  /** Every type name in a type node (arrays, maps, generics), followed to its declaration. */
  const walkType = (file: string, type: ts.Node): void => {
    if (ts.isTypeReferenceNode(type) || ts.isExpressionWithTypeArguments(type)) {
      const ref = ts.isTypeReferenceNode(type) ? type.typeName : type.expression;
      let head: ts.Node = ref;
      while (ts.isQualifiedName(head) || ts.isPropertyAccessExpression(head))
        head = ts.isQualifiedName(head) ? head.left : head.expression;
      const found = ts.isIdentifier(head) ? resolve(file, head.text) : undefined;
      if (!found) problems.push(`${where(file, type)} cannot follow the type ${ref.getText()}`);
      else if (found !== "external") visit(found.file, found.node);
    }
    ts.forEachChild(type, (child) => walkType(file, child));
  };

  const visit = (file: string, node: Declaration): void => {
    if (visited.has(node)) return;
    visited.add(node);
    if (ts.isEnumDeclaration(node)) return;
    if (ts.isTypeAliasDeclaration(node)) {
      walkType(file, node.type);
      return;
    }
    walked.push(node.name.text);
    for (const heritage of node.heritageClauses ?? [])
      for (const base of heritage.types) walkType(file, base);
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const field = `${where(file, member)} ${node.name.text}.${member.name.getText()}`;
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      const described = docs.some((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim());
      if (!described) problems.push(`${field} has no TSDoc`);
      const defaults = ts.getJSDocTags(member).filter((tag) => tag.tagName.text === "default");
      const stated = defaults.some((tag) => ts.getTextOfJSDocComment(tag.comment)?.trim());
      if (member.questionToken && !stated) problems.push(`${field} is optional and has no @default`);
      walkType(file, member.type);
    }
  };

  for (const [file, name] of roots) {
    const found = resolve(file, name);
    if (!found || found === "external") problems.push(`${file}: the root ${name} is not found`);
    else visit(found.file, found.node);
  }
  return { problems, walked };
}

/** The roots: the fixed ones, and every name `sdk/inputs.ts` exports. */
function repoRoots(): Array<readonly [string, string]> {
  const inputs = ts.createSourceFile(INPUTS, readRepo(INPUTS) ?? "", ts.ScriptTarget.Latest, true);
  const exported = inputs.statements.flatMap((st) =>
    ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)
      ? st.exportClause.elements.map((e) => [INPUTS, e.name.text] as const)
      : [],
  );
  return [...ROOTS, ...exported];
}

describe("defaults", () => {
  it("gives every args field TSDoc, and every optional one a @default", () => {
    const { problems, walked } = defaultsProblems(readRepo, repoRoots());
    // The walk really goes deep: through `extends`, maps, arrays, re-exports and pulumi.Input.
    for (const name of [
      "OperatorSettings",
      "CoreSpec",
      "Recorder",
      "RecorderS3",
      "NodeLocalDns",
      "LinkPort",
      "FleetClusterSpec",
    ])
      assert.ok(walked.includes(name), `the walk reaches ${name}`);
    assert.deepEqual(
      problems,
      [],
      "document each field; an optional one says what leaving it out does (`@default - <prose>` if computed)",
    );
  });

  it("catches a missing TSDoc, a missing or empty @default, and a type it cannot follow", () => {
    const files: Record<string, string> = {
      "sdk/a.ts": [
        'import type * as pulumi from "@pulumi/pulumi";',
        'import type { Inner } from "./b";',
        "export interface Base {",
        "  /** Documented, no default. */",
        "  inherited?: string;",
        "}",
        "export interface Args extends Base {",
        "  /** Required: no default needed. */",
        "  name: string;",
        "  undocumented: string;",
        "  /**",
        "   * Empty default.",
        "   * @default",
        "   */",
        "  empty?: number;",
        "  /**",
        "   * Fine.",
        "   * @default - nothing",
        "   */",
        "  inner?: { [key: string]: pulumi.Input<Inner> };",
        "  /**",
        "   * Unknown type.",
        "   * @default 1",
        "   */",
        "  other?: Nowhere;",
        "}",
      ].join("\n"),
      "sdk/b.ts": 'export { Inner } from "./c";',
      "sdk/c/index.ts": "export interface Inner {\n  /** Deep. */\n  deep?: boolean;\n}",
    };
    const { problems, walked } = defaultsProblems((file) => files[file], [["sdk/a.ts", "Args"]]);
    assert.deepEqual(walked, ["Args", "Base", "Inner"]);
    assert.deepEqual(problems, [
      "sdk/a.ts:5 Base.inherited is optional and has no @default",
      "sdk/a.ts:10 Args.undocumented has no TSDoc",
      "sdk/a.ts:15 Args.empty is optional and has no @default",
      "sdk/c/index.ts:3 Inner.deep is optional and has no @default",
      "sdk/a.ts:25 cannot follow the type Nowhere",
    ]);
  });
});
