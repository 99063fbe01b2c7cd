// `rnnc summary`: Keras 3's model.summary() table for every example. The expected rows are
// written here from Keras's own formulas (names, output shapes, parameter counts), never copied
// from rnnc's output, and compared with the table rnnc prints, cell by cell.

import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, expectNoCrash, expectUsageError, rnnc, tempDirs } from './run.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

// ---- Keras's parameter counts (keras/src/layers), for units u and input features f -----------
const simpleRnn = (u: number, f: number) => u * f + u * u + u; // kernel, recurrent_kernel, bias
const lstm = (u: number, f: number) => 4 * (u * f + u * u + u); // four gates
const gru = (u: number, f: number) => 3 * (u * f + u * u) + 2 * 3 * u; // reset_after: two biases
const dense = (u: number, f: number) => f * u + u;
const embedding = (vocabulary: number, dim: number) => vocabulary * dim;

interface Expected {
  readonly name: string;
  /** [`name (Type)`, output shape, parameters, connected to (functional models only)] */
  readonly rows: readonly (readonly [string, string, number, string?])[];
  /** Of the rows' parameters, how many are not trainable (0 unless said). */
  readonly nonTrainable?: number;
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  'basic_rnn.rnn': { name: 'basic_rnn', rows: [['simple_rnn (SimpleRNN)', '(None, 2, 5)', simpleRnn(5, 3)]] },
  'basic_rnn_masked.rnn': {
    name: 'basic_rnn_masked',
    rows: [
      // A chain of layers: no "Connected to" column, as Keras leaves it out for sequential-like models
      ['input_layer (InputLayer)', '(None, 2, 3)', 0],
      ['masking (Masking)', '(None, 2, 3)', 0],
      ['simple_rnn (SimpleRNN)', '[(None, 2, 5), (None, 5)]', simpleRnn(5, 3)],
    ],
  },
  'deep_rnn.rnn': {
    name: 'deep_rnn',
    rows: [
      ['simple_rnn (SimpleRNN)', '(None, None, 20)', simpleRnn(20, 1)],
      ['simple_rnn_1 (SimpleRNN)', '(None, None, 20)', simpleRnn(20, 20)],
      ['simple_rnn_2 (SimpleRNN)', '(None, 20)', simpleRnn(20, 20)],
      ['dense (Dense)', '(None, 1)', dense(1, 20)],
    ],
  },
  'encoder_decoder.rnn': {
    name: 'encoder_decoder',
    rows: [
      ['lstm (LSTM)', '(None, 128)', lstm(128, 12)],
      ['repeat_vector (RepeatVector)', '(None, 4, 128)', 0],
      ['lstm_1 (LSTM)', '(None, 4, 128)', lstm(128, 128)],
      ['time_distributed (TimeDistributed)', '(None, 4, 12)', dense(12, 128)],
    ],
  },
  'forecast.rnn': {
    name: 'forecast',
    rows: [
      ['simple_rnn (SimpleRNN)', '(None, 20, 100)', simpleRnn(100, 1)],
      ['dense (Dense)', '(None, 20, 1)', dense(1, 100)], // Dense acts on the last axis
    ],
  },
  'gru.rnn': {
    name: 'gru',
    rows: [
      ['gru (GRU)', '(None, None, 64)', gru(64, 1)],
      ['gru_1 (GRU)', '(None, 32)', gru(32, 64)],
      ['dense (Dense)', '(None, 1)', dense(1, 32)],
    ],
  },
  'masking.rnn': {
    name: 'variable_length',
    rows: [
      ['masking (Masking)', '(None, None, 3)', 0],
      ['lstm (LSTM)', '(None, 16)', lstm(16, 3)],
      ['dense (Dense)', '(None, 1)', dense(1, 16)],
    ],
  },
  'fashion_mnist.rnn': {
    name: 'fashion_mnist',
    rows: [
      ['lstm (LSTM)', '(None, 64)', lstm(64, 28)],
      ['dense (Dense)', '(None, 10)', dense(10, 64)],
    ],
  },
  'char_lm.rnn': {
    name: 'chars',
    rows: [
      ['embedding (Embedding)', '(None, None, 16)', embedding(28, 16)],
      ['lstm (LSTM)', '(None, None, 96)', lstm(96, 16)],
      ['dense (Dense)', '(None, None, 28)', dense(28, 96)],
    ],
  },
  'tom_sawyer.rnn': {
    name: 'tom',
    rows: [
      ['embedding (Embedding)', '(None, None, 32)', embedding(75, 32)],
      ['lstm (LSTM)', '(None, None, 128)', lstm(128, 32)],
      ['dense (Dense)', '(None, None, 75)', dense(75, 128)],
    ],
  },
  'long_sine.rnn': {
    name: 'long_sine',
    rows: [
      ['lstm (LSTM)', '(None, None, 32)', lstm(32, 1)],
      ['dense (Dense)', '(None, None, 1)', dense(1, 32)],
    ],
  },
  'next_number.rnn': { name: 'next_number', rows: [['lstm (LSTM)', '(None, 1)', lstm(1, 1)]] },
  'next_number_normalized.rnn': {
    name: 'next_number_normalized',
    rows: [
      // normalization.py build(): mean (1,), variance (1,) and a scalar count, none trainable
      ['normalization (Normalization)', '(None, 5, 1)', 3],
      ['lstm (LSTM)', '(None, 16)', lstm(16, 1)],
      ['dense (Dense)', '(None, 1)', dense(1, 16)],
      // The inverting one, adapted on the targets: the same three weights for one feature.
      ['normalization_1 (Normalization)', '(None, 1)', 3],
    ],
    nonTrainable: 6,
  },
  'sentiment.rnn': {
    name: 'sentiment',
    rows: [
      ['embedding (Embedding)', '(None, None, 128)', embedding(10000, 128)],
      // Bidirectional's inner LSTM is constructed first and takes the name `lstm`
      ['bidirectional (Bidirectional)', '(None, None, 128)', 2 * lstm(64, 128)],
      ['lstm_1 (LSTM)', '(None, 32)', lstm(32, 128)],
      ['dense (Dense)', '(None, 1)', dense(1, 32)],
    ],
  },
  'sentiment_text.rnn': {
    name: 'sentiment_text',
    rows: [
      // A chain of layers: Keras prints it without "Connected to", the InputLayer first.
      ['input_layer (InputLayer)', '(None, 1)', 0],
      // text_vectorization.py: no weights (the vocabulary is a lookup table), output (batch, None).
      ['text_vectorization (TextVectorization)', '(None, None)', 0],
      ['embedding (Embedding)', '(None, None, 64)', embedding(2500, 64)],
      ['lstm (LSTM)', '(None, 32)', lstm(32, 64)],
      ['dense (Dense)', '(None, 1)', dense(1, 32)],
    ],
  },
  'translate.rnn': {
    name: 'translate',
    rows: [
      ['src (InputLayer)', '(None, None)', 0, '-'],
      ['tgt (InputLayer)', '(None, None)', 0, '-'],
      ['embedding (Embedding)', '(None, None, 32)', embedding(32, 32), 'src[0][0]'],
      ['lstm (LSTM)', '[(None, 64), (None, 64), (None, 64)]', lstm(64, 32), 'embedding[0][0]'],
      ['embedding_1 (Embedding)', '(None, None, 32)', embedding(29, 32), 'tgt[0][0]'],
      ['lstm_1 (LSTM)', '(None, None, 64)', lstm(64, 32), 'embedding_1[0][0], lstm[0][1], lstm[0][2]'],
      ['time_distributed (TimeDistributed)', '(None, None, 29)', dense(29, 64), 'lstm_1[0][0]'],
    ],
  },
  'translate_text.rnn': {
    name: 'translate_text',
    rows: [
      ['en (InputLayer)', '(None, 1)', 0, '-'],
      ['fr (InputLayer)', '(None, 1)', 0, '-'],
      // text_vectorization.py: no weights, output (batch, None) without output_sequence_length.
      ['text_vectorization (TextVectorization)', '(None, None)', 0, 'en[0][0]'],
      ['text_vectorization_1 (TextVectorization)', '(None, None)', 0, 'fr[0][0]'],
      ['embedding (Embedding)', '(None, None, 32)', embedding(32, 32), 'text_vectorization[0][0]'],
      ['lstm (LSTM)', '[(None, 64), (None, 64), (None, 64)]', lstm(64, 32), 'embedding[0][0]'],
      ['embedding_1 (Embedding)', '(None, None, 32)', embedding(32, 32), 'text_vectorization_1[0][0]'],
      ['lstm_1 (LSTM)', '(None, None, 64)', lstm(64, 32), 'embedding_1[0][0], lstm[0][1], lstm[0][2]'],
      ['time_distributed (TimeDistributed)', '(None, None, 32)', dense(32, 64), 'lstm_1[0][0]'],
    ],
  },
};

