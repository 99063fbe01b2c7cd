// Merge layers: keras/src/layers/merging/. Element-wise merges first give every input the
// same rank by inserting axes after the batch axis (base_merge.py, call with
// _reshape_required), then broadcast; their gradients are summed back over the broadcast
// axes. Masks (compute_mask): an element-wise merge is masked only when every input is, with
// the OR of the masks; Concatenate broadcasts each mask over its input (all ones for an
// unmasked input), joins them along the axis and takes any() over the last axis.

import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel, Mask } from './kernel.ts';
import { sumToShape } from './kernel-utils.ts';

/** Inputs of lower rank get axes inserted at 1 until every input has the highest rank. */
function sameRank(inputs: readonly Tensor[]): Tensor[] {
  const rank = Math.max(...inputs.map((x) => x.rank));
  return inputs.map((x) => {
    let r = x;
    while (r.rank < rank) r = tf.expandDims(r, 1);
    return r;
  });
}

function orMask(masks: readonly Mask[]): Mask {
  if (masks.length === 0 || masks.some((m) => m === null)) return null;
  return (masks as Tensor[]).reduce((acc, m) => tf.maximum(acc, m));
}

/**
 * An element-wise merge from its forward fold and, given the aligned inputs, the forward
 * intermediates and dy (at the output's shape), each input's gradient at the output's shape.
 */
/** The merges without arguments: they read nothing of their config. */
type ElementwiseType = 'Add' | 'Subtract' | 'Multiply' | 'Average' | 'Maximum' | 'Minimum';

function elementwise<K extends ElementwiseType>(
  merge: (xs: Tensor[]) => Tensor,
  grads: (xs: Tensor[], y: Tensor, dy: Tensor) => Tensor[],
): LayerKernel<K> {
  return {
    forward(a) {
      const xs = sameRank(a.inputs);
      return { outputs: [merge(xs)], masks: [orMask(a.masks)], cache: xs };
    },
    backward(a) {
      const dy = a.dOutputs[0];
      if (!dy) return { dInputs: a.inputs.map(() => null), dWeights: [] };
      const xs = a.cache as Tensor[];
      const full = grads(xs, a.outputs[0]!, dy);
      return { dInputs: full.map((g, i) => tf.reshape(sumToShape(g, xs[i]!.shape), a.inputs[i]!.shape)), dWeights: [] };
    },
  };
}

const addAll = (xs: Tensor[]) => xs.reduce((acc, x) => tf.add(acc, x));
const mulAll = (xs: Tensor[]) => xs.reduce((acc, x) => tf.mul(acc, x));

/**
 * maximum.py / minimum.py fold left: out = op(op(x0, x1), x2)…; tf.maximum's gradient goes to
 * its first argument where x >= y (x <= y for minimum), so ties favour the earlier input.
 */
function extremum<K extends 'Maximum' | 'Minimum'>(op: 'max' | 'min'): LayerKernel<K> {
  const pick = (acc: Tensor, x: Tensor) => (op === 'max' ? tf.maximum(acc, x) : tf.minimum(acc, x));
  const firstWins = (acc: Tensor, x: Tensor) =>
    tf.cast(op === 'max' ? tf.greaterEqual(acc, x) : tf.lessEqual(acc, x), 'float32');
  return elementwise<K>(
    (xs) => xs.reduce(pick),
    (xs, _y, dy) => {
      // The running result before each input was folded in.
      const before: Tensor[] = [xs[0]!];
      for (let i = 1; i < xs.length - 1; i++) before.push(pick(before[i - 1]!, xs[i]!));
      const out: Tensor[] = new Array<Tensor>(xs.length);
      let g = dy;
      for (let i = xs.length - 1; i >= 1; i--) {
        const keep = firstWins(before[i - 1]!, xs[i]!);
        out[i] = tf.mul(g, tf.sub(1, keep));
        g = tf.mul(g, keep);
      }
      out[0] = g;
      return out;
    },
  );
}

export const ADD = elementwise<'Add'>(addAll, (xs, _y, dy) => xs.map(() => dy));
export const SUBTRACT = elementwise<'Subtract'>(
  (xs) => tf.sub(xs[0]!, xs[1]!),
  (_xs, _y, dy) => [dy, tf.neg(dy)],
);
export const MULTIPLY = elementwise<'Multiply'>(mulAll, (xs, _y, dy) =>
  xs.map((_, i) => tf.mul(dy, mulAll(xs.filter((_x, j) => j !== i)))),
);
export const AVERAGE = elementwise<'Average'>(
  (xs) => tf.div(addAll(xs), xs.length),
  (xs, _y, dy) => xs.map(() => tf.div(dy, xs.length)),
);
export const MAXIMUM = extremum<'Maximum'>('max');
export const MINIMUM = extremum<'Minimum'>('min');

/** concatenate.py compute_mask, with masks shaped like their inputs without the last axis. */
function concatMask(inputs: readonly Tensor[], masks: readonly Mask[], axis: number): Mask {
  if (masks.every((m) => m === null)) return null;
  const last = inputs[0]!.rank - 1;
  const full = inputs.map((x, i) => masks[i] ?? tf.ones(x.shape.slice(0, -1)));
  // Along the last axis, any() over the joined features is the OR of the per-input masks.
  if (axis === last) return full.reduce((acc, m) => tf.maximum(acc, m));
  return tf.concat(full, axis);
}

export const CONCATENATE: LayerKernel<'Concatenate'> = {
  forward(a) {
    const rank = a.inputs[0]!.rank;
    const given = a.layer.config.axis;
    const axis = given < 0 ? rank + given : given;
    return { outputs: [tf.concat([...a.inputs], axis)], masks: [concatMask(a.inputs, a.masks, axis)], cache: axis };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: a.inputs.map(() => null), dWeights: [] };
    const axis = a.cache as number;
    return { dInputs: tf.split(dy, a.inputs.map((x) => x.shape[axis]!), axis), dWeights: [] };
  },
};
