// Dense and Activation against tfjs-layers with identical weights: outputs, and gradients of
// sum(output · dy) with respect to the input and every weight.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, layer, normalData, runKernel, tflReference, weightsFor } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('Dense', () => {
  const cases = [
    { call: 'Dense(4, activation=tanh, input=(3,))', shape: [5, 3], ref: { units: 4, activation: 'tanh' as const } },
    { call: 'Dense(2, input=(6, 3))', shape: [4, 6, 3], ref: { units: 2 } },
    { call: 'Dense(3, activation=relu, use_bias=false, input=(2, 5, 4))', shape: [2, 2, 5, 4], ref: { units: 3, activation: 'relu' as const, useBias: false } },
    { call: 'Dense(5, activation=softmax, input=(7,))', shape: [3, 7], ref: { units: 5, activation: 'softmax' as const } },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers: ${c.call}`, async () => {
      const rng = new Rng(7);
      const l = layer(c.call);
      const x = normalData(rng, c.shape);
      const weights = weightsFor(l, rng);
      const ours = runKernel(l, { inputs: [x], weights });
      const ref = await tflReference(() => tfl.layers.dense(c.ref), { inputs: [x], weights, dy: defaultDy(ours.outputs[0]!.shape) });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      expect(ours.dWeights.length).toBe(ref.dWeights.length);
      ours.dWeights.forEach((g, i) => expectClose(g, ref.dWeights[i]!));
      // The checker's shape with the batch filled in is the shape the kernel produced.
      const type = l.outputTypes[0]!;
      expect(type.kind === 'tensor' && [c.shape[0], ...type.shape.slice(1)]).toEqual([...ours.outputs[0]!.shape]);
    });
  }

  it('passes the mask through and gives frozen weights no gradient', () => {
    const l = layer('Dense(2, trainable=false, input=(3, 2))');
    const mask = data([1, 3], [1, 0, 1]);
    const ours = runKernel(l, { inputs: [normalData(new Rng(1), [1, 3, 2])], weights: weightsFor(l, new Rng(2)), masks: [mask] });
    expect([...ours.masks[0]!.values]).toEqual([1, 0, 1]);
    expect(ours.dWeights).toEqual([null, null]);
    expect(ours.dInputs[0]).not.toBeNull();
  });
});

describe('Activation', () => {
  for (const name of ['relu', 'sigmoid', 'softmax', 'elu', 'selu', 'softplus']) {
    it(`matches tfjs-layers: Activation(${name})`, async () => {
      const l = layer(`Activation(${name}, input=(4, 3))`);
      const x = normalData(new Rng(3), [2, 4, 3]);
      const ours = runKernel(l, { inputs: [x] });
      const ref = await tflReference(() => tfl.layers.activation({ activation: name as 'relu' }), { inputs: [x], weights: [], dy: defaultDy([2, 4, 3]) });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
    });
  }
});
