// How a command reports a mistake that has no .rnn range — a usage error, a path it cannot
// write, a data file that does not fit: an RnncError, rendered by the diagnostics' renderer like
// every other diagnostic (code, location, a code frame where there is a line, hint). Shared by
// rnnc's command line (src/cli) and the programs `rnnc build` writes.

import type { LocatedDiagnostic } from '../diagnostics/diagnostic.ts';
import { renderLocated } from '../diagnostics/render-frame.ts';
import { RnncError } from '../runtime/errors.ts';

export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env['NO_COLOR'];
}

/** The user's mistake of naming an unwritable path, as a diagnostic (E0705), not a crash. */
export function cannotWrite(path: string, e: unknown): RnncError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  return new RnncError('E0705', `cannot write \`${path}\`: ${reason}`, path, 'create the folder first, or choose another path');
}

/** A mistake with no .rnn range, on stderr, in the same shape as every other diagnostic. */
export function printLocatedError(e: LocatedDiagnostic): void {
  process.stderr.write(renderLocated(e, { color: useColor(process.stderr) }) + '\n');
}
