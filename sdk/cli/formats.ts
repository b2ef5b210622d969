import { OUTPUT_FORMATS, type OutputFormat } from "../render/views";
import { CliUsageError } from "./io";

/** The renderers live beside the core (the component uses them too); the CLI adds option parsing. */
export * from "../render/views";

/** Validates an `-o` value against the formats a command supports. */
export function parseFormat(text: string, allowed: readonly string[] = OUTPUT_FORMATS): OutputFormat {
  if (!allowed.includes(text)) {
    throw new CliUsageError(`unknown output format "${text}" (expected one of: ${allowed.join(", ")})`);
  }
  return text as OutputFormat;
}

/** `1 flow`, `3 flows`: a number with its noun. */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
