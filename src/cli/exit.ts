// The exit codes, apart from io.ts so that the command line's entry point can name them without
// loading the diagnostics' renderer (and string-width) before a command runs.

export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
