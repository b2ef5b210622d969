/**
 * A plain object (not null, not an array): the one test every reader of parsed YAML, JSON and
 * args uses before it looks at fields. The lowest layer holds it so that every layer can import it.
 */
export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
