// The summary table against real Keras 3 output (printed by Keras 3's model.summary() and
// published; copied here as the reference), not against rnnc's own output.

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { summary, readableSize } from '../../src/compiler/summary.ts';

function model(src: string) {
  const r = check(src, 'm.rnn');
  expect(r.diagnostics).toEqual([]);
  return r.models[0]!;
}

// Keras 3, off a terminal (Python's 80-column fallback → line length 76):
// Sequential([LSTM(32, return_sequences=True, input_shape=(20, 5)), LSTM(16), Dense(1)])
const KERAS_76 = `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                     │ (None, 20, 32)         │         4,864 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ lstm_1 (LSTM)                   │ (None, 16)             │         3,136 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 1)              │            17 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 8,017 (31.32 KB)
 Trainable params: 8,017 (31.32 KB)
 Non-trainable params: 0 (0.00 B)
`;

// Keras 3 on a wide terminal (line length 88): the first rows of an LSTM autoencoder,
// Sequential([LSTM(64, return_sequences=True, input_shape=(24, 6)), LSTM(32), RepeatVector(24), …]).
const KERAS_88_HEAD = `┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                          │ (None, 24, 64)              │          18,176 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ lstm_1 (LSTM)                        │ (None, 32)                  │          12,416 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ repeat_vector (RepeatVector)         │ (None, 24, 32)              │               0 │`;

describe('summary', () => {
  it('matches Keras 3 off a terminal, character for character', () => {
    const m = model(`model sequential {
      LSTM(32, return_sequences=true, input=(20, 5))
      LSTM(16)
      Dense(1)
    }`);
    expect(summary(m)).toBe(KERAS_76);
  });

  it('matches Keras 3 on a wide terminal', () => {
    const m = model(`model autoencoder {
      LSTM(64, return_sequences=true, input=(24, 6))
      LSTM(32)
      RepeatVector(24)
      LSTM(32, return_sequences=true)
      TimeDistributed(Dense(6))
    }`);
    const text = summary(m, { terminalColumns: 200 });
    expect(text.split('\n').slice(1, 9).join('\n')).toBe(KERAS_88_HEAD);
  });

  it("counts Keras's parameter figures", () => {
    expect(model('model m { LSTM(1, input=(5, 1)) }').params.trainable).toBe(12);
    const s = model('model m { Embedding(20000, 128, input=(None,))\n Bidirectional(LSTM(64))\n Dense(1) }');
    expect(s.nodes.map((n) => n.layer.params.trainable)).toEqual([2_560_000, 98_816, 129]);
    for (const [u, d] of [[3, 2], [64, 8], [128, 16]] as const) {
      const gru = model(`model m { GRU(${u}, input=(10, ${d})) }`);
      expect(gru.params.trainable).toBe(3 * (u * (d + u) + 2 * u));
      const old = model(`model m { GRU(${u}, reset_after=false, input=(10, ${d})) }`);
      expect(old.params.trainable).toBe(3 * (u * (d + u) + u));
    }
  });

  it('shows functional inputs and connections as Keras does', () => {
    const m = model(`model two {
      a = Input(shape=(10, 4))
      b = Input(shape=(10, 4))
      x = Concatenate()([LSTM(8)(a), LSTM(8)(b)])
      output Dense(1)(x)
    }`);
    const text = summary(m, { terminalColumns: 200 });
    expect(text).toContain('┃ Layer (type)');
    expect(text).toContain('Connected to');
    expect(text).toMatch(/│ input_layer \(InputLayer\)\s+│ \(None, 10, 4\)\s+│\s+0 │ -/);
    expect(text).toMatch(/│ concatenate \(Concatenate\)\s+│ \(None, 16\)\s+│\s+0 │ lstm\[0\]\[0\], lstm_1\[0\]\[0\]/);
  });

  it("formats sizes as Python's {:.2f} over powers of 1024", () => {
    expect(readableSize(48)).toBe('48.00 B');
    expect(readableSize(32068)).toBe('31.32 KB');
    expect(readableSize(4224)).toBe('4.12 KB'); // 4.125 rounds half to even, as Python does
    expect(readableSize(0)).toBe('0.00 B');
  });

  // Issue 19: at 19 columns or fewer a column's width reached 0 and wrap() looped until the
  // array of lines could not grow (10–35 s, then "Invalid array length").
  it('draws a whole table at any terminal width, down to 1 column', () => {
    const seq = model('model m { LSTM(32, return_sequences=true, input=(20, 5)) Dense(1) }');
    const fun = model('model two { a = Input(shape=(10, 4)) output Dense(1)(LSTM(8)(a)) }');
    for (const m of [seq, fun]) {
      for (const columns of [undefined, ...Array.from({ length: 130 }, (_, i) => i - 5), NaN]) {
        const text = summary(m, columns === undefined ? {} : { terminalColumns: columns });
        const table = text.split('\n').filter((l) => /^[┏┃┡│├└]/.test(l));
        expect(new Set(table.map((l) => l.length)).size, `width ${columns}`).toBe(1);
        // Every character of every cell is in the table, wrapped or not.
        const cells = table.filter((l) => l.startsWith('│')).join('');
        for (const n of m.nodes) for (const ch of n.layer.name) expect(cells).toContain(ch);
        expect(text).toContain('Total params');
      }
    }
  });
});
