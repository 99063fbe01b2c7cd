// Normalization: keras/src/layers/preprocessing/normalization.py (Keras 3). Shifts and scales
// each feature to mean 0 and standard deviation 1 with statistics computed before training:
// y = (x - mean) / max(sqrt(variance), epsilon), or with invert=True x·max(sqrt(variance),
// epsilon) + mean. The shape is kept and a mask passes through (supports_masking = True).
//
// Weights, as Keras's build() makes them: when `mean` and `variance` are not given, three
// non-trainable weights — `mean` and `variance` shaped like the kept axis (zeros and ones until
// adapted) and a scalar `count` — so Keras's summary counts 2·d + 1 non-trainable parameters.
// When they are given, the layer has no weights at all: the values live in its config.
//
// rnnc adapts the layer itself when training starts (src/runtime/train/adapt.ts), where Keras
// asks for layer.adapt(x) before fit(). Deliberate differences: `axis` is one axis or None (Keras
// also takes a tuple of axes); a negative variance is refused (Keras would compute NaN); the
// input must be float32 (Keras casts integer input; an integer input here is nearly always an id
// meant for an Embedding).

import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireFloat, requireMinRank, single, weight, type Failure } from './define.ts';
import type { ConfigOf, ShapeResult, WeightSpec } from './layer-def.ts';
import { init } from './shared-args.ts';

const ARGS = [
  arg('axis', T.optional(T.int()), -1, 'The axis that gets a mean and variance per index (-1: the features); None: one mean and variance for every value.', {
    positional: true,
  }),
  arg('mean', T.optional(T.floats()), null, 'The mean to subtract: a number, or one per index of axis (None: computed from the training data).'),
  arg('variance', T.optional(T.floats(0)), null, 'The variance to divide by (its square root): given together with mean (None: computed from the training data).'),
  arg('invert', T.bool(), false, 'Undo the normalisation instead: x·sqrt(variance) + mean.'),
] as const;

type Config = ConfigOf<typeof ARGS>;

/** The kept axis as a positive index, null for axis=None, or a failure. */
export function normalizationAxis(x: TensorType, config: Pick<Config, 'axis'>): number | null | Failure {
  const given = config.axis;
  if (given === null) return null;
  const rank = x.shape.length;
  const axis = given < 0 ? rank + given : given;
  if (axis < 1 || axis >= rank) {
    return fail(E.ARGS, `Normalization cannot keep axis ${given} of ${fmt(x.shape)}`, {
      arg: 'axis',
      label: axis === 0 ? 'the batch axis' : 'no such axis',
      hint: `give an axis from 1 to ${rank - 1} (or -1 for the features), or None for one mean over every value`,
    });
  }
  if (x.shape[axis] === null) {
    return fail(E.DIM, `Normalization needs the size of axis ${given} known, but it is unknown in ${fmt(x.shape)}`, {
      arg: 'axis',
      label: 'unknown size on the kept axis',
      hint: 'give that axis a size in the input shape, or use axis=None',
    });
  }
  return axis;
}

const lengthOf = (v: number | readonly number[]): number | null => (typeof v === 'number' ? null : v.length);

