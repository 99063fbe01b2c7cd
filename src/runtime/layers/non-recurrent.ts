// Every non-recurrent layer's kernel, by registry type. Each kernel's file cites the Keras
// source it follows.

import { ACTIVATION, DROPOUT, INPUT } from './core.ts';
import { CONV1D } from './conv1d.ts';
import { DENSE } from './dense.ts';
import { EMBEDDING } from './embedding.ts';
import type { LayerType } from '../../compiler/layers/registry.ts';
import { kernelIn, type LayerKernel } from './kernel.ts';
import { MASKING } from './masking.ts';
import { ADD, AVERAGE, CONCATENATE, MAXIMUM, MINIMUM, MULTIPLY, SUBTRACT } from './merge.ts';
import { BATCH_NORMALIZATION, LAYER_NORMALIZATION } from './normalization.ts';
import { NORMALIZATION, TEXT_VECTORIZATION } from './preprocessing.ts';
import { AVERAGE_POOLING_1D, GLOBAL_AVERAGE_POOLING_1D, GLOBAL_MAX_POOLING_1D, MAX_POOLING_1D } from './pooling.ts';
import { FLATTEN, REPEAT_VECTOR, RESHAPE } from './reshaping.ts';
import { RECURRENT_KERNELS } from './recurrent/index.ts';
import { timeDistributed } from './time-distributed.ts';

/** The kernel TimeDistributed applies to each step: any layer's (read when it runs). */
function innerKernel(type: string): LayerKernel {
  const k = kernelIn(NON_RECURRENT_KERNELS, type) ?? kernelIn(RECURRENT_KERNELS, type);
  if (!k) throw new Error(`no runtime kernel for layer ${type}`);
  return k;
}

// Each entry takes the layers of its key's type.
export const NON_RECURRENT_KERNELS: { readonly [K in LayerType]?: LayerKernel<K> } = {
  Input: INPUT,
  TimeDistributed: timeDistributed(innerKernel),
  Dense: DENSE,
  Activation: ACTIVATION,
  Embedding: EMBEDDING,
  Masking: MASKING,
  Dropout: DROPOUT,
  RepeatVector: REPEAT_VECTOR,
  Flatten: FLATTEN,
  Reshape: RESHAPE,
  Conv1D: CONV1D,
  MaxPooling1D: MAX_POOLING_1D,
  AveragePooling1D: AVERAGE_POOLING_1D,
  GlobalAveragePooling1D: GLOBAL_AVERAGE_POOLING_1D,
  GlobalMaxPooling1D: GLOBAL_MAX_POOLING_1D,
  Concatenate: CONCATENATE,
  Add: ADD,
  Subtract: SUBTRACT,
  Multiply: MULTIPLY,
  Average: AVERAGE,
  Maximum: MAXIMUM,
  Minimum: MINIMUM,
  LayerNormalization: LAYER_NORMALIZATION,
  BatchNormalization: BATCH_NORMALIZATION,
  Normalization: NORMALIZATION,
  TextVectorization: TEXT_VECTORIZATION,
};