/** 1234567 → "1,234,567" */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Keras's readable_memory_size: bytes over powers of 1024, two decimals. */
function memory(params: number): string {
  let size = params * 4; // float32
  for (const unit of ['B', 'KB', 'MB', 'GB']) {
    if (size / 1024 < 1) return `${twoDecimals(size)} ${unit}`;
    size /= 1024;
  }
  return `${twoDecimals(size)} TB`;
}

/** Python's f"{x:.2f}": an exact tie rounds half to even ("%.2f" % 210.125 is "210.12"), where
 *  JavaScript's toFixed rounds it up. */
function twoDecimals(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor !== 0.5) return x.toFixed(2);
  return ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2);
}

interface Table {
  readonly title: string;
  readonly header: string[];
  readonly rows: string[][];
  readonly widths: Set<number>;
  readonly totals: string[];
}

/**
 * Reads the rich table back into cells. A cell that wraps continues on the next line: after a
 * line that fills the cell the word was folded (join without a space), otherwise it broke at a
 * space.
 */
function parseTable(text: string): Table {
  const lines = text.replace(/\n$/, '').split('\n');
  const title = lines[0]!;
  const tableLines = lines.slice(1).filter((l) => /^[┏┃┡│├└]/.test(l));
  const totals = lines.slice(1 + tableLines.length);
  const cellsOf = (l: string) => l.slice(1, -1).split(/[┃│]/);
  const groups: string[][][] = [];
  let current: string[][] | undefined;
  for (const l of tableLines) {
    if (l.startsWith('┃') || l.startsWith('│')) (current ??= []).push(cellsOf(l));
    else if (current) {
      groups.push(current);
      current = undefined;
    }
  }
  const join = (lines: string[][]) =>
    lines[0]!.map((_, i) => {
      let text = '';
      let previousFull = false;
      for (const cells of lines) {
        const raw = cells[i]!;
        const piece = raw.trim();
        if (piece) text = !text ? piece : previousFull ? text + piece : `${text} ${piece}`;
        previousFull = piece.length === raw.length - 2; // one space of padding on each side
      }
      return text;
    });
  const [header, ...rows] = groups.map(join);
  return { title, header: header!, rows, widths: new Set(tableLines.map((l) => l.length)), totals };
}

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn')).sort();

