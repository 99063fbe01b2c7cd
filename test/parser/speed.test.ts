// Parse speed on a generated 10,000-line file of many models with realistic layer lines.
//
// Tests never assert wall-clock time (they must not flake on a busy machine): this one checks
// that a file of this size parses cleanly; `npm run bench` measures the throughput, and
//   RNN_BENCH=1 npx vitest run test/parser/speed.test.ts
// prints lexing, recognition, conversion and whole-parse throughput.

import { describe, expect, it } from 'vitest';
import { lex } from '../../src/parser/lexer.ts';
import { parser } from '../../src/parser/parser.ts';
import { toAst } from '../../src/parser/to-ast.ts';
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

/** Average milliseconds per run of `f` over `runs` runs, after `warmup` runs. */
function time(f: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

describe('parse speed', () => {
  const text = generateFile(10_000);

  it('parses a 10,000-line file cleanly', () => {
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.file.decls.length).toBeGreaterThan(500);
  });

  it.runIf(process.env['RNN_BENCH'] !== undefined)('prints the throughput of each phase', () => {
    const runs = 50;
    const mbps = (ms: number) => `${(text.length / 1e3 / ms).toFixed(1)} MB/s (${ms.toFixed(2)} ms)`;
    const lexed = lex(text);
    const p = parser();
    p.parseTokens(lexed.tokens);
    const events = p.events.slice(0, p.eventCount);
    const first = performance.now();
    parse(generateFile(10_000, 2)); // a file not seen before, right after loading the module
    const cold = performance.now() - first;
    console.log(
      [
        `${text.length} bytes, ${text.split('\n').length} lines, ${lexed.tokens.length} tokens`,
        `lex        ${mbps(time(() => lex(text), runs, 10))}`,
        `recognize  ${mbps(time(() => p.parseTokens(lexed.tokens), runs, 10))}`,
        `to AST     ${mbps(time(() => toAst(text, lexed, events, []), runs, 10))}`,
        `parse()    ${mbps(time(() => parse(text), runs, 10))}   (first parse of another file: ${mbps(cold)})`,
      ].join('\n'),
    );
  });
});
