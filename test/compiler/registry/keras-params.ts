// Keras's parameter counts (model.summary()'s "Param #", trainable and non-trainable) for at least
// one call of every layer of the registry, on a given input. params.test.ts checks each; the layer
// checklist (test/layer-checklist.test.ts) asks every new layer for one. Layers without weights
// count 0, as Keras prints them.

import type { ConfigValue } from '../../../src/compiler/config-value.ts';
import type { Dim, DType } from '../../../src/compiler/tensor-type.ts';
import { inner } from './helpers.ts';

export interface KerasParams {
  /** What the count is of, as Keras's summary would show it. */
  readonly what: string;
  readonly layer: string;
  /** Each input's shape without the batch axis (and dtype, float32 unless said). */
  readonly inputs: readonly (readonly Dim[] | { readonly shape: readonly Dim[]; readonly dtype: DType })[];
  readonly given?: Readonly<Record<string, ConfigValue>>;
  readonly total: number;
  readonly nonTrainable?: number;
}

const none = (layer: string, inputs: KerasParams['inputs'], given?: KerasParams['given']): KerasParams => ({
  what: `${layer} has no weights`,
  layer,
  inputs,
  ...(given ? { given } : {}),
  total: 0,
});

export const KERAS_PARAMS: readonly KerasParams[] = [
  { what: 'LSTM(1) on (5, 1)', layer: 'LSTM', inputs: [[5, 1]], given: { units: 1 }, total: 12 },
  { what: 'Bidirectional(LSTM(64)) on (T, 128)', layer: 'Bidirectional', inputs: [[null, 128]], given: { layer: inner('LSTM', { units: 64 }) }, total: 98_816 },
  { what: 'Dense(1) on 128 features', layer: 'Dense', inputs: [[128]], given: { units: 1 }, total: 129 },
  { what: 'Embedding(20000, 128)', layer: 'Embedding', inputs: [{ shape: [null], dtype: 'int32' }], given: { input_dim: 20000, output_dim: 128 }, total: 2_560_000 },
  { what: 'GRU(64) on 32 features, reset_after (Keras 3)', layer: 'GRU', inputs: [[10, 32]], given: { units: 64 }, total: 3 * (64 * (32 + 64) + 2 * 64) },
  { what: 'SimpleRNN(100) on 1 feature', layer: 'SimpleRNN', inputs: [[null, 1]], given: { units: 100 }, total: 10_200 },
  { what: 'BatchNormalization on 64 features', layer: 'BatchNormalization', inputs: [[64]], total: 256, nonTrainable: 128 },
  { what: 'Conv1D(32, 3) on 8 features', layer: 'Conv1D', inputs: [[20, 8]], given: { filters: 32, kernel_size: 3 }, total: 800 },
  { what: 'TimeDistributed(Dense(1)) on 64 features', layer: 'TimeDistributed', inputs: [[10, 64]], given: { layer: inner('Dense', { units: 1 }) }, total: 65 },
  { what: 'LayerNormalization on 64 features', layer: 'LayerNormalization', inputs: [[10, 64]], total: 128 },
  // normalization.py build(): mean and variance of shape (9,) and a scalar count, none trainable —
  // the 19 of TensorFlow's regression tutorial (normalization (Normalization) (None, 9) 19).
  { what: 'Normalization on 9 features, to be adapted', layer: 'Normalization', inputs: [[9]], total: 19, nonTrainable: 19 },
  { what: 'Normalization(axis=None) on (5, 1)', layer: 'Normalization', inputs: [[5, 1]], given: { axis: null }, total: 3, nonTrainable: 3 },
  none('Normalization', [[5, 3]], { mean: [1, 2, 3], variance: [1, 1, 4] }),
  // text_vectorization.py build() adds no weights (the vocabulary is a lookup table): 0 in Keras's summary.
  none('TextVectorization', [{ shape: [1], dtype: 'string' }], { max_tokens: 1000 }),
  none('Input', [], { shape: [5, 1] }),
  none('Activation', [[8]], { activation: 'relu' }),
  none('Dropout', [[8]], { rate: 0.5 }),
  none('Masking', [[5, 3]]),
  none('RepeatVector', [[8]], { n: 3 }),
  none('Flatten', [[5, 3]]),
  none('Reshape', [[6]], { target_shape: [2, 3] }),
  none('MaxPooling1D', [[6, 3]]),
  none('AveragePooling1D', [[6, 3]]),
  none('GlobalAveragePooling1D', [[6, 3]]),
  none('GlobalMaxPooling1D', [[6, 3]]),
  none('Concatenate', [[3], [4]]),
  ...['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'].map((layer) => none(layer, [[3], [3]])),
];
