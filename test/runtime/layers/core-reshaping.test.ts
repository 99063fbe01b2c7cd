// Input, Dropout, Masking, Flatten, Reshape and RepeatVector: against tfjs-layers where it has
// the layer, and Dropout's inverted-dropout rule by its statistics and its exact scaling.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, layer, normalData, runKernel, tflReference } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('reshaping layers', () => {
  const cases = [
    { call: 'Flatten(input=(3, 4))', shape: [2, 3, 4], ref: () => tfl.layers.flatten() },
    { call: 'Reshape((2, 6), input=(3, 4))', shape: [2, 3, 4], ref: () => tfl.layers.reshape({ targetShape: [2, 6] }) },
    { call: 'Reshape((-1, 3), input=(3, 4))', shape: [2, 3, 4], ref: () => tfl.layers.reshape({ targetShape: [-1, 3] }) },
    { call: 'RepeatVector(3, input=(4,))', shape: [2, 4], ref: () => tfl.layers.repeatVector({ n: 3 }) },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers: ${c.call}`, async () => {
      const l = layer(c.call);
      const x = normalData(new Rng(1), c.shape);
      const ours = runKernel(l, { inputs: [x] });
      const ref = await tflReference(c.ref, { inputs: [x], weights: [], dy: defaultDy(ours.outputs[0]!.shape) });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      expect(ours.masks).toEqual([null]);
      const out = l.outputTypes[0]!;
      expect(out.kind === 'tensor' && [2, ...out.shape.slice(1)]).toEqual([...ours.outputs[0]!.shape]);
    });
  }
});

describe('Masking', () => {
  it('matches tfjs-layers: masks steps whose features all equal mask_value, zeroes them, and passes gradients only there', async () => {
    const l = layer('Masking(mask_value=-1, input=(4, 2))');
    const x = data([2, 4, 2], [1, 2, -1, -1, -1, 3, 0, 0, -1, -1, -1, -1, 5, -1, 2, 2]);
    const dy = defaultDy([2, 4, 2]);
    const ours = runKernel(l, { inputs: [x], dOutputs: [dy] });
    const ref = await tflReference(() => tfl.layers.masking({ maskValue: -1 }), { inputs: [x], weights: [], dy, backend: 'cpu', noGradients: true });
    expectClose(ours.outputs[0], ref.output);
    expect([...ours.masks[0]!.values]).toEqual([1, 0, 1, 1, 0, 0, 1, 1]);
    expect([...ours.masks[0]!.values]).toEqual([...ref.mask!.values]);
    // The output is x·mask with a constant mask (tfjs has no gradient for its any()): dx = dy·mask.
    const stepOf = (i: number) => Math.floor(i / 2);
    expect([...ours.dInputs[0]!.values]).toEqual([...dy.values].map((g, i) => g * ours.masks[0]!.values[stepOf(i)]!));
  });
});

describe('Input', () => {
  it('is the identity, forward and backward', () => {
    // The checker makes model inputs, not nodes, of Input; a graph that does run it gets the identity.
    const inputLayer = { ...layer('Dense(3, input=(3,))'), type: 'Input', config: {}, weights: [] } as unknown as CheckedLayer;
    const x = normalData(new Rng(2), [2, 3]);
    const dy = defaultDy([2, 3]);
    const ours = runKernel(inputLayer, { inputs: [x], dOutputs: [dy] });
    expect([...ours.outputs[0]!.values]).toEqual([...x.values]);
    expect([...ours.dInputs[0]!.values]).toEqual([...dy.values]);
  });
});

describe('Dropout', () => {
  const x = data([1, 50000], Array(50000).fill(1.5));

  it('is the identity at inference, and passes the mask through', () => {
    const l = layer('Dropout(0.3, input=(50000,))');
    const mask = data([1, 50000], Array(50000).fill(1));
    const ours = runKernel(l, { inputs: [x], masks: [mask], training: false });
    expect(ours.outputs[0]!.values.every((v) => v === 1.5)).toBe(true);
    expect(ours.masks[0]).not.toBeNull();
  });

  it('in training drops a fraction rate of the values and scales the rest by 1 / (1 - rate)', () => {
    const l = layer('Dropout(0.3, input=(50000,))');
    const ours = runKernel(l, { inputs: [x], training: true, dOutputs: [data([1, 50000], Array(50000).fill(2))] });
    const y = ours.outputs[0]!.values;
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1.5 / 0.7) < 1e-6)).toBe(true);
    // 50000 Bernoulli(0.7) draws: standard deviation of the kept fraction is about 0.002.
    expect(Math.abs(kept.length / y.length - 0.7)).toBeLessThan(0.01);
    // The gradient goes through the same kept values with the same scale.
    ours.dInputs[0]!.values.forEach((g, i) => expect(g).toBeCloseTo(y[i] === 0 ? 0 : 2 / 0.7, 5));
  });

  it('draws its mask from the layer’s rng: same seed, same mask; another seed, another mask', () => {
    const l = layer('Dropout(0.5, input=(50000,))');
    const run = (seed: number) => runKernel(l, { inputs: [x], training: true, seed }).outputs[0]!.values;
    expect([...run(3)]).toEqual([...run(3)]);
    expect([...run(3)]).not.toEqual([...run(4)]);
  });
});