describe('rnnc summary: the Keras table of each example', () => {
  it('has an expectation for every example', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(examples);
  });

  it('next_number has 12 parameters: 4 gates × (1·1 + 1·1 + 1)', () => {
    expect(lstm(1, 1)).toBe(12);
  });

  for (const file of examples) {
    const expected = EXPECTED[file];
    it(`${file}: ${expected?.name}`, async () => {
      if (!expected) throw new Error(`no expectation for ${file}`);
      const run = await rnnc(['summary', `examples/${file}`]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expectNoCrash(run);
      const table = parseTable(run.stdout);
      expect(table.title).toBe(`Model: "${expected.name}"`);
      const functional = expected.rows.some((r) => r[3] !== undefined);
      expect(table.header).toEqual(['Layer (type)', 'Output Shape', 'Param #', ...(functional ? ['Connected to'] : [])]);
      expect(table.rows).toEqual(expected.rows.map(([layer, shape, params, connected]) => [layer, shape, thousands(params), ...(connected ? [connected] : [])]));
      // Off a terminal Keras draws min(88, 80 - 4) = 76 columns (Python's fallback of 80 columns).
      expect([...table.widths]).toEqual([76]);
      const total = expected.rows.reduce((n, r) => n + r[2], 0);
      const frozen = expected.nonTrainable ?? 0;
      expect(table.totals).toEqual([
        ` Total params: ${thousands(total)} (${memory(total)})`,
        ` Trainable params: ${thousands(total - frozen)} (${memory(total - frozen)})`,
        ` Non-trainable params: ${thousands(frozen)} (${memory(frozen)})`,
      ]);
    });
  }

  it('sentiment totals 1,399,457 parameters (5.34 MB), as Keras prints', () => {
    const total = EXPECTED['sentiment.rnn']!.rows.reduce((n, r) => n + r[2], 0);
    expect(thousands(total)).toBe('1,399,457');
    expect(memory(total)).toBe('5.34 MB');
  });
});

