/**
 * The fields each part of the declaration accepts, and their types. TypeScript users get typos and
 * wrong types caught by the compiler; users of YAML args files, Python or Go do not, and a
 * misspelt `podLabel` silently widening a rule to every pod, or YAML's `install: "false"` reading
 * as true, is exactly the mistake a zero-trust tool must not let through.
 */
export type Leaf = "string" | "boolean" | "number" | "strings" | "numbers" | "labels" | "object" | "secret";
/** The fields a part of the declaration accepts: a leaf type, a nested shape, a list (`each`) or a map (`values`). */
export type Shape = { [field: string]: Shape | Leaf | { each: Shape } | { values: Shape } };
