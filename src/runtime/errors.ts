// A user's mistake found outside a .rnn source — a data file that does not fit the model, a saved
// model that does not match, a loss that became NaN, a flag the command line does not take. It is
// a diagnostic like every other (LocatedDiagnostic: a catalogue code, a location, a hint), thrown
// because it stops the command; rnnc's command line and the programs `rnnc build` writes catch it
// and render it with the front end's renderer, as text or JSON. Anything else thrown is a bug.

import { describeLocation, type LocatedDiagnostic, type Location } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';

export class RnncError extends Error implements LocatedDiagnostic {
  readonly severity = 'error';
  readonly location: Location;
  /** The location in one line: `series.csv:14:3`, `x.npy at byte 150`, `command line`. */
  readonly where: string;

  constructor(
    readonly code: Code,
    message: string,
    /** A location, or the path of the file at fault. */
    where: Location | string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RnncError';
    this.location = typeof where === 'string' ? { file: where } : where;
    this.where = describeLocation(this.location);
  }
}


/** The location of a UTF-16 offset in a text file's contents, with its line for a code frame. */
export function textLocation(file: string, text: string, offset: number): Location {
  const at = Math.max(0, Math.min(offset, text.length));
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const newline = text.indexOf('\n', at);
  const end = newline < 0 ? text.length : newline;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) line++;
  return { file, line, column: at - start + 1, text: text.slice(start, end).replace(/\r$/, '') };
}
