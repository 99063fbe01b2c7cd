// Activations, initializers, regularizers and constraints as a saved Keras model spells them.
//
// The target is the format TensorFlow.js Layers reads (tfjs-layers 4.22), which is tf.keras 2's:
// `{class_name, config}` with snake_case keys. tfjs-layers camel-cases every string it reads
// (convertPythonicToTs), so `glorot_uniform` and `truncated_normal` reach it as `glorotUniform`
// and `truncatedNormal`. Where Keras and tfjs-layers spell a class differently, we write a form
// both read: Keras's `LecunNormal` is tfjs's `LeCunNormal`, so lecun_* is written as the
// VarianceScaling it is; l1 and l2 are written as L1L2, the only regularizer class tfjs has.

import type { ConfigValue, FnValue } from '../../compiler/config-value.ts';
import type { Json, JsonObject, KerasObject } from './json.ts';

/** Activations tfjs-layers does not have: a model using one saves, but tfjs cannot load it. */
export const TFJS_MISSING_ACTIVATIONS: ReadonlySet<string> = new Set(['leaky_relu', 'hard_silu', 'exponential']);

/**
 * Keras 3's canonical `silu` is `swish` in tfjs-layers (and an alias Keras still reads); every
 * other name is written as Keras writes it.
 */
export function kerasActivation(name: string): string {
  return name === 'silu' ? 'swish' : name;
}

const INITIALIZER_CLASSES: Readonly<Record<string, string>> = {
  glorot_uniform: 'GlorotUniform',
  glorot_normal: 'GlorotNormal',
  he_uniform: 'HeUniform',
  he_normal: 'HeNormal',
  orthogonal: 'Orthogonal',
  identity: 'Identity',
  zeros: 'Zeros',
  ones: 'Ones',
  constant: 'Constant',
  random_normal: 'RandomNormal',
  random_uniform: 'RandomUniform',
  truncated_normal: 'TruncatedNormal',
  variance_scaling: 'VarianceScaling',
};

/** keras/src/initializers/random_initializers.py: LecunNormal and LecunUniform are these. */
const LECUN: Readonly<Record<string, string>> = { lecun_normal: 'truncated_normal', lecun_uniform: 'uniform' };

/** A config value that holds no functions or layers: numbers, strings, lists of them. */
export function plainJson(v: ConfigValue): Json {
  if (Array.isArray(v)) return v.map(plainJson);
  if (typeof v === 'object' && v !== null) throw new Error(`rnnc: ${JSON.stringify(v)} is not a plain value`);
  return v;
}

function plainArgs(fn: FnValue): JsonObject {
  return Object.fromEntries(Object.entries(fn.args).map(([k, v]) => [k, plainJson(v)]));
}

export function kerasInitializer(fn: FnValue): KerasObject {
  const lecun = LECUN[fn.name];
  if (lecun) {
    return {
      class_name: 'VarianceScaling',
      config: { scale: 1.0, mode: 'fan_in', distribution: lecun, seed: plainJson(fn.args['seed'] ?? null) },
    };
  }
  const cls = INITIALIZER_CLASSES[fn.name];
  if (!cls) throw new Error(`rnnc: no Keras class for the initializer ${fn.name}`);
  return { class_name: cls, config: plainArgs(fn) };
}

export function kerasRegularizer(fn: FnValue): KerasObject {
  const factor = (k: string) => plainJson(fn.args[k] ?? 0);
  switch (fn.name) {
    case 'l1':
      return { class_name: 'L1L2', config: { l1: factor('l1'), l2: 0 } };
    case 'l2':
      return { class_name: 'L1L2', config: { l1: 0, l2: factor('l2') } };
    case 'l1_l2':
      return { class_name: 'L1L2', config: { l1: factor('l1'), l2: factor('l2') } };
    case 'orthogonal_regularizer':
      return { class_name: 'OrthogonalRegularizer', config: plainArgs(fn) };
    default:
      throw new Error(`rnnc: no Keras class for the regularizer ${fn.name}`);
  }
}

const CONSTRAINT_CLASSES: Readonly<Record<string, string>> = {
  max_norm: 'MaxNorm',
  non_neg: 'NonNeg',
  unit_norm: 'UnitNorm',
  min_max_norm: 'MinMaxNorm',
};

export function kerasConstraint(fn: FnValue): KerasObject {
  const cls = CONSTRAINT_CLASSES[fn.name];
  if (!cls) throw new Error(`rnnc: no Keras class for the constraint ${fn.name}`);
  return { class_name: cls, config: plainArgs(fn) };
}
