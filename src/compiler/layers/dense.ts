// Dense: keras/src/layers/core/dense.py. Acts on the last axis of any input with at least two
// axes (InputSpec(min_ndim=2)): (B, …, F) → (B, …, units), kernel [F, units] and bias [units].
// supports_masking = True with Layer's default compute_mask: the mask passes through.
// Not offered: lora_rank, lora_alpha and quantization_config (fine-tuning features).

import { replacingLast, tensor, type TensorType } from '../tensor-type.ts';
import { pick, required, T } from './args.ts';
import { defineLayer, isFailure, ok, requireFloat, requireKnownLast, requireMinRank, single, weight } from './define.ts';
import type { ConfigOf, ShapeResult, WeightSpec } from './layer-def.ts';
import { activation, kernelAndBias } from './shared-args.ts';

const TABLE = {
  units: required('units', T.int(1), 'Size of the output’s last axis.', { positional: true }),
  activation: activation('activation', 'linear', 'Activation applied to the output (default None: linear).'),
  ...kernelAndBias(),
};

const ARGS = pick(TABLE, [
  'units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer', 'kernel_regularizer',
  'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint',
]);

type Config = ConfigOf<typeof ARGS>;

function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
  const x = single('Dense', inputs);
  if (isFailure(x)) return x;
  const problem =
    requireMinRank('Dense', x, 2, '(batch, …, features)') ?? requireFloat('Dense', x) ?? requireKnownLast('Dense', x);
  if (problem) return problem;
  const shape = replacingLast(x.shape, config.units);
  return ok(tensor(shape, 'float32', x.masked));
}

function weights(inputs: readonly TensorType[], config: Config): WeightSpec[] {
  const units = config.units;
  const features = inputs[0]?.shape.at(-1) ?? 0;
  const kernel = weight('kernel', [features ?? 0, units], config.kernel_initializer, config.kernel_regularizer);
  if (!config.use_bias) return [kernel];
  return [kernel, weight('bias', [units], config.bias_initializer, config.bias_regularizer)];
}

export const DENSE = defineLayer({
  name: 'Dense',
  category: 'core',
  autoName: 'dense',
  doc: 'Densely-connected layer on the last axis: output = activation(input·kernel + bias); (batch, …, features) → (batch, …, units).',
  args: ARGS,
  arity: 'one',
  acceptsMask: true,
  inferShape,
  weights,
});
