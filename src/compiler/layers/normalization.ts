// LayerNormalization (keras/src/layers/normalization/layer_normalization.py) and
// BatchNormalization (batch_normalization.py). Both keep the shape and set supports_masking =
// True with Layer's default compute_mask, so a mask passes through. Weights span the
// normalised axis, which must be known: LayerNormalization gamma, beta (gamma only with
// rms_scaling); BatchNormalization gamma, beta (trainable), moving_mean, moving_variance (not).
// Keras's LayerNormalization also takes a list of axes; the language takes one.

import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, pick, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireFloat, requireMinRank, single, weight, type Failure } from './define.ts';
import type { ConfigOf, ShapeResult, WeightSpec } from './layer-def.ts';
import { constraint, initializer, regularizer } from './shared-args.ts';

// Every argument of the two layers, defined once; each picks its list in Keras's order.
const TABLE = {
  axis: arg('axis', T.int(), -1, 'The axis to normalise (-1: the features).', { positional: true }),
  momentum: arg('momentum', T.float({ min: 0, max: 1 }), 0.99, 'Momentum of the moving mean and variance.'),
  epsilon: arg('epsilon', T.float({ min: 0, minExclusive: true }), 1e-3, 'Added to the variance to avoid dividing by zero.'),
  center: arg('center', T.bool(), true, 'Learn an offset beta.'),
  scale: arg('scale', T.bool(), true, 'Learn a scale gamma.'),
  rms_scaling: arg('rms_scaling', T.bool(), false, 'Scale by the root mean square only (ignores center and scale; gamma only).'),
  beta_initializer: initializer('beta_initializer', 'zeros', 'Initializer for beta.'),
  gamma_initializer: initializer('gamma_initializer', 'ones', 'Initializer for gamma.'),
  moving_mean_initializer: initializer('moving_mean_initializer', 'zeros', 'Initializer for the moving mean.'),
  moving_variance_initializer: initializer('moving_variance_initializer', 'ones', 'Initializer for the moving variance.'),
  beta_regularizer: regularizer('beta_regularizer', 'Penalty on beta.'),
  gamma_regularizer: regularizer('gamma_regularizer', 'Penalty on gamma.'),
  beta_constraint: constraint('beta_constraint', 'Constraint on beta after each update.'),
  gamma_constraint: constraint('gamma_constraint', 'Constraint on gamma after each update.'),
  synchronized: arg('synchronized', T.bool(), false, 'Synchronise statistics across devices (TensorFlow only; ignored).'),
};

const LAYER_NORM_ARGS = pick(TABLE, [
  'axis', 'epsilon', 'center', 'scale', 'rms_scaling', 'beta_initializer', 'gamma_initializer',
  'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
]);

const BATCH_NORM_ARGS = pick(TABLE, [
  'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer',
  'moving_mean_initializer', 'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer',
  'beta_constraint', 'gamma_constraint', 'synchronized',
]);

/** What the shape rule reads, which both layers have. */
type AxisConfig = Pick<ConfigOf<typeof LAYER_NORM_ARGS>, 'axis'>;

/** The normalised axis as a positive index, or a failure. The batch axis cannot be normalised. */
function axisOf(name: string, x: TensorType, config: AxisConfig): number | Failure {
  const given = config.axis;
  const rank = x.shape.length;
  const axis = given < 0 ? rank + given : given;
  if (axis < 1 || axis >= rank) {
    return fail(E.ARGS, `${name} cannot normalise axis ${given} of ${fmt(x.shape)}`, { arg: 'axis' });
  }
  if (x.shape[axis] === null) {
    return fail(E.DIM, `${name} needs the size of axis ${given} known, but it is unknown in ${fmt(x.shape)}`, {
      arg: 'axis',
      label: 'unknown size on the normalised axis',
    });
  }
  return axis;
}

function inferNorm(name: string) {
  return (inputs: readonly TensorType[], config: AxisConfig): ShapeResult => {
    const x = single(name, inputs);
    if (isFailure(x)) return x;
    const problem = requireMinRank(name, x, 2, '(batch, …, features)') ?? requireFloat(name, x);
    if (problem) return problem;
    const axis = axisOf(name, x, config);
    if (isFailure(axis)) return axis;
    return ok(tensor(x.shape, x.dtype, x.masked));
  };
}

function axisSize(inputs: readonly TensorType[], config: AxisConfig): number {
  const x = inputs[0];
  if (!x) return 0;
  const given = config.axis;
  return x.shape.at(given) ?? 0;
}

function layerNormWeights(inputs: readonly TensorType[], config: ConfigOf<typeof LAYER_NORM_ARGS>): WeightSpec[] {
  const d = axisSize(inputs, config);
  const rms = config.rms_scaling;
  const ws: WeightSpec[] = [];
  if (config.scale || rms) ws.push(weight('gamma', [d], config.gamma_initializer, config.gamma_regularizer));
  if (config.center && !rms) ws.push(weight('beta', [d], config.beta_initializer, config.beta_regularizer));
  return ws;
}

function batchNormWeights(inputs: readonly TensorType[], config: ConfigOf<typeof BATCH_NORM_ARGS>): WeightSpec[] {
  const d = axisSize(inputs, config);
  const ws: WeightSpec[] = [];
  if (config.scale) ws.push(weight('gamma', [d], config.gamma_initializer, config.gamma_regularizer));
  if (config.center) ws.push(weight('beta', [d], config.beta_initializer, config.beta_regularizer));
  ws.push(weight('moving_mean', [d], config.moving_mean_initializer, null, false));
  ws.push(weight('moving_variance', [d], config.moving_variance_initializer, null, false));
  return ws;
}

export const LAYER_NORMALIZATION = defineLayer({
  name: 'LayerNormalization',
  category: 'normalization',
  autoName: 'layer_normalization',
  doc: 'Normalises each sample over its features to mean 0 and variance 1, then scales by gamma and shifts by beta.',
  args: LAYER_NORM_ARGS,
  arity: 'one',
  acceptsMask: true,
  inferShape: inferNorm('LayerNormalization'),
  weights: layerNormWeights,
});

export const BATCH_NORMALIZATION = defineLayer({
  name: 'BatchNormalization',
  category: 'normalization',
  autoName: 'batch_normalization',
  doc: 'Normalises with batch statistics during training and their moving averages at inference, then scales by gamma and shifts by beta.',
  args: BATCH_NORM_ARGS,
  arity: 'one',
  acceptsMask: true,
  inferShape: inferNorm('BatchNormalization'),
  weights: batchNormWeights,
});
