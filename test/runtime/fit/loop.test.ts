// Keras's fit loop (keras/src/trainers/trainer.py, data_adapters/array_slicing.py) on a model
// whose training can be followed by hand: x_i is the one-hot vector e_i and the model is
// Dense(1, use_bias=false) from zeros, so sample i reads and moves only weight W_i. With mse and
// SGD(0.25) on batches of one, each visit halves W_i's distance to y_i; nothing else can change
// it. The per-batch losses (from the running mean fit reports) then say which sample each batch
// held, so the shuffle order of every epoch can be read back.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import { fit, type Dataset } from '../../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const N = 10;

/** x_i = e_i, y_i = i + 1: distinct whole numbers, so every loss here is exact in float32. */
function oneHotData(n = N): Dataset {
  const x = new Float32Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  const y = Float32Array.from({ length: n }, (_, i) => i + 1);
  return { x: [{ dtype: 'float32', shape: [n, n], data: x }], y: [{ dtype: 'float32', shape: [n, 1], data: y }] };
}

const source = (train: string, n = N) => `model m {
  Dense(1, use_bias=false, kernel_initializer=zeros, input=(${n},))
}
train {
  loss = mse
  optimizer = SGD(learning_rate=0.25)
  ${train.includes('batch_size') ? '' : 'batch_size = 1'}
  ${train}
}`;

const kernel = (rnn: RnnModel) => Array.from(rnn.network.getWeightValues()[0]!);

/** Fit, recording each batch's own loss (undoing fit's running mean) and each epoch's logs. */
async function fitRecording(rnn: RnnModel, data: Dataset) {
  const batches: number[][] = [];
  const steps: number[] = [];
  let previous = 0;
  const history = await rnn.fit(data, {}, {
    events: {
      onEpochBegin: (_e, _n, s) => {
        steps.push(s);
        batches.push([]);
        previous = 0;
      },
      onBatchEnd: (b, _s, logs) => {
        // loss = Σ batch losses / samples seen; batches of one sample.
        batches.at(-1)!.push(logs['loss']! * (b + 1) - previous);
        previous = logs['loss']! * (b + 1);
      },
    },
  });
  return { history, batches, steps };
}

/** Which sample each batch held in epoch `e` (0-based): its loss is (y_i · 2^-e)², y_i = i + 1. */
const samplesOf = (losses: readonly number[], e: number) => losses.map((l) => Math.round(Math.sqrt(l) * 2 ** e) - 1);

describe('validation_split', () => {
  it('holds out the last fraction before shuffling: floor(n·(1 − split)) samples train, each once per epoch', async () => {
    // 10 · 0.65 = 6.5: Keras floors to 6 (rounding would train 7).
    const rnn = await compile(source('validation_split = 0.35\n  epochs = 3'), { seed: 1 });
    const { history, batches, steps } = await fitRecording(rnn, oneHotData());
    expect(steps).toEqual([6, 6, 6]);
    batches.forEach((losses, e) => expect([...samplesOf(losses, e)].sort()).toEqual([0, 1, 2, 3, 4, 5]));
    // W_i = y_i (1 − 2⁻³) for the six trained samples; the held-out four were never touched.
    expect(kernel(rnn)).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 0, 0].map((y) => y * (1 - 1 / 8)));
    // val_loss after epoch e: the held-out samples still predict 0, so mean(y²) over 7…10.
    const heldOut = (49 + 64 + 81 + 100) / 4;
    expect(history.epochs.map((l) => l['val_loss'])).toEqual([heldOut, heldOut, heldOut]);
    rnn.dispose();
  });

  it('refuses a split that leaves no training or no validation samples (Keras raises the same)', async () => {
    const rnn = await compile(source('validation_split = 0.95'), { seed: 1 });
    await expect(rnn.fit(oneHotData())).rejects.toMatchObject({ code: 'E0516' });
    rnn.dispose();
  });
});

