import { CODES, type Code } from './codes.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { Range } from '../source/text.ts';

type Extras = Omit<Diagnostic, 'code' | 'severity' | 'message' | 'range'>;

/** Build a diagnostic whose severity comes from the catalogue, so the two never disagree. */
export function diagnostic(code: Code, range: Range, message: string, extras: Extras = {}): Diagnostic {
  return { code, severity: CODES[code].severity, message, range, ...extras };
}