const TWO_MODELS = `model encoder {
  LSTM(8, input=(None, 3))
}

model decoder {
  GRU(4, return_sequences=true, input=(6, 2))
  Dense(1)
}
`;

describe('rnnc summary: choosing a model, and refusing files with errors', () => {
  it('--model NAME prints only that model of a file with several', async () => {
    const dir = dirs.make({ 'two.rnn': TWO_MODELS });
    const run = await rnnc(['summary', 'two.rnn', '--model', 'decoder'], { cwd: dir });
    expect(run.code).toBe(0);
    const table = parseTable(run.stdout);
    expect(table.title).toBe('Model: "decoder"');
    expect(table.rows).toEqual([
      ['gru (GRU)', '(None, 6, 4)', thousands(gru(4, 2))],
      ['dense (Dense)', '(None, 6, 1)', thousands(dense(1, 4))],
    ]);
    expect(run.stdout).not.toContain('encoder');
  });

  it('without --model prints every model of the file', async () => {
    const dir = dirs.make({ 'two.rnn': TWO_MODELS });
    const run = await rnnc(['summary', 'two.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^Model: ".*"$/gm)).toEqual(['Model: "encoder"', 'Model: "decoder"']);
  });

  it('an unknown --model is E0702 (exit 2), with the model it probably meant', async () => {
    const dir = dirs.make({ 'two.rnn': TWO_MODELS });
    const run = await rnnc(['summary', 'two.rnn', '--model', 'decodr'], { cwd: dir });
    expectUsageError(run, 'E0702');
    expect(run.stderr).toMatch(/`decodr`/);
    expect(run.stderr).toMatch(/= help: .*`decoder`/);
    expect(run.stdout).toBe('');
  });

  it('a file with errors: exit 1, the diagnostics on stderr, no table', async () => {
    const dir = dirs.make({ 'stacked.rnn': 'model stacked {\n  LSTM(64, input=(20, 8))\n  LSTM(32)\n}\n' });
    const run = await rnnc(['summary', 'stacked.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error\[E0301\]: /m);
    expect(run.stderr).toMatch(/^ --> stacked\.rnn:3:3$/m);
    expectNoCrash(run);
  });

  it('a file with only warnings: exit 0, the table on stdout, the warnings on stderr', async () => {
    const source = 'model regress {\n  LSTM(8, input=(5, 1))\n  Dense(3, activation=softmax)\n}\ntrain {\n  loss = mse\n}\n';
    const dir = dirs.make({ 'regress.rnn': source });
    const run = await rnnc(['summary', 'regress.rnn'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(parseTable(run.stdout).title).toBe('Model: "regress"');
    expect(run.stderr).toMatch(/^warning\[W0508\]: /m);
    expectNoCrash(run);
  });

  it('a file with no model is E0702; a missing file E0701; two files bad usage', async () => {
    const dir = dirs.make({ 'empty.rnn': '# nothing yet\n' });
    expectUsageError(await rnnc(['summary', 'empty.rnn'], { cwd: dir }), 'E0702');
    expectUsageError(await rnnc(['summary', 'missing.rnn'], { cwd: dir }), 'E0701');
    expectUsageError(await rnnc(['summary', 'examples/gru.rnn', 'examples/gru.rnn']), 'E0703');
  });
});
