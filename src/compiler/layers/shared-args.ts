// Arguments several layer families share (Dense, Conv1D, the recurrent layers, Embedding,
// normalization), each defined once with Keras's meaning. Initializer defaults are the checked
// form: a FnValue with the initializer's own defaults filled in.

import type { FnValue } from '../config-value.ts';
import { fnDefault, INITIALIZERS } from '../vocab/index.ts';
import { arg, T } from './args.ts';

const INITS = new Map<string, FnValue>();

/**
 * The checked value of an initializer written bare: `zeros` → zeros(). One object per name,
 * shared like every other default: weight rules ask for their fallback on every layer.
 */
export function init(name: string): FnValue {
  let v = INITS.get(name);
  if (v === undefined) INITS.set(name, (v = fnDefault(INITIALIZERS, name)));
  return v;
}

/** `None` is accepted and checks as `linear` (keras/src/activations/__init__.py: get(None)). */
export function activation<const N extends string>(name: N, def: string, doc: string) {
  return arg(name, T.vocab('activation'), def, doc);
}

export function initializer<const N extends string>(name: N, def: string, doc: string) {
  return arg(name, T.vocab('initializer'), init(def), doc);
}

export function regularizer<const N extends string>(name: N, doc: string) {
  return arg(name, T.optional(T.vocab('regularizer')), null, doc);
}

export function constraint<const N extends string>(name: N, doc: string) {
  return arg(name, T.optional(T.vocab('constraint')), null, doc);
}

export const USE_BIAS = arg('use_bias', T.bool(), true, 'Whether the layer adds a learned bias vector.');

export const ACTIVITY_REGULARIZER = regularizer(
  'activity_regularizer',
  'Penalty on the layer’s output, added to the loss (None: none).',
);

export const SEED = arg('seed', T.optional(T.int()), null, 'Random seed for dropout (None: drawn from the run’s seed).');

/** Kernel, bias and their regularizers and constraints, in Keras's Dense/Conv order. */
export function kernelAndBias() {
  return {
    use_bias: USE_BIAS,
    kernel_initializer: initializer('kernel_initializer', 'glorot_uniform', 'Initializer for the kernel weights.'),
    bias_initializer: initializer('bias_initializer', 'zeros', 'Initializer for the bias vector.'),
    kernel_regularizer: regularizer('kernel_regularizer', 'Penalty on the kernel weights, e.g. l2(0.01).'),
    bias_regularizer: regularizer('bias_regularizer', 'Penalty on the bias vector.'),
    activity_regularizer: ACTIVITY_REGULARIZER,
    kernel_constraint: constraint('kernel_constraint', 'Constraint on the kernel after each update, e.g. max_norm(3).'),
    bias_constraint: constraint('bias_constraint', 'Constraint on the bias after each update.'),
  };
}
