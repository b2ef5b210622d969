/**
 * Errors of the reachability engine. Input problems are reported as {@link ReachInputError} so the
 * command-line tool can tell "your files are unusable" (exit code 2) from a bug in the engine.
 */

/** Invalid input: a malformed object, an unknown pod in a query, a bad port or address. */
export class ReachInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReachInputError";
  }
}

/**
 * A problem with one field of one object, raised deep inside the parsers that do not know which
 * object or file they are reading; the loader catches it and rethrows a {@link ReachInputError}
 * naming the file and the object, so every parser stays free of that bookkeeping.
 */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = "FieldError";
  }
}
