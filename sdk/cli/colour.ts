/**
 * Colour for the headlines people read first (`Intent holds`, `This change opens access`, a
 * table's header), only on a terminal and never when NO_COLOR is set (https://no-color.org):
 * piped output, files and CI logs stay plain text, byte for byte what the tests compare.
 */

const CODES = { red: "31", green: "32", yellow: "33", bold: "1" } as const;
export type Colour = keyof typeof CODES;

/** Whether a stream may carry colour: a terminal, and NO_COLOR unset or empty. */
export const colourAllowed = (isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env) =>
  Boolean(isTTY) && !env.NO_COLOR;

const paint = (text: string, colour: Colour) => `\x1b[${CODES[colour]}m${text}\x1b[0m`;

/** The colour of each headline, by how the line starts. */
const HEADLINES: [RegExp, Colour][] = [
  [/^Intent holds\b/, "green"],
  [/^Intent does NOT hold\b/, "red"],
  [/^This change opens access\b/, "red"],
  [/^Nothing opens\.$/, "green"],
  [/^(KIND|CHANGE|DIFFERENCE|TAILNET PATHS|API SERVER ACCESS|CLUSTER|LINKS)\b/, "bold"],
  [/^== .* ==$/, "bold"],
];

/**
 * Paints the headline lines of `text` when `io.colour` allows it; other lines are untouched. It
 * asks only the one switch of the `CliIo` (which io.ts sets with {@link colourAllowed}).
 */
export function withColour(io: { readonly colour?: boolean }, text: string): string {
  if (!io.colour) return text;
  return text
    .split("\n")
    .map((line) => {
      const found = HEADLINES.find(([pattern]) => pattern.test(line));
      return found ? paint(line, found[1]) : line;
    })
    .join("\n");
}
