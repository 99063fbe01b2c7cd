// Random edit sequences as an editor might send them (and as one should not): ranges anywhere,
// including past the last line and end first, inserting fragments of the language, garbage and
// line breaks of every kind, and now and then the whole text.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { EditorChange } from './editor.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
export const exampleSources: readonly string[] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.rnn'))
  .sort()
  .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

export const FRAGMENTS = ['LSTM(', 'Dense(1)', ')', '(', '[', ']', '{', '}', ',', '=', 'model m {', 'train {', 'output ', 'x = ', 'return_sequences=true', 'input=(5, 2)', '"', "'", '#', '\n', '\r\n', '\r', '\t', '1e-3', '-', '\u0000', '\ud83d', '\u00e9', '_', 'toString', 'constructor'];

const position = fc.record({
  line: fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 12 }) }, fc.nat({ max: 60 }), fc.nat()),
  character: fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 20 }) }, fc.nat({ max: 100 }), fc.nat()),
});

export const change: fc.Arbitrary<EditorChange> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: fc.oneof(fc.constantFrom(...FRAGMENTS, ''), fc.string({ maxLength: 8, unit: 'binary' })) }) },
  { weight: 1, arbitrary: fc.record({ text: fc.oneof(fc.constantFrom(...exampleSources), fc.string({ maxLength: 200, unit: 'binary' })) }) },
);

/** A starting text and steps, each one didChange notification of one or more changes. */
export const editSequence = fc.record({
  start: fc.oneof(fc.constantFrom(...exampleSources), fc.constantFrom('', 'a\nb\nc\nd', 'model m {\r\n  LSTM(4)\r\n}\r\n')),
  steps: fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
});
