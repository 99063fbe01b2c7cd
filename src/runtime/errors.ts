// A user's mistake found at run time — a data file that does not fit the model, a saved model
// that does not match, a loss that became NaN. It carries a catalogue code, where it happened
// (a path, `path:line:column` inside a data file, or `train block`) and a hint, so the command
// line prints it like every other diagnostic. Anything else thrown from src/runtime is a bug.

import type { Code } from '../diagnostics/codes.ts';

export class RnncError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** `data/x.npy`, `series.csv:14:3`, `model/model.json`. */
    readonly where: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RnncError';
  }
}