/** `mean` and `variance` go together and have the same form (keras: ValueError in __init__). */
function checkGiven(x: TensorType, axis: number | null, config: Config): Failure | null {
  const { mean, variance } = config;
  if ((mean === null) !== (variance === null)) {
    const given = mean === null ? 'variance' : 'mean';
    const missing = mean === null ? 'mean' : 'variance';
    return fail('E0212', `Normalization takes \`${given}\` only together with \`${missing}\``, {
      arg: given,
      label: `\`${missing}\` is missing`,
      hint: `give both, e.g. \`mean=0.0, variance=1.0\`, or neither: rnnc then computes them from the training data`,
    });
  }
  if (mean === null || variance === null) return null;
  if (lengthOf(mean) !== lengthOf(variance)) {
    const describe = (v: number | readonly number[]) => (typeof v === 'number' ? 'a number' : `${v.length} numbers`);
    return fail('E0212', `Normalization's \`mean\` is ${describe(mean)} but its \`variance\` ${describe(variance)}`, {
      arg: 'variance',
      label: `expected ${describe(mean)}, like mean`,
      hint: 'give mean and variance in the same form: two numbers, or two tuples of the same length',
    });
  }
  const n = lengthOf(mean);
  if (n === null) return null;
  if (axis === null) {
    return fail(E.DIM, `Normalization with axis=None takes one mean and variance, but gets ${n} numbers`, {
      arg: 'mean',
      label: 'expected a single number',
      hint: 'write a number, or keep an axis (axis=-1) for one mean per feature',
    });
  }
  const d = x.shape[axis] as number;
  if (n !== 1 && n !== d) {
    return fail(E.DIM, `Normalization's \`mean\` has ${n} numbers, but axis ${config.axis} of ${fmt(x.shape)} has ${d} indices`, {
      arg: 'mean',
      label: `expected ${d} numbers (or one)`,
      hint: `give one number per index of axis ${config.axis}, or a single number for all of them`,
    });
  }
  return null;
}

function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
  const x = single('Normalization', inputs);
  if (isFailure(x)) return x;
  const problem = requireMinRank('Normalization', x, 2, '(batch, …, features)') ?? requireFloat('Normalization', x);
  if (problem) return problem;
  const axis = normalizationAxis(x, config);
  if (isFailure(axis)) return axis;
  const given = checkGiven(x, axis, config);
  if (given) return given;
  return ok(tensor(x.shape, 'float32', x.masked));
}

function weights(inputs: readonly TensorType[], config: Config): WeightSpec[] {
  // Given mean and variance are constants of the config: Keras's build() adds no weights then.
  if (config.mean !== null) return [];
  const x = inputs[0];
  const axis = x ? normalizationAxis(x, config) : null;
  const shape = typeof axis === 'number' ? [x!.shape[axis] as number] : [];
  return [
    weight('mean', shape, init('zeros'), null, false),
    weight('variance', shape, init('ones'), null, false),
    // Keras 3 keeps `count` "for backwards compatibility with older saved models"; one number.
    weight('count', [], init('zeros'), null, false),
  ];
}

export const NORMALIZATION = defineLayer({
  name: 'Normalization',
  category: 'normalization',
  autoName: 'normalization',
  doc: 'Shifts and scales each feature to mean 0 and variance 1 with the mean and variance of the training data (computed before training starts), or with the ones given.',
  args: ARGS,
  arity: 'one',
  acceptsMask: true, // normalization.py: self.supports_masking = True
  inferShape,
  weights,
});

/** Whether a layer is a Normalization whose mean and variance training must compute first
 *  (Keras's adapt()): neither was given. Structural, for the IR's layers and the emitter. */
export function adaptsOnData(layer: { readonly type: string; readonly config: object }): boolean {
  return layer.type === 'Normalization' && (layer.config as { readonly mean?: unknown }).mean === null;
}

interface Ref {
  readonly node: number;
  readonly index: number;
}

/**
 * What a Normalization that adapts on data (adaptsOnData) is adapted on — the one rule rnnc
 * train (runtime/train/adapt.ts) and the PyTorch program follow: the model input it reads
 * directly, inverting or not; else, when it inverts and gives a model output, that output's
 * training targets (target normalization, Keras's Normalization(invert=True) adapted on y and
 * put last); else nothing (E0518, E0903). Structural, for the IR's nodes.
 */
export function adaptedOn(
  model: { readonly outputs: readonly Ref[] },
  node: { readonly id: number; readonly layer: { readonly config: object }; readonly inputs: readonly Ref[] },
): { readonly from: 'input' | 'targets'; readonly index: number } | null {
  const from = node.inputs[0]!;
  if (from.node < 0) return { from: 'input', index: from.index };
  const inverts = (node.layer.config as { readonly invert?: boolean }).invert === true;
  const output = model.outputs.findIndex((r) => r.node === node.id);
  return inverts && output >= 0 ? { from: 'targets', index: output } : null;
}
