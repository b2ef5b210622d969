/**
 * The identifiers Pulumi's SDK generators derive from a package schema, to catch names that read
 * badly or clash in some language before a user of that language meets them. Modelled on the
 * generators in pulumi/pulumi (pkg/codegen/python/gen.go, pkg/codegen/go/gen.go, the .NET one):
 * - an input object type `T` becomes `TArgs` (Python also `TArgsDict`, .NET `Inputs.TArgs`), its
 *   output shape `T`; Go adds `TInput`, `TOutput` and the Ptr, Array and Map variants;
 * - a resource `R` becomes `R` and `RArgs` (Go: also `NewR`, `RInput`, `ROutput`, Array, Map);
 * - an enum `E` stays `E` (Go: `EInput`, `EOutput`, ...).
 * Python re-exports every class flat (`tzt.X`), so all of these share one namespace. Go does not
 * fail on a clash: it quietly renames the later name (`RResource`, `TType`, `EEnum`), which is as
 * bad for a user. Names are compared case-insensitively (case-insensitive languages and file
 * systems: Go and Python write a file per resource).
 */

const GO_SHAPES = ["Input", "Output", "Ptr", "PtrInput", "PtrOutput", "Array", "ArrayInput", "ArrayOutput"];
const GO_MAPS = ["Map", "MapInput", "MapOutput"];
const OBJECT_SUFFIXES = ["", "Args", "ArgsDict", ...GO_SHAPES, ...GO_MAPS];
const ENUM_SUFFIXES = ["", ...GO_SHAPES, ...GO_MAPS];
const RESOURCE_SUFFIXES = ["", "Args", ...GO_SHAPES, ...GO_MAPS];

/** The last segment of a token, `pkg:index:Name` -> `Name`. */
export const tokenName = (token: string): string => token.slice(token.lastIndexOf(":") + 1);

/** Every identifier the generators derive from the schema, with what it comes from (`type p:index:Foo`). */
export function generatedIdentifiers(schema: {
  resources?: { [token: string]: unknown };
  types?: { [token: string]: { enum?: unknown } };
}): Map<string, { identifier: string; origin: string }[]> {
  const byKey = new Map<string, { identifier: string; origin: string }[]>();
  const add = (origin: string, identifiers: string[]) => {
    for (const identifier of identifiers) {
      const key = identifier.toLowerCase();
      byKey.set(key, [...(byKey.get(key) ?? []), { identifier, origin }]);
    }
  };
  for (const token of Object.keys(schema.resources ?? {})) {
    const name = tokenName(token);
    add(`resource ${token}`, [...RESOURCE_SUFFIXES.map((s) => name + s), `New${name}`]);
  }
  for (const [token, type] of Object.entries(schema.types ?? {})) {
    const name = tokenName(token);
    const [kind, suffixes] = type.enum ? ["enum", ENUM_SUFFIXES] : ["type", OBJECT_SUFFIXES];
    add(
      `${kind} ${token}`,
      suffixes.map((s) => name + s),
    );
  }
  return byKey;
}

/**
 * The clashes, one line per pair of schema entries with the first identifier they share:
 * `OperatorArgs <- type p:index:Operator, type p:index:OperatorArgs`.
 */
export function collisions(schema: Parameters<typeof generatedIdentifiers>[0]): string[] {
  const clashes = new Map<string, string>();
  for (const from of generatedIdentifiers(schema).values()) {
    const origins = [...new Set(from.map((f) => f.origin))];
    if (origins.length > 1 && !clashes.has(origins.join(", "))) {
      clashes.set(origins.join(", "), from[0].identifier);
    }
  }
  return [...clashes].map(([origins, identifier]) => `${identifier} <- ${origins}`);
}
