// Conv1D: keras/src/layers/convolutional/{conv1d,base_conv}.py. (B, T, F) → (B, T', filters),
// kernel [kernel_size, F / groups, filters], bias [filters]. T' follows
// ops/operation_utils.py compute_conv_output_shape:
//   valid:        floor((T - dilation·(k - 1) - 1) / strides) + 1
//   same, causal: floor((T - 1) / strides) + 1
// Conv1D does not set supports_masking. data_format is not offered (always channels-last), nor
// lora/dora fine-tuning.

import { tensor, type Dim, type TensorType } from '../tensor-type.ts';
import { arg, pick, required, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireFloat, requireKnownLast, requireRank, single, weight } from './define.ts';
import type { ConfigOf, ShapeResult, WeightSpec } from './layer-def.ts';
import { activation, kernelAndBias } from './shared-args.ts';

/** Output length of a 1-D window op (conv with dilation, or pooling with dilation 1). */
export function windowLength(length: Dim, size: number, strides: number, padding: string, dilation = 1): Dim {
  if (length === null) return null;
  if (padding === 'valid') return Math.floor((length - dilation * (size - 1) - 1) / strides) + 1;
  return Math.floor((length - 1) / strides) + 1;
}

const TABLE = {
  filters: required('filters', T.int(1), 'Number of filters: the size of the output’s last axis.', { positional: true }),
  kernel_size: required('kernel_size', T.intOrTuple(1), 'Length of the convolution window.', { positional: true }),
  strides: arg('strides', T.intOrTuple(1), 1, 'Step between windows (strides > 1 excludes dilation_rate > 1).'),
  padding: arg('padding', T.vocab('padding'), 'valid', 'valid (no padding), same (keep the length) or causal (pad on the left only).'),
  dilation_rate: arg('dilation_rate', T.intOrTuple(1), 1, 'Spacing between the kernel’s taps (dilated convolution).'),
  groups: arg('groups', T.int(1), 1, 'Split the channels into this many groups, each convolved separately.'),
  activation: activation('activation', 'linear', 'Activation applied to the output (default None: linear).'),
  ...kernelAndBias(),
};

const ARGS = pick(TABLE, [
  'filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'groups', 'activation', 'use_bias',
  'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer',
  'kernel_constraint', 'bias_constraint',
]);

type Config = ConfigOf<typeof ARGS>;

function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
  const x = single('Conv1D', inputs);
  if (isFailure(x)) return x;
  const problem =
    requireRank('Conv1D', x, 3, 'a sequence (batch, steps, channels)') ??
    requireFloat('Conv1D', x) ??
    requireKnownLast('Conv1D', x, 'channels');
  if (problem) return problem;
  const filters = config.filters;
  const kernel = config.kernel_size;
  const strides = config.strides;
  const dilation = config.dilation_rate;
  const groups = config.groups;
  const channels = x.shape[2] as number;
  // base_conv.py, BaseConv.__init__ and build.
  if (strides > 1 && dilation > 1) {
    return fail(E.ARGS, 'Conv1D cannot combine strides > 1 with dilation_rate > 1', { arg: 'dilation_rate' });
  }
  if (filters % groups !== 0) {
    return fail(E.ARGS, `Conv1D needs filters divisible by groups, but ${filters} is not divisible by ${groups}`, { arg: 'groups' });
  }
  if (channels % groups !== 0) {
    return fail(E.DIM, `Conv1D needs the ${channels} input channels of ${fmt(x.shape)} divisible by groups=${groups}`, { arg: 'groups' });
  }
  const length = windowLength(x.shape[1] ?? null, kernel, strides, config.padding, dilation);
  // Keras raises only for a negative length; a zero-length output is useless, so we report it too.
  if (length !== null && length < 1) {
    return fail(E.DIM, `Conv1D's window (kernel_size=${kernel}, dilation_rate=${dilation}) is longer than the ${x.shape[1]} steps of ${fmt(x.shape)}`, {
      arg: 'kernel_size',
      hint: 'use padding=same or causal, or a smaller kernel_size',
    });
  }
  return ok(tensor([x.shape[0] ?? null, length, filters]));
}

function weights(inputs: readonly TensorType[], config: Config): WeightSpec[] {
  const filters = config.filters;
  const channels = inputs[0]?.shape[2] ?? 0;
  const kernelShape = [config.kernel_size, (channels ?? 0) / config.groups, filters];
  const kernel = weight('kernel', kernelShape, config.kernel_initializer, config.kernel_regularizer);
  if (!config.use_bias) return [kernel];
  return [kernel, weight('bias', [filters], config.bias_initializer, config.bias_regularizer)];
}

export const CONV1D = defineLayer({
  name: 'Conv1D',
  category: 'convolution',
  autoName: 'conv1d',
  doc: 'Temporal convolution: slides `filters` windows of kernel_size steps over the sequence; (batch, steps, channels) → (batch, new_steps, filters).',
  args: ARGS,
  arity: 'one',
  acceptsMask: false,
  inferShape,
  weights,
});