describe('the logged loss', () => {
  it('is the mean over samples: batches weighted by their size (Keras’s loss tracker), not the mean of batch means', async () => {
    // 7 samples in batches of 3, 3, 1, unshuffled: mse on a batch of k moves W_i by 2·0.25/k of
    // its error, so samples 0–5 keep 5/6 of it per epoch and sample 6 keeps 1/2.
    const rnn = await compile(source('batch_size = 3\n  shuffle = false\n  epochs = 3', 7), { seed: 1 });
    const { history, steps } = await fitRecording(rnn, oneHotData(7));
    expect(steps).toEqual([3, 3, 3]);
    const keep = [5 / 6, 5 / 6, 5 / 6, 5 / 6, 5 / 6, 5 / 6, 1 / 2];
    const y = [1, 2, 3, 4, 5, 6, 7];
    for (let e = 0; e < 3; e++) {
      const sampleLoss = y.map((yi, i) => (yi * keep[i]! ** e) ** 2);
      const batchMeans = [sampleLoss.slice(0, 3), sampleLoss.slice(3, 6), sampleLoss.slice(6)].map((b) => b.reduce((s, v) => s + v, 0) / b.length);
      const weighted = sampleLoss.reduce((s, v) => s + v, 0) / 7;
      const unweighted = batchMeans.reduce((s, v) => s + v, 0) / 3;
      expect(Math.abs(history.epochs[e]!['loss']! - weighted)).toBeLessThanOrEqual(1e-5 * weighted);
      expect(Math.abs(weighted - unweighted)).toBeGreaterThan(0.02 * weighted);
    }
    expect(kernel(rnn).map((w, i) => w - y[i]! * (1 - keep[i]! ** 3)).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    rnn.dispose();
  });
});

describe('shuffling', () => {
  async function orders(seed: number, shuffle = true) {
    const rnn = await compile(source(`epochs = 4\n  shuffle = ${shuffle}`), { seed });
    const { batches } = await fitRecording(rnn, oneHotData());
    const weights = kernel(rnn);
    rnn.dispose();
    return { orders: batches.map((losses, e) => samplesOf(losses, e)), weights };
  }

  it('visits every sample once per epoch in a new seeded order; the same seed repeats the orders, another seed does not', async () => {
    const a = await orders(3);
    const again = await orders(3);
    const other = await orders(4);
    for (const o of [...a.orders, ...other.orders]) expect([...o].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(a.orders.map((o) => o.join())).size).toBe(4);
    expect(again.orders).toEqual(a.orders);
    expect(other.orders).not.toEqual(a.orders);
    // The order does not change where each weight ends: each visit halves its distance.
    expect(a.weights).toEqual(Array.from({ length: N }, (_, i) => (i + 1) * (1 - 1 / 16)));
  });

  it('shuffle = false keeps the samples in order', async () => {
    const { orders: o } = await orders(3, false);
    expect(o).toEqual(Array.from({ length: 4 }, () => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('determinism', () => {
  // A recurrent model whose run draws from every seeded stream: initial weights, dropout and
  // recurrent dropout masks, and the shuffles; Adam and a validation split besides.
  const recurrent = `model m {
  LSTM(6, dropout=0.2, recurrent_dropout=0.2, input=(5, 2))
  Dropout(0.3)
  Dense(1)
}
train {
  loss = mse
  optimizer = Adam(learning_rate=0.01)
  metrics = [mae]
  epochs = 3
  batch_size = 8
  validation_split = 0.25
}`;

  function sequences(n: number): Dataset {
    const x = Float32Array.from({ length: n * 10 }, (_, i) => Math.sin(i * 0.7));
    const y = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
    const xs: HostArray = { dtype: 'float32', shape: [n, 5, 2], data: x };
    return { x: [xs], y: [{ dtype: 'float32', shape: [n, 1], data: y }] };
  }

  async function run(seed: number, shuffleSeed = seed) {
    const rnn = await compile(recurrent, { seed });
    const history = await fit(rnn.network, sequences(40), { ...rnn.settings(), seed: shuffleSeed });
    const weights = rnn.network.getWeightValues();
    rnn.dispose();
    return { history: history.epochs, weights };
  }

  const bits = (ws: readonly Float32Array[]) => ws.map((w) => Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length)));

  it('the same seed gives bit-for-bit the same losses, metrics and weights', async () => {
    const [a, b] = [await run(21), await run(21)];
    expect(b.history).toEqual(a.history);
    expect(bits(b.weights)).toEqual(bits(a.weights));
    expect(a.history.every((l) => Number.isFinite(l['loss']) && Number.isFinite(l['val_mae']))).toBe(true);
  });

  it('another seed gives other weights and losses; another shuffle seed alone changes the run', async () => {
    const a = await run(21);
    const otherSeed = await run(22);
    const otherShuffle = await run(21, 99);
    expect(otherSeed.history[0]!['loss']).not.toBe(a.history[0]!['loss']);
    expect(bits(otherSeed.weights)).not.toEqual(bits(a.weights));
    expect(otherShuffle.history[0]!['loss']).not.toBe(a.history[0]!['loss']);
    expect(bits(otherShuffle.weights)).not.toEqual(bits(a.weights));
  });
});
