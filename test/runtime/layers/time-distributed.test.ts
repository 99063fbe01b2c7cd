// TimeDistributed against tfjs-layers' TimeDistributed wrapping the same inner layer with the
// same weights: outputs, input and weight gradients; the input mask passes through.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { data, defaultDy, expectClose, layer, normalData, runKernel, tflReference, weightsFor } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('TimeDistributed', () => {
  const cases = [
    { call: 'TimeDistributed(Dense(3, activation=tanh), input=(4, 5))', shape: [2, 4, 5], inner: () => tfl.layers.dense({ units: 3, activation: 'tanh' }) },
    { call: 'TimeDistributed(Conv1D(2, 3), input=(3, 6, 2))', shape: [2, 3, 6, 2], inner: () => tfl.layers.conv1d({ filters: 2, kernelSize: 3 }) },
    { call: 'TimeDistributed(GlobalMaxPooling1D(), input=(3, 4, 2))', shape: [2, 3, 4, 2], inner: () => tfl.layers.globalMaxPooling1d({}) },
  ];
  for (const c of cases) {
    it(`matches tfjs-layers: ${c.call}`, async () => {
      const rng = new Rng(81);
      const l = layer(c.call);
      const x = normalData(rng, c.shape);
      const weights = weightsFor(l, rng);
      const ours = runKernel(l, { inputs: [x], weights });
      const ref = await tflReference(() => tfl.layers.timeDistributed({ layer: c.inner() }), {
        inputs: [x],
        weights,
        dy: defaultDy(ours.outputs[0]!.shape),
        backend: 'cpu',
      });
      expectClose(ours.outputs[0], ref.output);
      expectClose(ours.dInputs[0], ref.dInputs[0]!);
      expect(ours.dWeights.length).toBe(ref.dWeights.length);
      ours.dWeights.forEach((g, i) => expectClose(g, ref.dWeights[i]!));
      const out = l.outputTypes[0]!;
      expect(out.kind === 'tensor' && [2, ...out.shape.slice(1)]).toEqual([...ours.outputs[0]!.shape]);
    });
  }

  it('passes the input mask through and hands the inner layer’s moving-statistic updates on', () => {
    const l = layer('TimeDistributed(BatchNormalization(), input=(3, 2))');
    const mask = data([2, 3], [1, 1, 0, 1, 0, 0]);
    const ours = runKernel(l, { inputs: [normalData(new Rng(3), [2, 3, 2])], weights: weightsFor(l, new Rng(4)), masks: [mask], training: true });
    expect([...ours.masks[0]!.values]).toEqual([...mask.values]);
    expect([...ours.weightUpdates.keys()].sort()).toEqual([2, 3]);
  });
});
