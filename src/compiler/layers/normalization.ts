// LayerNormalization (keras/src/layers/normalization/layer_normalization.py) and
// BatchNormalization (batch_normalization.py). Both keep the shape and set supports_masking =
// True with Layer's default compute_mask, so a mask passes through. Weights span the
// normalised axis, which must be known: LayerNormalization gamma, beta (gamma only with
// rms_scaling); BatchNormalization gamma, beta (trainable), moving_mean, moving_variance (not).
// Keras's LayerNormalization also takes a list of axes; the language takes one.

import type { LayerConfig } from '../config-value.ts';
import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, bool, fnOf, num, optFn, pick, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireFloat, requireMinRank, single, weight, type Failure } from './define.ts';
import type { ArgSpec, LayerDef, ShapeResult, WeightSpec } from './layer-def.ts';
import { constraint, init, initializer, regularizer } from './shared-args.ts';

/** The normalised axis as a positive index, or a failure. The batch axis cannot be normalised. */
function axisOf(name: string, x: TensorType, config: LayerConfig): number | Failure {
  const given = num(config, 'axis', -1);
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
  return (inputs: readonly TensorType[], config: LayerConfig): ShapeResult => {
    const x = single(name, inputs);
    if (isFailure(x)) return x;
    const problem = requireMinRank(name, x, 2, '(batch, …, features)') ?? requireFloat(name, x);
    if (problem) return problem;
    const axis = axisOf(name, x, config);
    if (isFailure(axis)) return axis;
    return ok(tensor(x.shape, x.dtype, x.masked));
  };
}

function axisSize(inputs: readonly TensorType[], config: LayerConfig): number {
  const x = inputs[0];
  if (!x) return 0;
  const given = num(config, 'axis', -1);
  return x.shape.at(given) ?? 0;
}

// Every argument of the two layers, defined once; each picks its list in Keras's order.
const ARGS: Record<string, ArgSpec> = {
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

function layerNormWeights(inputs: readonly TensorType[], config: LayerConfig): WeightSpec[] {
  const d = axisSize(inputs, config);
  const rms = bool(config, 'rms_scaling', false);
  const ws: WeightSpec[] = [];
  if (bool(config, 'scale', true) || rms) ws.push(weight('gamma', [d], fnOf(config, 'gamma_initializer', init('ones')), optFn(config, 'gamma_regularizer')));
  if (bool(config, 'center', true) && !rms) ws.push(weight('beta', [d], fnOf(config, 'beta_initializer', init('zeros')), optFn(config, 'beta_regularizer')));
  return ws;
}

function batchNormWeights(inputs: readonly TensorType[], config: LayerConfig): WeightSpec[] {
  const d = axisSize(inputs, config);
  const ws: WeightSpec[] = [];
  if (bool(config, 'scale', true)) ws.push(weight('gamma', [d], fnOf(config, 'gamma_initializer', init('ones')), optFn(config, 'gamma_regularizer')));
  if (bool(config, 'center', true)) ws.push(weight('beta', [d], fnOf(config, 'beta_initializer', init('zeros')), optFn(config, 'beta_regularizer')));
  ws.push(weight('moving_mean', [d], fnOf(config, 'moving_mean_initializer', init('zeros')), null, false));
  ws.push(weight('moving_variance', [d], fnOf(config, 'moving_variance_initializer', init('ones')), null, false));
  return ws;
}

export const LAYER_NORMALIZATION: LayerDef = defineLayer({
  name: 'LayerNormalization',
  category: 'normalization',
  autoName: 'layer_normalization',
  doc: 'Normalises each sample over its features to mean 0 and variance 1, then scales by gamma and shifts by beta.',
  args: pick(ARGS, [
    'axis', 'epsilon', 'center', 'scale', 'rms_scaling', 'beta_initializer', 'gamma_initializer',
    'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint',
  ]),
  arity: 'one',
  acceptsMask: true,
  inferShape: inferNorm('LayerNormalization'),
  weights: layerNormWeights,
});

export const BATCH_NORMALIZATION: LayerDef = defineLayer({
  name: 'BatchNormalization',
  category: 'normalization',
  autoName: 'batch_normalization',
  doc: 'Normalises with batch statistics during training and their moving averages at inference, then scales by gamma and shifts by beta.',
  args: pick(ARGS, [
    'axis', 'momentum', 'epsilon', 'center', 'scale', 'beta_initializer', 'gamma_initializer',
    'moving_mean_initializer', 'moving_variance_initializer', 'beta_regularizer', 'gamma_regularizer',
    'beta_constraint', 'gamma_constraint', 'synchronized',
  ]),
  arity: 'one',
  acceptsMask: true,
  inferShape: inferNorm('BatchNormalization'),
  weights: batchNormWeights,
});
