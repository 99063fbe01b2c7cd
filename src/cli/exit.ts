// Exit codes and the usage mistake, apart from io.ts so that the command line's entry point can
// name them without loading the diagnostics' renderer (and string-width) before a command runs.

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

/** Raised for a usage mistake; main() prints it as a diagnostic and exits 2. */
export class UsageError extends Error {
  constructor(
    readonly code: 'E0701' | 'E0702' | 'E0703' | 'E0704' | 'E0705',
    message: string,
    readonly hint?: string,
    readonly where = 'command line',
  ) {
    super(message);
  }
}
