// Train, save, load elsewhere: a small model trained for a few epochs is saved with RnnModel.save,
// then (1) the real tfjs-layers loads model.json + weights.bin through an in-memory IOHandler and
// its predict equals rnnc's predict on the same inputs, and (2) RnnModel.load into a fresh
// network of the same source (other seed, other initial weights) gives the same predictions,
// bit for bit. Only models tfjs-layers represents exactly: no GRU reset_after=true.

import * as tfl from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';
import { binary, normal, oneHot, paddedIds } from '../model/support.ts';
import { loadWithTfjs, scratchDir } from '../save/helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const root = scratchDir();
const B = 24;
const TRAIN = (loss: string) => `
train {
  loss = ${loss}
  optimizer = Adam(learning_rate=0.02)
  epochs = 4
  batch_size = 8
}`;

const CASES: readonly { name: string; source: string; data: (rng: Rng) => Dataset }[] = [
  {
    name: 'LSTM',
    source: `model m {\n  LSTM(6, input=(5, 2))\n  Dense(1)\n}` + TRAIN('mse'),
    data: (rng) => ({ x: [normal(rng, [B, 5, 2])], y: [normal(rng, [B, 1])] }),
  },
  {
    name: 'stacked SimpleRNN, softmax',
    source: `model m {\n  SimpleRNN(5, return_sequences=true, input=(5, 2))\n  SimpleRNN(3, activation=relu)\n  Dense(3, activation=softmax)\n}` + TRAIN('categorical_crossentropy'),
    data: (rng) => ({ x: [normal(rng, [B, 5, 2])], y: [oneHot(rng, [B, 3])] }),
  },
  {
    name: 'GRU reset_after=false',
    source: `model m {\n  GRU(4, reset_after=false, input=(5, 2))\n  Dense(1, activation=tanh)\n}` + TRAIN('mse'),
    data: (rng) => ({ x: [normal(rng, [B, 5, 2])], y: [normal(rng, [B, 1], 0.5)] }),
  },
  {
    name: 'Bidirectional LSTM sequences → TimeDistributed(Dense)',
    source: `model m {\n  Bidirectional(LSTM(3, return_sequences=true), input=(5, 2))\n  TimeDistributed(Dense(1))\n}` + TRAIN('mse'),
    data: (rng) => ({ x: [normal(rng, [B, 5, 2])], y: [normal(rng, [B, 5, 1])] }),
  },
  {
    name: 'Embedding(mask_zero) → LSTM → sigmoid, ragged ids',
    source: `model m {\n  Embedding(50, 4, mask_zero=true, input=(None,))\n  LSTM(4)\n  Dense(1, activation=sigmoid)\n}` + TRAIN('binary_crossentropy'),
    data: (rng) => ({
      x: [paddedIds(rng, Array.from({ length: B }, (_, i) => 1 + (i % 8)), 8, 50)],
      y: [binary(rng, B)],
    }),
  },
];

const tfjsInput = (a: HostArray) => tfl.tensor(a.data, [...a.shape], a.dtype);

describe.each(CASES)('$name', (c) => {
  it('trained and saved: tfjs-layers predicts what rnnc predicts (1e-5), and RnnModel.load restores the predictions exactly', async () => {
    const rnn = await compile(c.source, { seed: 4 });
    const data = c.data(new Rng(6));
    const initial = rnn.predict(data.x)[0]!.data;
    await rnn.fit(data);
    const ours = rnn.predict(data.x)[0]!;
    expect(ours.data).not.toEqual(initial); // training moved the weights

    const dir = join(root, c.name.replace(/\W+/g, '-'));
    expect(await rnn.save(dir)).toEqual([]); // no notes: tfjs-layers represents the model exactly

    const loaded = await loadWithTfjs(dir);
    const x = data.x.map(tfjsInput);
    const y = loaded.predict(x.length === 1 ? x[0]! : x) as tfl.Tensor;
    expect(y.shape).toEqual([...ours.shape]);
    const theirs = y.dataSync();
    let worst = 0;
    theirs.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ours.data[i]!))));
    expect(worst).toBeLessThanOrEqual(1e-5);
    tfl.dispose([...x, y]);
    loaded.dispose();

    const fresh = await compile(c.source, { seed: 77 });
    expect(fresh.predict(data.x)[0]!.data).not.toEqual(ours.data);
    await fresh.load(dir);
    expect(fresh.predict(data.x)[0]!.data).toEqual(ours.data);
    fresh.dispose();
    rnn.dispose();
  });
});
