// workers = 2 (src/runtime/train/workers): each training step's batch split between the calling
// thread and a worker thread, the shares' gradients summed weighted by their samples.
//
// - Against a closed form: Dense(1) without bias, MSE, SGD, one step from zero weights on a batch
//   of 7 (shares of 3 and 4, so the weights 3/7 and 4/7 matter): w₁ = −lr · (2/7) · Xᵀ(Xw₀ − y).
// - Against one worker, same seed, three epochs with shuffling and a last short batch, on a
//   B1-like LSTM and on two stacked Bidirectional(LSTM)s. The arithmetic is not the same: one
//   worker's weight gradients are GEMMs over the whole batch's rows, two workers' are two GEMMs over
//   half the rows each, added. So the results agree to float32 rounding, not bit for bit. Stated
//   tolerance: every logged loss within 1e-5 relative and every weight within 1e-5 absolute after
//   three epochs (a float32 sum of n terms carries a relative error of at most about n·2⁻²⁴; Adam's
//   step is lr·m/√v, whose relative change from such a difference in g is of the same order, so
//   weights near 0.1–1 move apart by ~1e-7 per epoch; measured: 3e-8). A wrong share weight
//   (½ and ½ for 3 and 4 samples, or the sum instead of the mean) is off by 1e-2 or more.
// - Two-worker runs repeat bit for bit.
// - Runs that cannot split are refused (E0723, E0724), and the emitters decide (E0725, E0904).

import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { emitProgram } from '../../../src/emit/emit-program.ts';
import { planTrain } from '../../../src/emit/pytorch/train-plan.ts';
import { compile } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const float = (shape: number[], data: Float32Array): HostArray => ({ dtype: 'float32', shape, data });

function sequences(n: number, steps: number, features: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: n * steps * features }, () => rng.normal() * 0.5);
  const y = Float32Array.from({ length: n }, (_, i) => Math.tanh(x[i * steps * features]! + x[(i * steps + steps - 1) * features + 1]!));
  return { x: [float([n, steps, features], x)], y: [float([n, 1], y)] };
}

const train = (batch: number, extra = '') => `train {\n  loss = mse\n  optimizer = Adam(learning_rate=0.01)\n  batch_size = ${batch}\n  seed = 5\n  metrics = [mae]\n${extra}}\n`;

async function run(source: string, data: Dataset, workers: number, epochs: number) {
  const model = await compile(source, { seed: 5 });
  const history = await model.fit(data, { epochs, workers });
  return { logs: history.epochs, weights: model.network.getWeightValues() };
}

const maxAbsDiff = (a: readonly Float32Array[], b: readonly Float32Array[]) => Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i]![j]!)))));

