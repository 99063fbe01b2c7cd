// One small model per layer of the registry that runs as a node (Input makes model inputs; the
// recurrent layers have their own tests): the layer under test is the model's last node. The kernel
// registry test (registry.test.ts) and the finite-difference test (finite-differences.test.ts) run
// them all, and test/layer-checklist.test.ts asks every new layer for one.

import type { CheckedLayer } from '../../../src/compiler/ir.ts';
import type { TensorType, ValueType } from '../../../src/compiler/tensor-type.ts';
import type { Rng } from '../../../src/runtime/rng.ts';
import { intData, model, normalData, type Data } from './support.ts';

export const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

/** One model per layer; the layer under test is the model's last node. */
export const SAMPLES: Readonly<Record<string, string>> = {
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
  Normalization: 'Masking(input=(5, 3))\n  Normalization(mean=(1.0, -2.0, 0.5), variance=(4.0, 0.25, 9.0))',
  TextVectorization: 'TextVectorization(max_tokens=10, output_sequence_length=4, input=(1,))',
  TimeDistributed: 'Masking(input=(5, 3))\n  TimeDistributed(Dense(2))',
  Concatenate: 'a = Input(shape=(5, 3))\n  b = Input(shape=(5, 2))\n  output Concatenate()([Masking()(a), b])',
  ...Object.fromEntries(
    ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map((t) => [
      t,
      `a = Input(shape=(5, 3))\n  b = Input(shape=(5, 3))\n  output ${t}()([Masking()(a), Masking()(b)])`,
    ]),
  ),
};

export const tensorType = (t: ValueType | undefined): TensorType => {
  if (t?.kind !== 'tensor') throw new Error('sample model has an unknown type');
  return t;
};

/** A sample's shape with its unknown sizes made concrete: batch 2, other axes 5. */
export const concrete = (t: TensorType) => t.shape.map((d, i) => d ?? (i === 0 ? 2 : 5));

/** The layer under test of SAMPLES[type]: the sample model's last node. */
export const sampleLayer = (type: string): CheckedLayer => model(`model m {\n  ${SAMPLES[type]}\n}\n`).nodes.at(-1)!.layer;

/** Random inputs for the layer (ids below 10 for int32 and text ones), and a random 0/1 mask where one flows. */
export function sampleInputs(l: CheckedLayer, rng: Rng): { inputs: Data[]; masks: (Data | null)[] } {
  const inputTypes = l.inputTypes.map(tensorType);
  // Text reaches a TextVectorization's kernel as the ids the host made of it (runtime/text):
  // shaped like the layer's output.
  const textIds = () => intData(rng, concrete(tensorType(l.outputTypes[0])), 10);
  const inputs: Data[] = inputTypes.map((t) => (t.dtype === 'string' ? textIds() : t.dtype === 'int32' ? intData(rng, concrete(t), 10) : normalData(rng, concrete(t))));
  const masks = inputTypes.map((t) => {
    if (!t.masked) return null;
    const mask = intData(rng, concrete(t).slice(0, -1), 2);
    return { shape: mask.shape, values: Float32Array.from(mask.values) };
  });
  return { inputs, masks };
}
