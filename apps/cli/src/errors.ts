/** The two ways a command fails, with their exit codes (0 is success). */

/** The command line itself is wrong: unknown command or option, missing argument. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
  /** The command whose help to point at ('' for the top level). */
  constructor(message: string, readonly command = '') {
    super(message);
  }
}

/** The command line is fine but its input is not: missing file, corrupt image, unreadable data. Exit code 1. */
export class InputError extends Error {
  override name = 'InputError';
  readonly exitCode = 1;
}

/** `Error.message`, or the value itself as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
