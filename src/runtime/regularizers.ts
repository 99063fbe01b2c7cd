// Weight regularizers: keras/src/regularizers/regularizers.py, with every name of
// src/compiler/vocab/regularizers.ts. `penalty` is what Keras adds to the loss; `gradient` is
// its derivative with respect to the weight, which the trainer adds to the weight's gradient.
// abs' derivative at 0 is taken as 0 (sign(0), as TensorFlow's gradient of abs).

import type { ConfigValue, FnValue } from '../compiler/config-value.ts';
import { tf, type Tensor } from './tf.ts';

type Args = Readonly<Record<string, ConfigValue>>;

interface Regularizer {
  penalty(w: Tensor, args: Args): Tensor;
  gradient(w: Tensor, args: Args): Tensor;
}

const factor = (args: Args, key: string, fallback: number) => (typeof args[key] === 'number' ? (args[key]) : fallback);

const l1Penalty = (w: Tensor, l1: number) => tf.mul(l1, tf.sum(tf.abs(w)));
const l2Penalty = (w: Tensor, l2: number) => tf.mul(l2, tf.sum(tf.square(w)));
const l1Gradient = (w: Tensor, l1: number) => tf.mul(l1, tf.sign(w));
const l2Gradient = (w: Tensor, l2: number) => tf.mul(2 * l2, w);

/** Keras's backend.epsilon(): normalize() caps 1/‖v‖ at 1/epsilon. */
const EPSILON = 1e-7;

/**
 * OrthogonalRegularizer: factor · 0.5 · sum|NNᵀ off the diagonal| / (n(n-1)/2), where N holds
 * the L2-normalised rows (mode rows) or columns (mode columns) of a 2-D weight. Both modes are
 * computed on rows, the columns mode on the transposed weight.
 */
function orthogonalParts(w: Tensor, args: Args) {
  if (w.rank !== 2) throw new Error(`orthogonal_regularizer applies to 2-D weights, not shape (${w.shape.join(', ')})`);
  const columns = args['mode'] === 'columns';
  const v = columns ? tf.transpose(w) : w;
  const n = v.shape[0];
  const invNorm = tf.minimum(tf.rsqrt(tf.sum(tf.square(v), 1, true)), 1 / EPSILON);
  const normalized = tf.mul(v, invNorm);
  const offDiagonal = tf.sub(1, tf.eye(n));
  const product = tf.mul(tf.matMul(normalized, tf.transpose(normalized)), offDiagonal);
  const scale = (factor(args, 'factor', 0.01) * 0.5) / ((n * (n - 1)) / 2);
  return { columns, v, invNorm, normalized, offDiagonal, product, scale };
}

const orthogonal: Regularizer = {
  penalty(w, args) {
    const { product, scale } = orthogonalParts(w, args);
    return tf.mul(scale, tf.sum(tf.abs(product)));
  },
  gradient(w, args) {
    const { columns, v, invNorm, normalized, offDiagonal, product, scale } = orthogonalParts(w, args);
    // d/dP of scale·sum|P ∘ offDiagonal|, symmetric; P = N·Nᵀ gives dN = 2·dP·N.
    const dProduct = tf.mul(scale, tf.mul(tf.sign(product), offDiagonal));
    const dNormalized = tf.mul(2, tf.matMul(dProduct, normalized));
    // N = v·s with s = min(‖v‖⁻¹, 1/ε): dv = s·dN - s³·(dN·v)·v while the cap is not hit.
    const capped = tf.cast(tf.greaterEqual(invNorm, 1 / EPSILON), 'float32');
    const radial = tf.mul(tf.mul(tf.pow(invNorm, 3), tf.sum(tf.mul(dNormalized, v), 1, true)), v);
    const dv = tf.sub(tf.mul(invNorm, dNormalized), tf.mul(tf.sub(1, capped), radial));
    return columns ? tf.transpose(dv) : dv;
  },
};

const REGULARIZERS: Readonly<Record<string, Regularizer>> = {
  l1: {
    penalty: (w, args) => l1Penalty(w, factor(args, 'l1', 0.01)),
    gradient: (w, args) => l1Gradient(w, factor(args, 'l1', 0.01)),
  },
  l2: {
    penalty: (w, args) => l2Penalty(w, factor(args, 'l2', 0.01)),
    gradient: (w, args) => l2Gradient(w, factor(args, 'l2', 0.01)),
  },
  // L1L2's class defaults are 0.0 and 0.0 (the vocabulary fills them in).
  l1_l2: {
    penalty: (w, args) => tf.add(l1Penalty(w, factor(args, 'l1', 0)), l2Penalty(w, factor(args, 'l2', 0))),
    gradient: (w, args) => tf.add(l1Gradient(w, factor(args, 'l1', 0)), l2Gradient(w, factor(args, 'l2', 0))),
  },
  orthogonal_regularizer: orthogonal,
};

function regularizer(fn: FnValue): Regularizer {
  const r = REGULARIZERS[fn.name];
  if (!r) throw new Error(`no runtime regularizer '${fn.name}' (the checker let an unknown name through)`);
  return r;
}

/** The scalar Keras adds to the loss for weight `w`. */
export function penalty(fn: FnValue, w: Tensor): Tensor {
  return regularizer(fn).penalty(w, fn.args);
}

/** d penalty / d w, shaped like `w`. */
export function gradient(fn: FnValue, w: Tensor): Tensor {
  return regularizer(fn).gradient(w, fn.args);
}

/** Every regularizer name the runtime knows. */
export const REGULARIZER_NAMES: readonly string[] = Object.keys(REGULARIZERS);
