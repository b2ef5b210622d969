/**
 * The first `max` of a list and how many more there are (`a, b, c, and 4 more`): reports name a
 * few objects and count the rest, so a line stays readable however large the cluster.
 */
export function firstAndMore(items: readonly string[], max: number, separator = ", "): string {
  const shown = items.slice(0, max).join(separator);
  return items.length > max ? `${shown}${separator}and ${items.length - max} more` : shown;
}
