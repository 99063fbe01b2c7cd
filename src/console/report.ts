// How a command reports a mistake that has no .rnn range — a usage error, a path it cannot
// write, a data file that does not fit — in the shape of every other diagnostic: code, location,
// hint. Shared by rnnc's command line (src/cli) and the programs `rnnc build` writes.

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

export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env['NO_COLOR'];
}

/** The user's mistake of naming an unwritable path, as a diagnostic (E0705), not a crash. */
export function cannotWrite(path: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  return new UsageError('E0705', `cannot write \`${path}\`: ${reason}`, 'create the folder first, or choose another path', path);
}

/** A mistake with no .rnn range — a usage error, a data file that does not fit — in the same
 *  shape as every other diagnostic: code, location, hint. */
export function printLocatedError(e: { code: string; message: string; where: string; hint?: string | undefined }): void {
  const color = useColor(process.stderr);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[0m` : s);
  const lines = [`${red(`error[${e.code}]`)}: ${e.message}`, ` --> ${e.where}`];
  if (e.hint) lines.push(`  = help: ${e.hint}`);
  process.stderr.write(lines.join('\n') + '\n');
}
