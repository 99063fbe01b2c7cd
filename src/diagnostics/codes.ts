// The catalogue of diagnostic codes (TypeScript's diagnosticMessages.json, in the small).
// Codes are grouped by phase and never reused:
//   E01xx syntax (lexer, parser)             E02xx layers and their arguments
//   E03xx shapes, dtypes and masks           E04xx names in functional models
//   E05xx the train block                    E06xx data files
//   E07xx command-line usage
// W-codes are warnings, numbered in the same groups. `rnnc explain CODE` prints `explanation`.

import type { Severity } from './diagnostic.ts';

export interface CodeInfo {
  readonly severity: Severity;
  /** A short title, for listings. */
  readonly title: string;
  /** The long explanation: what it means, an example, how to fix it. */
  readonly explanation: string;
}

export const CODES = {
  // ---- E01xx syntax ----------------------------------------------------------------------------
  E0101: {
    severity: 'error',
    title: 'unexpected character',
    explanation: `A character that cannot start any token of the language, such as \`$\`, \`@\` or \`;\`.

    LSTM(64);      # ';' is not part of the language

Statements are separated by line breaks or nothing at all; remove the character.`,
  },
  E0102: {
    severity: 'error',
    title: 'unterminated string',
    explanation: `A string literal opened with \`"\` or \`'\` is not closed on the same line.

    data = { x = "train_x.npy }

Close it with the same quote it was opened with.`,
  },
  E0103: {
    severity: 'error',
    title: 'invalid escape in string',
    explanation: `Strings use JSON's escapes: \\" \\' \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX with four hex digits.
Any other backslash sequence is an error. To write a backslash, double it: "C:\\\\data\\\\x.npy".`,
  },
  E0104: {
    severity: 'error',
    title: 'malformed number',
    explanation: `A number must look like \`3\`, \`-1\`, \`0.5\`, \`.5\` or \`1e-3\`. An exponent needs digits
after the \`e\` (\`1e\` is incomplete).`,
  },
  E0110: {
    severity: 'error',
    title: 'expected a token that is missing',
    explanation: `The parser expected a particular token — a closing \`)\`, a \`=\`, a name — and found something
else. The parser recovers and keeps checking the rest of the file, so later errors are real.

    LSTM(64, return_sequences=true     # missing ')'

Insert the missing token where the message says.`,
  },
  E0111: {
    severity: 'error',
    title: 'unexpected token',
    explanation: `A token that cannot stand at this place: for example a number where a statement should start,
or a second \`=\` in an argument.

    model m {
      64
    }

Remove it, or complete the construct it belongs to.`,
  },
  E0112: {
    severity: 'error',
    title: 'unclosed bracket',
    explanation: `A \`(\`, \`[\` or \`{\` is never closed. The related location shows where it was opened.`,
  },
  E0113: {
    severity: 'error',
    title: 'expected a model or train block',
    explanation: `At the top level a file holds only \`model NAME { … }\` and \`train [MODEL] { … }\` blocks
(and comments).

    LSTM(1, input=(5, 1))        # a layer outside any model

Wrap layers in a model block:

    model next_number {
      LSTM(1, input=(5, 1))
    }`,
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}
