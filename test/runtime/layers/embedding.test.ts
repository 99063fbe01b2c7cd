// Embedding: output and mask against tfjs-layers; the table's gradient on the WASM backend
// (which has no UnsortedSegmentSum, so tfjs's own gather gradient cannot run there) against a
// dense one-hot product in float64, at the size of a real vocabulary; and a few steps of
// gradient descent on WASM that fit a target.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, intData, layer, normalData, runKernel, tflReference, weightsFor, type Data } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** oneHot(ids)ᵀ · dy in float64: the table gradient written as the dense product it equals. */
function oneHotGradient(ids: Int32Array, dy: Float32Array, vocabulary: number, dim: number): Float64Array {
  const out = new Float64Array(vocabulary * dim);
  for (let v = 0; v < vocabulary; v++) {
    for (let n = 0; n < ids.length; n++) {
      const hot = ids[n] === v ? 1 : 0;
      if (hot === 0) continue;
      for (let j = 0; j < dim; j++) out[v * dim + j]! += hot * dy[n * dim + j]!;
    }
  }
  return out;
}

describe('Embedding', () => {
  it('matches tfjs-layers (output, mask_zero mask, table gradient on the cpu backend)', async () => {
    const rng = new Rng(11);
    const l = layer('Embedding(9, 4, mask_zero=true, input=(6,))');
    const ids = intData(rng, [3, 6], 9);
    ids.values[0] = 0;
    ids.values[7] = 0;
    const weights = weightsFor(l, rng);
    const ours = runKernel(l, { inputs: [ids], weights });
    const ref = await tflReference(() => tfl.layers.embedding({ inputDim: 9, outputDim: 4, maskZero: true }), {
      inputs: [ids],
      weights,
      dy: defaultDy([3, 6, 4]),
      backend: 'cpu',
    });
    expectClose(ours.outputs[0], ref.output);
    expect([...ours.masks[0]!.values]).toEqual([...ref.mask!.values]);
    expect([...ours.masks[0]!.values]).toEqual([...ids.values].map((id) => (id !== 0 ? 1 : 0)));
    expectClose(ours.dWeights[0], ref.dWeights[0]!);
    expect(ours.dInputs).toEqual([null]);
  });

  it('makes no mask without mask_zero', () => {
    const l = layer('Embedding(5, 2, input=(3,))');
    const ours = runKernel(l, { inputs: [data([1, 3], [0, 1, 0])].map((d) => ({ ...d, values: Int32Array.from(d.values) })), weights: weightsFor(l, new Rng(1)) });
    expect(ours.masks).toEqual([null]);
  });

  it('computes a 10000×64 table gradient for 32×200 ids on WASM, equal to the one-hot product', () => {
    expect(tf.getBackend()).toBe('wasm');
    const rng = new Rng(5);
    const l = layer('Embedding(10000, 64, input=(200,))');
    // Few distinct ids, so that repeated ids (which must add up) are the rule.
    const ids = intData(rng, [32, 200], 300);
    const dy = normalData(rng, [32, 200, 64]);
    const table: Data = { shape: [10000, 64], values: new Float32Array(10000 * 64) };
    const ours = runKernel(l, { inputs: [ids], weights: [table], dOutputs: [dy] });
    expectClose(ours.dWeights[0], oneHotGradient(ids.values as Int32Array, dy.values as Float32Array, 10000, 64));
  });

  it('trains on WASM: gradient descent on the table fits the vectors of a target table', () => {
    const rng = new Rng(8);
    const l = layer('Embedding(20, 3, input=(5,))');
    const ids = intData(rng, [4, 5], 20);
    const goal = normalData(rng, [20, 3]);
    const target = {
      shape: [4, 5, 3],
      values: Float32Array.from({ length: 60 }, (_, i) => goal.values[ids.values[Math.floor(i / 3)]! * 3 + (i % 3)]!),
    };
    let table = weightsFor(l, rng)[0]!;
    const lossOf = (t: Data) => {
      const y = runKernel(l, { inputs: [ids], weights: [t] }).outputs[0]!.values;
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += (y[i]! - target.values[i]!) ** 2;
      return sum;
    };
    const first = lossOf(table);
    for (let step = 0; step < 50; step++) {
      const y = runKernel(l, { inputs: [ids], weights: [table] }).outputs[0]!;
      const dy = { shape: y.shape, values: y.values.map((v, i) => 2 * (v - target.values[i]!)) };
      const g = runKernel(l, { inputs: [ids], weights: [table], dOutputs: [dy] }).dWeights[0]!;
      table = { shape: table.shape, values: table.values.map((v, i) => v - 0.05 * g.values[i]!) };
    }
    expect(lossOf(table)).toBeLessThan(first * 1e-4);
  });
});
