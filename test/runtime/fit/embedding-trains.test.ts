// The sentiment-shaped model of the language's tour trains on the WASM backend: Embedding(1000,
// 16, mask_zero=true) → LSTM(8) → Dense(1, sigmoid) on ragged id sequences whose class is told
// by one marker token (7 or 8) somewhere among random filler ids from the whole vocabulary. The
// loss starts at chance, ln 2 ≈ 0.693, and must end below 0.1 — judged both by the logged loss
// and by binary crossentropy computed here from predict's probabilities.

import { beforeAll, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const [N, T, VOCAB] = [128, 12, 1000];

/** Half the rows are class 1 (marker 7), half class 0 (marker 8); lengths 4…12, padded with 0. */
function markerTask(seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Int32Array(N * T);
  const y = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const length = 4 + Math.floor(rng.next() * (T - 3));
    const at = Math.floor(rng.next() * length);
    y[i] = i % 2;
    for (let t = 0; t < length; t++) x[i * T + t] = t === at ? (y[i] ? 7 : 8) : 10 + Math.floor(rng.next() * (VOCAB - 10));
  }
  return { x: [{ dtype: 'int32', shape: [N, T], data: x }], y: [{ dtype: 'float32', shape: [N, 1], data: y }] };
}

it('Embedding(mask_zero) → LSTM → Dense(sigmoid) with binary_crossentropy: the loss falls from ≈ln 2 to below 0.1 on WASM', async () => {
  const rnn = await compile(
    `model sentiment {
  Embedding(${VOCAB}, 16, mask_zero=true, input=(None,))
  LSTM(8)
  Dense(1, activation=sigmoid)
}
train {
  loss = binary_crossentropy
  optimizer = Adam(learning_rate=0.01)
  metrics = [accuracy]
  epochs = 12
  batch_size = 32
}`,
    { seed: 3 },
  );
  expect(tf.getBackend()).toBe('wasm');
  const data = markerTask(7);
  const history = await rnn.fit(data);
  const losses = history.epochs.map((l) => l['loss']!);
  expect(losses[0]).toBeGreaterThan(0.6);
  expect(losses.at(-1)).toBeLessThan(0.1);
  expect(history.epochs.at(-1)!['accuracy']).toBe(1);

  // The same judgement from predictions: mean binary crossentropy in float64.
  const p = rnn.predict(data.x)[0]!.data;
  const y = data.y[0]!.data;
  let bce = 0;
  for (let i = 0; i < N; i++) bce -= y[i]! * Math.log(p[i]!) + (1 - y[i]!) * Math.log(1 - p[i]!);
  expect(bce / N).toBeLessThan(0.1);
  rnn.dispose();
});
