// Every layer of the registry has a runtime kernel (SimpleRNN, LSTM, GRU and Bidirectional are
// the recurrent kernels' business), and for one model per layer the kernel agrees with the
// checker: output shapes, which outputs carry a mask (and its shape), and gradients shaped like
// the inputs and weights they belong to.

import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../../src/compiler/layers/registry.ts';
import { NON_RECURRENT_KERNELS } from '../../../src/runtime/layers/non-recurrent.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { concrete, RECURRENT, sampleInputs, sampleLayer, SAMPLES, tensorType } from './samples.ts';
import { runKernel, weightsFor } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});


describe('the kernel registry', () => {
  it('has a kernel for every non-recurrent layer of the registry, and nothing else', () => {
    const names = [...LAYERS.keys()].filter((n) => !RECURRENT.includes(n));
    expect(names.filter((n) => !(n in NON_RECURRENT_KERNELS))).toEqual([]);
    expect(Object.keys(NON_RECURRENT_KERNELS).filter((n) => !LAYERS.has(n))).toEqual([]);
  });

  it('has a sample below for every layer that appears as a node (Input makes model inputs)', () => {
    expect(Object.keys(NON_RECURRENT_KERNELS).filter((n) => n !== 'Input' && !(n in SAMPLES))).toEqual([]);
  });

  for (const type of Object.keys(SAMPLES)) {
    it(`${type}: the kernel's shapes and masks are the checker's`, () => {
      const l = sampleLayer(type);
      expect(l.type).toBe(type);
      const rng = new Rng(91);
      const { inputs, masks } = sampleInputs(l, rng);
      for (const training of [false, true]) {
        const ours = runKernel(l, { inputs, masks, weights: weightsFor(l, rng), training });
        l.outputTypes.map(tensorType).forEach((t, i) => {
          const y = ours.outputs[i]!;
          expect([...y.shape]).toEqual(concrete(t));
          const mask = ours.masks[i];
          expect(mask !== null).toBe(t.masked);
          if (mask) expect([...mask.shape]).toEqual(concrete(t).slice(0, -1));
        });
        inputs.forEach((x, i) => {
          const g = ours.dInputs[i];
          if (x.values instanceof Int32Array) expect(g).toBeNull();
          else expect([...g!.shape]).toEqual([...x.shape]);
        });
        expect(ours.dWeights.length).toBe(l.weights.length);
        l.weights.forEach((w, i) => {
          const g = ours.dWeights[i];
          if (!w.trainable) expect(g).toBeNull();
          else expect([...g!.shape]).toEqual([...w.shape]);
        });
      }
    });
  }
});
