import { CODES, type Code } from './codes.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { Range } from '../source/text.ts';

type Extras = Omit<Diagnostic, 'code' | 'severity' | 'message' | 'range'>;

/**
 * Build a diagnostic whose severity comes from the catalogue, so the two never disagree. The
 * message is one line whatever it quotes: a control character from the user's text (a string
 * `"a\nb"` named as an initializer) is shown escaped, as it is written in the source.
 */
export function diagnostic(code: Code, range: Range, message: string, extras: Extras = {}): Diagnostic {
  return { code, severity: CODES[code].severity, message: oneLine(message), range, ...extras };
}

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
