// A loss that is NaN or infinite stops training with E0515 before that step reaches the weights:
// they stay, bit for bit, what they were after the last good batch (recorded by onBatchEnd),
// all finite, and the stopped run leaves no tensors behind.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';
import { normal } from '../model/support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const source = (optimizer: string) => `model m {
  LSTM(4, input=(5, 2))
  Dense(1)
}
train {
  loss = mse
  optimizer = ${optimizer}
  batch_size = 4
  epochs = 5
  shuffle = false
}`;

function data(seed: number): Dataset {
  const rng = new Rng(seed);
  return { x: [normal(rng, [16, 5, 2])], y: [normal(rng, [16, 1], 3)] };
}

const bits = (ws: readonly Float32Array[]) => ws.map((w) => Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length)));

/** Fit until it throws; the error, the weights after each completed batch and at the end. */
async function fitUntilError(optimizer: string, d: Dataset) {
  const rnn = await compile(source(optimizer), { seed: 2 });
  const initial = rnn.network.getWeightValues();
  const afterBatch: Float32Array[][] = [];
  const tensors = tf.memory().numTensors;
  const error = await rnn.fit(d, {}, { events: { onBatchEnd: () => void afterBatch.push(rnn.network.getWeightValues()) } }).then(
    () => null,
    (e: unknown) => e,
  );
  const final = rnn.network.getWeightValues();
  const leaked = tf.memory().numTensors - tensors;
  rnn.dispose();
  return { error, initial, afterBatch, final, leaked };
}

function expectStoppedCleanly(r: Awaited<ReturnType<typeof fitUntilError>>, epoch: number, batch: number) {
  expect(r.error).toBeInstanceOf(RnncError);
  expect(r.error).toMatchObject({ code: 'E0515' });
  expect((r.error as RnncError).message).toContain(`epoch ${epoch}, batch ${batch}`);
  const lastGood = r.afterBatch.at(-1) ?? r.initial;
  expect(bits(r.final)).toEqual(bits(lastGood));
  expect(r.final.every((w) => w.every(Number.isFinite))).toBe(true);
  expect(r.leaked).toBe(0);
}

describe('a non-finite loss stops training with E0515 and leaves the weights as they were', () => {
  it('a huge learning rate: the weights grow until the loss overflows, and the overflowing step is not applied', async () => {
    const r = await fitUntilError('SGD(learning_rate=1e10)', data(3));
    expect(r.afterBatch.length).toBeGreaterThan(0);
    // The last good step took the weights far from where they started, but finite.
    expect(Math.max(...r.final.flatMap((w) => Array.from(w, Math.abs)))).toBeGreaterThan(1e6);
    expectStoppedCleanly(r, 1, r.afterBatch.length + 1);
  });

  it('an infinite label in the second batch: stopped at epoch 1, batch 2, with the weights after batch 1', async () => {
    const d = data(4);
    (d.y[0]!.data as Float32Array)[6] = Infinity; // sample 6, in the batch 4…7
    const r = await fitUntilError('Adam(learning_rate=0.01)', d);
    expect(r.afterBatch).toHaveLength(1);
    expectStoppedCleanly(r, 1, 2);
  });

  // Was a bug (fixed: the step checks the gradients too): only the loss was checked.
  // An infinite input saturates the LSTM's gates, so the loss of that batch is finite, but the
  // backward pass multiplies the saturated gates' zero derivative by the infinite input
  // (0·∞ = NaN in the kernel's gradient). The NaN gradient is applied, 16 entries of lstm/kernel
  // become NaN, and the next batch stops with E0515 saying "training stopped before that step
  // changed the weights" — over weights that are already NaN. The gradients (e.g. their global
  // norm, computed in the step's tidy) need the same finiteness check as the loss.
  it('an infinite input in the second batch: stopped at batch 2, with the weights after batch 1 (finite loss, NaN gradients)', async () => {
    const d = data(4);
    (d.x[0]!.data as Float32Array)[6 * 5 * 2 + 3] = Infinity; // sample 6, in the batch 4…7
    const r = await fitUntilError('Adam(learning_rate=0.01)', d);
    expectStoppedCleanly(r, 1, 2);
    expect(r.afterBatch).toHaveLength(1);
  });

  it('a NaN label in the first batch: stopped before any step, with the initial weights', async () => {
    const d = data(5);
    (d.y[0]!.data as Float32Array)[2] = NaN;
    const r = await fitUntilError('RMSprop(learning_rate=0.01)', d);
    expect(r.afterBatch).toHaveLength(0);
    expectStoppedCleanly(r, 1, 1);
  });
});
