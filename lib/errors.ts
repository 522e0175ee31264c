/**
 * The few typed errors of trade-bulletin. Each carries the exit status the CLI returns:
 * 2 for bad input or arguments (the user can fix it), 1 for a failed run.
 */

/** Bad input: a file, a row or a configuration value the user can fix. Exit status 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Bad command-line usage. Exit status 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A stage of the pipeline failed. Exit status 1; `cause` keeps the original error. */
export class StageError extends Error {
  readonly exitCode = 1;
  constructor(
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${stage}: ${message}`, options);
    this.name = 'StageError';
  }
}

/** The exit status an error maps to: its own where it has one, otherwise 1. */
export function exitCodeOf(err: unknown): number {
  if (err && typeof err === 'object' && 'exitCode' in err && typeof err.exitCode === 'number') return err.exitCode;
  return 1;
}
