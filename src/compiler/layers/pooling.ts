// 1-D pooling: keras/src/layers/pooling/. MaxPooling1D and AveragePooling1D (base_pooling.py:
// InputSpec(ndim=3), strides default to pool_size, padding valid or same; length from
// compute_pooling_output_shape) and the global poolings (base_global_pooling.py). Only
// GlobalAveragePooling1D sets supports_masking: it averages the unmasked steps and returns no
// mask. MaxPooling1D, AveragePooling1D and GlobalMaxPooling1D do not take masks in Keras 3.

import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { windowLength } from './conv1d.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireRank, single } from './define.ts';
import type { ConfigOf, ShapeResult } from './layer-def.ts';

const WINDOW_ARGS = [
  arg('pool_size', T.intOrTuple(1), 2, 'Length of the pooling window.', { positional: true }),
  arg('strides', T.optional(T.intOrTuple(1)), null, 'Step between windows (None: pool_size).', { positional: true }),
  arg('padding', T.vocab('padding'), 'valid', 'valid (no padding) or same (keep ceil(length / strides) steps).', { positional: true }),
] as const;

const GLOBAL_ARGS = [arg('keepdims', T.bool(), false, 'Keep the time axis with length 1: (batch, 1, features).')] as const;

function inferWindow(name: string) {
  return (inputs: readonly TensorType[], config: ConfigOf<typeof WINDOW_ARGS>): ShapeResult => {
    const x = single(name, inputs);
    if (isFailure(x)) return x;
    const wrongRank = requireRank(name, x, 3, 'a sequence (batch, steps, features)');
    if (wrongRank) return wrongRank;
    const padding = config.padding;
    if (padding !== 'valid' && padding !== 'same') {
      return fail(E.ARGS, `${name} takes padding valid or same, not ${padding}`, { arg: 'padding' });
    }
    const size = config.pool_size;
    const length = windowLength(x.shape[1] ?? null, size, config.strides ?? size, padding);
    // Keras raises only for a negative length; a zero-length output is reported too.
    if (length !== null && length < 1) {
      return fail(E.DIM, `${name}'s pool_size=${size} is longer than the ${x.shape[1]} steps of ${fmt(x.shape)}`, {
        arg: 'pool_size',
        hint: 'use padding=same or a smaller pool_size',
      });
    }
    return ok(tensor([x.shape[0] ?? null, length, x.shape[2] ?? null], x.dtype));
  };
}

function inferGlobal(name: string) {
  return (inputs: readonly TensorType[], config: ConfigOf<typeof GLOBAL_ARGS>): ShapeResult => {
    const x = single(name, inputs);
    if (isFailure(x)) return x;
    const wrongRank = requireRank(name, x, 3, 'a sequence (batch, steps, features)');
    if (wrongRank) return wrongRank;
    const [batch, , features] = x.shape;
    const shape = config.keepdims ? [batch ?? null, 1, features ?? null] : [batch ?? null, features ?? null];
    return ok(tensor(shape, x.dtype));
  };
}

function windowPool<const N extends string>(name: N, autoName: string, doc: string) {
  return defineLayer({
    name, category: 'pooling', autoName, doc, args: WINDOW_ARGS, arity: 'one', acceptsMask: false,
    inferShape: inferWindow(name), weights: () => [],
  });
}

function globalPool<const N extends string>(name: N, autoName: string, doc: string, acceptsMask: boolean) {
  return defineLayer({
    name, category: 'pooling', autoName, doc, args: GLOBAL_ARGS, arity: 'one', acceptsMask,
    inferShape: inferGlobal(name), weights: () => [],
  });
}

export const MAX_POOLING_1D = windowPool('MaxPooling1D', 'max_pooling1d', 'Downsamples a sequence by the maximum over each window of pool_size steps.');
export const AVERAGE_POOLING_1D = windowPool('AveragePooling1D', 'average_pooling1d', 'Downsamples a sequence by the mean over each window of pool_size steps.');
export const GLOBAL_AVERAGE_POOLING_1D = globalPool(
  'GlobalAveragePooling1D',
  'global_average_pooling1d',
  'Averages over the time axis, skipping masked steps: (batch, steps, features) → (batch, features).',
  true,
);
export const GLOBAL_MAX_POOLING_1D = globalPool(
  'GlobalMaxPooling1D',
  'global_max_pooling1d',
  'Maximum over the time axis: (batch, steps, features) → (batch, features). Does not take a mask.',
  false,
);
