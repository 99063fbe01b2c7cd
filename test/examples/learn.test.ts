// Each example learns: a short, seeded run of the example's own .rnn file on its own data (the
// first samples of it, a few epochs) must bring the loss below a bound it starts well above. The
// bounds were set from these seeded runs with room to spare; a runtime change that breaks an
// example's learning (or an example whose data no longer fits its model) fails here.
// examples/README.md gives the full runs' figures.

import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/runtime/tf.ts';
import { fashionMnist } from '../../examples/fashion_mnist.ts';
import { sequenceAccuracy } from '../../examples/encoder_decoder.ts';
import { firstRows } from '../../examples/script.ts';
import { naiveScores } from '../../examples/forecast-baseline.ts';
import { longSineBaselines, longSines } from '../../examples/data/make-long-sine.ts';
import { exampleData, exampleModel, shortRun, type ShortRun } from './short-run.ts';
import type { Dataset } from '../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

function learns(run: ShortRun, key: string, below: number, startsAbove: number): void {
  const first = run.epochs[0]![key]!;
  const last = run.epochs.at(-1)![key]!;
  run.model.dispose();
  expect(first, `${key} of the first epoch`).toBeGreaterThan(startsAbove);
  expect(last, `${key} of the last epoch`).toBeLessThan(below);
}

describe('the examples learn (short seeded runs)', () => {
  it('next_number: the LSTM on the scaled numbers, 150 of its 500 epochs', async () => {
    learns(await shortRun('next_number.rnn', { epochs: 150 }), 'val_loss', 0.03, 0.3);
  });

  it('next_number_normalized: the unscaled numbers, inputs and targets normalized, 200 of its 500 epochs', async () => {
    // The MAE is in the data's own units (targets 5…94); the inverting Normalization starts the
    // output at the targets' mean, so the first epoch's MAE is about 10 (the full run: 0.059 at
    // epoch 200, 0.014 at 500).
    learns(await shortRun('next_number_normalized.rnn', { epochs: 200 }), 'val_loss', 0.5, 5);
  });

  it('deep_rnn: 3 epochs on 800 series', async () => {
    learns(await shortRun('deep_rnn.rnn', { epochs: 3, limit: 800 }), 'val_loss', 0.035, 0.04);
  });

  it('gru: 2 epochs on 600 series', async () => {
    learns(await shortRun('gru.rnn', { epochs: 2, limit: 600 }), 'val_loss', 0.035, 0.04);
  });

  it('masking: 4 epochs on 600 padded sequences', async () => {
    learns(await shortRun('masking.rnn', { epochs: 4, limit: 600 }), 'loss', 0.019, 0.021);
  });

  it('long_sine: 5 epochs of truncated BPTT over 400-step waves beat the noisy value as the next (0.0265)', async () => {
    const { x, y } = longSines();
    expect(longSineBaselines(x, y, 48, 64).persistence).toBeCloseTo(0.0265, 3);
    const run = await shortRun('long_sine.rnn', { epochs: 5 });
    expect(run.epochs.at(-1)!['val_loss']!, 'validation MSE of the last epoch').toBeLessThan(0.015);
    learns(run, 'loss', 0.015, 0.03);
  });

  it('forecast: 4 epochs on the Seattle temperatures (the naive forecast scores an MSE of 9.5)', async () => {
    expect(naiveScores().mse).toBeCloseTo(9.495, 2);
    learns(await shortRun('forecast.rnn', { epochs: 4 }), 'val_loss', 13, 20);
  });

  it('sentiment: 3 epochs on 400 short reviews, in batches of 8, bring the training loss down from log 2', async () => {
    const model = await exampleModel('sentiment.rnn');
    const data = shortReviews(exampleData(model, 'sentiment.rnn'), 400, 12);
    model.dispose();
    learns(await shortRun('sentiment.rnn', { epochs: 3, batchSize: 8, data }), 'loss', 0.6, 0.68);
  });

  it('sentiment_text: the reviews as raw text, its TextVectorization adapted on them, 3 epochs on 1,500 of them', async () => {
    const run = await shortRun('sentiment_text.rnn', { epochs: 3, limit: 1500 });
    learns(run, 'loss', 0.6, 0.66);
  });

  it('encoder_decoder: 3 epochs on 2,400 sums; whole answers are right less often than characters', async () => {
    const run = await shortRun('encoder_decoder.rnn', { epochs: 3, limit: 2400 });
    const rows: Dataset = { x: run.data.x.map((a) => firstRows(a, 200)), y: run.data.y.map((a) => firstRows(a, 200)) };
    // A whole answer is right only when each of its characters is.
    const { accuracy } = sequenceAccuracy(run.model, rows);
    expect(accuracy).toBeLessThanOrEqual(run.model.evaluate(rows)['accuracy']!);
    learns(run, 'loss', 1.75, 1.9);
  });

  it.skipIf(!fashionMnistInstalled())('fashion_mnist: 2 epochs on 2,000 real images score over 50% on 2,000 test images', async () => {
    const model = await exampleModel('fashion_mnist.rnn');
    const train = fashionMnist(model, 'train');
    const test = fashionMnist(model, 't10k');
    model.dispose();
    const run = await shortRun('fashion_mnist.rnn', { epochs: 2, data: { x: [firstRows(train.x, 2000)], y: [firstRows(train.y, 2000)] } });
    const scores = run.model.evaluate({ x: [firstRows(test.x, 2000)], y: [firstRows(test.y, 2000)] }, 500);
    expect(scores['accuracy']).toBeGreaterThan(0.5);
    learns(run, 'loss', 1.6, 1.9);
  });
});

function fashionMnistInstalled(): boolean {
  try {
    return statSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz').isFile();
  } catch {
    return false;
  }
}

/** The first `n` reviews of at most `steps` words, cut to `steps` columns: a recurrent layer
 *  pays for every padded step, so short reviews train several times faster. */
function shortReviews(data: Dataset, n: number, steps: number): Dataset {
  const [x] = data.x;
  const [y] = data.y;
  const width = x!.shape[1]!;
  const rows: number[] = [];
  for (let i = 0; i < x!.shape[0]! && rows.length < n; i++) if (x!.data[i * width + steps] === 0) rows.push(i);
  const xs = new Int32Array(rows.length * steps);
  rows.forEach((r, k) => xs.set(x!.data.subarray(r * width, r * width + steps), k * steps));
  const ys = new Float32Array(rows.map((r) => y!.data[r]!));
  return { x: [{ ...x!, shape: [rows.length, steps], data: xs }], y: [{ ...y!, shape: [rows.length, 1], data: ys }] };
}
