// No tensor leaks: the number of live tensors after epoch 1 (once the optimizer's slots exist) is
// the number after epoch 100, and after fit, evaluate and predict it is back where it started.
// Dropout masks, metrics, validation and output masks all allocate per batch.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';
import { binary, normal, oneHot, paddedIds } from '../model/support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const TRAIN = `
train {
  loss = LOSS
  optimizer = Adam(learning_rate=0.01, clipnorm=1.0)
  metrics = METRICS
  epochs = 100
  batch_size = 8
  validation_split = 0.25
}`;

const CASES: readonly { name: string; source: string; data: (rng: Rng) => Dataset }[] = [
  {
    name: 'LSTM with dropout and recurrent_dropout, Dropout, sigmoid; accuracy and mae',
    source:
      `model m {
  LSTM(4, dropout=0.2, recurrent_dropout=0.2, input=(4, 2))
  Dropout(0.3)
  Dense(1, activation=sigmoid)
}` + TRAIN.replace('LOSS', 'binary_crossentropy').replace('METRICS', '[accuracy, mae]'),
    data: (rng) => ({ x: [normal(rng, [16, 4, 2])], y: [binary(rng, 16)] }),
  },
  {
    name: 'Embedding(mask_zero) → GRU sequences → TimeDistributed softmax: masked outputs; accuracy',
    source:
      `model m {
  Embedding(10, 3, mask_zero=true, input=(None,))
  GRU(4, dropout=0.1, return_sequences=true)
  TimeDistributed(Dense(3, activation=softmax))
}` + TRAIN.replace('LOSS', 'categorical_crossentropy').replace('METRICS', '[accuracy]'),
    data: (rng) => ({ x: [paddedIds(rng, [5, 3, 1, 4, 2, 5, 4, 1, 3, 5, 2, 4, 5, 1, 3, 2], 5, 10)], y: [oneHot(rng, [16, 5, 3])] }),
  },
];

describe.each(CASES)('$name', (c) => {
  it('keeps the same number of live tensors from epoch 1 to epoch 100, and none after fit, evaluate and predict', async () => {
    const rnn = await compile(c.source, { seed: 5 });
    const data = c.data(new Rng(9));
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const bytes: number[] = [];
    const onEpochEnd = () => {
      counts.push(tf.memory().numTensors);
      bytes.push(tf.memory().numBytes);
    };
    const history = await rnn.fit(data, {}, { events: { onEpochEnd } });
    expect(history.epochs).toHaveLength(100);
    expect(history.epochs.every((l) => Number.isFinite(l['loss']) && Number.isFinite(l['val_loss']))).toBe(true);
    expect(counts[99]).toBe(counts[0]);
    expect(new Set(counts).size).toBe(1);
    expect(new Set(bytes).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    rnn.evaluate(data);
    rnn.predict(data.x);
    expect(tf.memory().numTensors).toBe(before);
    rnn.dispose();
  });
});
