// Every layer of the registry has a runtime kernel (SimpleRNN, LSTM, GRU and Bidirectional are
// the recurrent kernels' business), and for one model per layer the kernel agrees with the
// checker: output shapes, which outputs carry a mask (and its shape), and gradients shaped like
// the inputs and weights they belong to.

import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../../src/compiler/layers/registry.ts';
import type { TensorType, ValueType } from '../../../src/compiler/tensor-type.ts';
import { NON_RECURRENT_KERNELS } from '../../../src/runtime/layers/non-recurrent.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { intData, model, normalData, runKernel, weightsFor, type Data } from './support.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

/** One model per layer; the layer under test is the model's last node. */
const SAMPLES: Record<string, string> = {
  Dense: 'Masking(input=(5, 3))\n  Dense(4)',
  Activation: 'Masking(input=(5, 3))\n  Activation(softmax)',
  Embedding: 'Embedding(10, 4, mask_zero=true, input=(5,))',
  Masking: 'Masking(input=(None, 3))',
  Dropout: 'Masking(input=(5, 3))\n  Dropout(0.5)',
  RepeatVector: 'RepeatVector(3, input=(4,))',
  Flatten: 'Flatten(input=(5, 3))',
  Reshape: 'Reshape((3, -1), input=(5, 3))',
  Conv1D: 'Conv1D(4, 3, padding=same, input=(None, 3))',
  MaxPooling1D: 'MaxPooling1D(2, input=(7, 3))',
  AveragePooling1D: 'AveragePooling1D(3, strides=2, padding=same, input=(7, 3))',
  GlobalAveragePooling1D: 'Masking(input=(5, 3))\n  GlobalAveragePooling1D(keepdims=true)',
  GlobalMaxPooling1D: 'GlobalMaxPooling1D(input=(5, 3))',
  LayerNormalization: 'Masking(input=(5, 3))\n  LayerNormalization()',
  BatchNormalization: 'Masking(input=(5, 3))\n  BatchNormalization()',
  TimeDistributed: 'Masking(input=(5, 3))\n  TimeDistributed(Dense(2))',
  Concatenate: 'a = Input(shape=(5, 3))\n  b = Input(shape=(5, 2))\n  output Concatenate()([Masking()(a), b])',
  ...Object.fromEntries(
    ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map((t) => [
      t,
      `a = Input(shape=(5, 3))\n  b = Input(shape=(5, 3))\n  output ${t}()([Masking()(a), Masking()(b)])`,
    ]),
  ),
};

const tensorType = (t: ValueType | undefined): TensorType => {
  if (t?.kind !== 'tensor') throw new Error('sample model has an unknown type');
  return t;
};
const concrete = (t: TensorType) => t.shape.map((d, i) => d ?? (i === 0 ? 2 : 5));

describe('the kernel registry', () => {
  it('has a kernel for every non-recurrent layer of the registry, and nothing else', () => {
    const names = [...LAYERS.keys()].filter((n) => !RECURRENT.includes(n));
    expect(names.filter((n) => !(n in NON_RECURRENT_KERNELS))).toEqual([]);
    expect(Object.keys(NON_RECURRENT_KERNELS).filter((n) => !LAYERS.has(n))).toEqual([]);
  });

  it('has a sample below for every layer that appears as a node (Input makes model inputs)', () => {
    expect(Object.keys(NON_RECURRENT_KERNELS).filter((n) => n !== 'Input' && !(n in SAMPLES))).toEqual([]);
  });

  for (const [type, body] of Object.entries(SAMPLES)) {
    it(`${type}: the kernel's shapes and masks are the checker's`, () => {
      const m = model(`model m {\n  ${body}\n}\n`);
      const l = m.nodes.at(-1)!.layer;
      expect(l.type).toBe(type);
      const rng = new Rng(91);
      const inputTypes = l.inputTypes.map(tensorType);
      const inputs: Data[] = inputTypes.map((t) => (t.dtype === 'int32' ? intData(rng, concrete(t), 10) : normalData(rng, concrete(t))));
      const masks = inputTypes.map((t) => {
        if (!t.masked) return null;
        const mask = intData(rng, concrete(t).slice(0, -1), 2);
        return { shape: mask.shape, values: Float32Array.from(mask.values) };
      });
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
