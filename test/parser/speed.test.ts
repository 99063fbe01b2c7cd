// Parse speed on a generated 10,000-line file of many models with realistic layer lines.
//
// Tests never assert wall-clock time (they must not flake on a busy machine): this one checks
// that a file of this size parses cleanly; `npm run bench` measures the throughput, and
// `npx tsx bench/parse-phases.ts` that of lexing, recognition and conversion one by one.

import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.ts';

/** A deterministic .rnn file of about `lines` lines: Sequential and functional models, train blocks. */
export function generateFile(lines: number, seed = 1): string {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const int = (n: number) => 1 + Math.floor(rnd() * n);
  const out: string[] = [];
  for (let m = 1; out.length < lines; m++) {
    out.push(`# model number ${m}`);
    if (rnd() < 0.5) {
      out.push(`model seq_${m} {`, `  Embedding(10000, 128, mask_zero=true, input=(None,))`);
      for (let i = 2 + int(6); i > 0; i--) {
        const layers = [
          `  LSTM(${int(256)}, return_sequences=true, dropout=0.2, recurrent_dropout=0.1)`,
          `  Bidirectional(GRU(64, return_sequences=true), merge_mode=concat)`,
          `  Dense(${int(100)}, activation=relu, kernel_initializer="he_normal")  # hidden`,
          `  Dropout(0.5)`,
          `  SimpleRNN(32, activation=tanh, kernel_regularizer=l2(0.01), name='rnn_${i}')`,
        ];
        out.push(layers[Math.floor(rnd() * layers.length)]!);
      }
      out.push(`  Dense(1, activation=sigmoid)`, `}`, ``);
      out.push(
        `train seq_${m} {`,
        `  loss = binary_crossentropy`,
        `  optimizer = Adam(learning_rate=1e-3, clipnorm=1.0)`,
        `  metrics = [accuracy]`,
        `  epochs = 10`,
        `  batch_size = 32`,
        `  callbacks = [EarlyStopping(monitor=val_loss, patience=2)]`,
        `  data = { x = "data/x_${m}.npy", y = "data/y_${m}.npy" }`,
        `}`,
        ``,
      );
    } else {
      out.push(
        `model fn_${m} {`,
        `  src = Input(shape=(None,), dtype=int32)`,
        `  tgt = Input(shape=(None,), dtype=int32)`,
        `  _, h, c = LSTM(256, return_state=true)(Embedding(8000, 128, mask_zero=true)(src))`,
        `  dec = LSTM(256, return_sequences=true)(Embedding(8000, 128)(tgt), initial_state=[h, c])`,
        `  output TimeDistributed(Dense(8000, activation=softmax))(dec)`,
        `}`,
        ``,
      );
    }
  }
  return out.join('\n');
}

describe('a large file', () => {
  const text = generateFile(10_000);

  it('parses a 10,000-line file cleanly', () => {
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.file.decls.length).toBeGreaterThan(500);
  });
});