describe('two workers', () => {
  it('take the whole batch’s gradient step: one SGD step of a linear model against its closed form', async () => {
    const [n, f, lr] = [7, 3, 0.1];
    const rng = new Rng(3);
    const x = Float32Array.from({ length: n * f }, () => rng.normal());
    const y = Float32Array.from({ length: n }, () => rng.normal());
    const source = `model m {\n  Dense(1, use_bias=false, kernel_initializer=ones, input=(${f},))\n}\ntrain {\n  loss = mse\n  optimizer = SGD(learning_rate=${lr})\n  batch_size = ${n}\n  shuffle = false\n}\n`;
    const model = await compile(source, { seed: 1 });
    await model.fit({ x: [float([n, f], x)], y: [float([n, 1], y)] }, { epochs: 1, workers: 2 });
    const [kernel] = model.network.getWeightValues();
    // w₀ = 1; the MSE of the batch's mean has gradient (2/n) Σᵢ xᵢ (xᵢ·w₀ − yᵢ), in float64 here.
    for (let k = 0; k < f; k++) {
      let g = 0;
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let j = 0; j < f; j++) p += x[i * f + j]!;
        g += (2 / n) * x[i * f + k]! * (p - y[i]!);
      }
      expect(kernel![k]).toBeCloseTo(1 - lr * g, 6);
    }
  });

  it('train a B1-like LSTM as one worker does, to float32 rounding, and repeat bit for bit', async () => {
    const source = `model b1 {\n  LSTM(16, input=(12, 4))\n  Dense(1)\n}\n${train(16)}`;
    // 70 samples: four batches of 16 and a last one of 6 (shares of 3 and 3), shuffled each epoch.
    const data = sequences(70, 12, 4, 11);
    const one = await run(source, data, 1, 3);
    const two = await run(source, data, 2, 3);
    const again = await run(source, data, 2, 3);
    one.logs.forEach((l, e) => {
      expect(Math.abs(two.logs[e]!['loss']! - l['loss']!) / l['loss']!).toBeLessThan(1e-5);
      expect(Math.abs(two.logs[e]!['mae']! - l['mae']!) / l['mae']!).toBeLessThan(1e-5);
    });
    expect(maxAbsDiff(one.weights, two.weights)).toBeLessThan(1e-5);
    // Training moved the weights far more than the tolerance: the comparison can fail.
    const start = (await compile(source, { seed: 5 })).network.getWeightValues();
    expect(maxAbsDiff(start, one.weights)).toBeGreaterThan(1e-2);
    expect(again.logs).toEqual(two.logs);
    expect(maxAbsDiff(again.weights, two.weights)).toBe(0);
  });

  it('train two stacked Bidirectional(LSTM)s as one worker does, to float32 rounding', async () => {
    const source = `model b4 {\n  Bidirectional(LSTM(8, return_sequences=true), input=(10, 3))\n  Bidirectional(LSTM(8))\n  Dense(1)\n}\n${train(15)}`;
    const data = sequences(45, 10, 3, 12);
    const one = await run(source, data, 1, 3);
    const two = await run(source, data, 2, 3);
    one.logs.forEach((l, e) => expect(Math.abs(two.logs[e]!['loss']! - l['loss']!) / l['loss']!).toBeLessThan(1e-5));
    expect(maxAbsDiff(one.weights, two.weights)).toBeLessThan(1e-5);
  });
});

describe('runs two workers cannot split', () => {
  const refusal = async (source: string, data: Dataset, workers = 2): Promise<RnncError> => {
    const model = await compile(source, { seed: 1 });
    const error = await model.fit(data, { epochs: 1, workers }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RnncError);
    return error as RnncError;
  };
  const data = sequences(8, 4, 2, 1);

  it('are refused with E0724, naming what breaks the split', async () => {
    const masked = await refusal(`model m {\n  Masking(input=(4, 2))\n  LSTM(1, return_sequences=true)\n}\n${train(8)}`, { x: data.x, y: [float([8, 4, 1], new Float32Array(32))] });
    expect([masked.code, masked.message]).toEqual(['E0724', expect.stringContaining('carries a mask')]);
    const norm = await refusal(`model m {\n  LSTM(3, input=(4, 2))\n  BatchNormalization()\n  Dense(1)\n}\n${train(8)}`, data);
    expect([norm.code, norm.message]).toEqual(['E0724', expect.stringContaining('BatchNormalization `batch_normalization`')]);
    const windows = await refusal(`model m {\n  LSTM(3, input=(4, 2))\n  Dense(1)\n}\n${train(8, '  truncated_bptt = 2\n')}`, data);
    expect([windows.code, windows.message]).toEqual(['E0724', expect.stringContaining('truncated_bptt')]);
  });

  it('ask for more workers than a batch has samples: E0723', async () => {
    const error = await refusal(`model m {\n  LSTM(3, input=(4, 2))\n  Dense(1)\n}\n${train(4)}`, data, 5);
    expect([error.code, error.message]).toEqual(['E0723', 'workers = 5 is more than batch_size = 4: each worker computes a share of every batch']);
  });
});

describe('the emitters decide workers by name', () => {
  const checked = check(`model m {\n  LSTM(3, input=(4, 2))\n  Dense(1)\n}\n${train(8, '  workers = 2\n')}`, 'm.rnn');
  const model = checked.models[0]!;

  it('rnnc build refuses a block with workers = 2 (E0725); the PyTorch target refuses it and points at torchrun', () => {
    const emitted = emitProgram(model, checked.parse.source, { rnnPath: 'm.rnn', programName: 'm.ts' });
    expect(emitted.ok).toBe(false);
    if (!emitted.ok) expect(emitted.diagnostics.map((d) => d.code)).toEqual(['E0725']);
    const plan = planTrain(model, model.train!);
    expect(plan).toMatchObject({ refused: true, message: expect.stringContaining('workers'), hint: expect.stringContaining('torchrun') });
  });
});
