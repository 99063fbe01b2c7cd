// A Keras listing copied verbatim into a .rnn file: the checker names each Python/Keras 2 spelling
// rnnc writes differently and offers the rnnc spelling as a fix; applying every fix gives a model
// that checks clean and has the parameters Keras's summary prints for the listing.

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import type { TextEdit } from '../../src/diagnostics/diagnostic.ts';

function applyAllFixes(text: string): string {
  const edits: TextEdit[] = check(text).diagnostics.flatMap((d) => d.fixes?.[0]?.edits ?? []);
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

describe('a Keras listing copied into a .rnn file', () => {
  it('the course notes’ next-number LSTM: `(1)` and batch_input_shape fixed to what Keras builds', () => {
    // 000 (the seed), In [12]: model.add(LSTM((1), batch_input_shape=(None, 5, 1), return_sequences=False))
    const listing = 'model next_number {\n  LSTM((1), batch_input_shape=(None, 5, 1), return_sequences=False)\n}\n';
    expect(check(listing).diagnostics.map((d) => d.code)).toEqual(['E0204', 'E0202']);
    const fixed = applyAllFixes(listing);
    expect(fixed).toBe('model next_number {\n  LSTM(1, input=(5, 1), return_sequences=False)\n}\n');
    const result = check(fixed);
    expect(result.diagnostics).toEqual([]);
    // The seed's summary: lstm_1 (LSTM) (None, 1) 12 — Total params: 12 (4 gates × (1 input + 1 recurrent + 1 bias)).
    const model = result.models[0]!;
    expect(model.outputTypes[0]).toMatchObject({ shape: [null, 1] });
    expect(model.params).toEqual({ trainable: 12, nonTrainable: 0 });
  });

  it('a fixed batch in batch_input_shape starts the model with an Input of that batch size', () => {
    const listing = 'model counter {\n    LSTM(8, batch_input_shape=(4, 5, 1), stateful=true)\n    Dense(1)\n}\n';
    const fixed = applyAllFixes(listing);
    expect(fixed).toBe('model counter {\n    Input(shape=(5, 1), batch_size=4)\n    LSTM(8, stateful=true)\n    Dense(1)\n}\n');
    const result = check(fixed);
    expect(result.diagnostics).toEqual([]);
    expect(result.models[0]!.inputs[0]!.type.shape).toEqual([4, 5, 1]);
  });

  it('a layer on the model’s first line gets the Input on a line of its own', () => {
    const fixed = applyAllFixes('model m { LSTM(2, batch_input_shape=(3, 4, 1), stateful=true) }\n');
    expect(check(fixed).diagnostics).toEqual([]);
    expect(check(fixed).models[0]!.inputs[0]!.type.shape).toEqual([3, 4, 1]);
  });

  it('input_dim=n is input=(n,), and Input(batch_shape=…) is shape= with batch_size=', () => {
    const dense = applyAllFixes('model m {\n  Dense(4, input_dim=3)\n}\n');
    expect(dense).toContain('Dense(4, input=(3,))');
    expect(check(dense).diagnostics).toEqual([]);
    const functional = applyAllFixes('model f {\n  x = Input(batch_shape=(None, 7, 3))\n  y = LSTM(3)(x)\n  output y\n}\n');
    expect(functional).toContain('Input(shape=(7, 3))');
    expect(check(functional).diagnostics).toEqual([]);
  });

  it('a one-item tuple where a number belongs gets the fix; a shape of one stays a shape', () => {
    const d = check('model m {\n  Dense((16), input=(8))\n}\n').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['E0204']);
    expect(d[0]!.fixes?.[0]?.edits[0]?.newText).toBe('16');
  });
});
