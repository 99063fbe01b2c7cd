// Keras 3's activations (keras/src/activations/activations.py), forward and backward.
// Backward takes the pre-activation x, the output y = f(x) and the incoming gradient dy, and
// returns dx; each uses whichever of x and y makes it cheapest. The vocabulary of names is
// src/compiler/vocab/activations.ts; a name missing here is a runtime bug caught by a test that
// walks that vocabulary.

import { tf, type Tensor } from './tf.ts';

export interface Activation {
  forward(x: Tensor): Tensor;
  backward(x: Tensor, y: Tensor, dy: Tensor): Tensor;
}

// Keras's constants 1.6732632423543772848170429916717 and 1.0507009873554804934193349852946, as
// the doubles they round to.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const LEAKY_SLOPE = 0.2; // Keras 3's leaky_relu default negative_slope

const between = (x: Tensor, lo: number, hi: number) =>
  tf.cast(tf.logicalAnd(tf.greater(x, lo), tf.less(x, hi)), 'float32');

/** relu6(x + 3) / 6: Keras 3's hard_sigmoid (Keras 2 used 0.2·x + 0.5). */
const hardSigmoid = (x: Tensor) => tf.div(tf.relu6(tf.add(x, 3)), 6);

const softmaxBackward = (y: Tensor, dy: Tensor) =>
  tf.mul(y, tf.sub(dy, tf.sum(tf.mul(dy, y), -1, true)));

export const ACTIVATIONS: Readonly<Record<string, Activation>> = {
  linear: { forward: (x) => x, backward: (_x, _y, dy) => dy },
  tanh: {
    forward: (x) => tf.tanh(x),
    backward: (_x, y, dy) => tf.mul(dy, tf.sub(1, tf.square(y))),
  },
  sigmoid: {
    forward: (x) => tf.sigmoid(x),
    backward: (_x, y, dy) => tf.mul(dy, tf.mul(y, tf.sub(1, y))),
  },
  hard_sigmoid: {
    forward: hardSigmoid,
    backward: (x, _y, dy) => tf.mul(dy, tf.div(between(x, -3, 3), 6)),
  },
  relu: {
    forward: (x) => tf.relu(x),
    backward: (x, _y, dy) => tf.mul(dy, tf.step(x)),
  },
  relu6: {
    forward: (x) => tf.relu6(x),
    backward: (x, _y, dy) => tf.mul(dy, between(x, 0, 6)),
  },
  leaky_relu: {
    forward: (x) => tf.leakyRelu(x, LEAKY_SLOPE),
    backward: (x, _y, dy) => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, LEAKY_SLOPE))),
  },
  elu: {
    forward: (x) => tf.elu(x),
    backward: (x, y, dy) => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.add(y, 1))),
  },
  selu: {
    forward: (x) =>
      tf.mul(SELU_SCALE, tf.where(tf.greater(x, 0), x, tf.mul(SELU_ALPHA, tf.sub(tf.exp(x), 1)))),
    backward: (x, y, dy) =>
      tf.mul(dy, tf.where(tf.greater(x, 0), tf.fill(x.shape, SELU_SCALE), tf.add(y, SELU_SCALE * SELU_ALPHA))),
  },
  gelu: {
    // Keras 3's default is the exact form, approximate=False: x·Φ(x).
    forward: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
    backward: (x, _y, dy) => {
      const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
      const pdf = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))));
      return tf.mul(dy, tf.add(cdf, tf.mul(x, pdf)));
    },
  },
  softplus: {
    forward: (x) => tf.softplus(x),
    backward: (x, _y, dy) => tf.mul(dy, tf.sigmoid(x)),
  },
  softsign: {
    forward: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
    backward: (x, _y, dy) => tf.div(dy, tf.square(tf.add(tf.abs(x), 1))),
  },
  silu: {
    forward: (x) => tf.mul(x, tf.sigmoid(x)),
    backward: (x, _y, dy) => {
      const s = tf.sigmoid(x);
      return tf.mul(dy, tf.add(s, tf.mul(x, tf.mul(s, tf.sub(1, s)))));
    },
  },
  hard_silu: {
    forward: (x) => tf.mul(x, hardSigmoid(x)),
    backward: (x, _y, dy) =>
      tf.mul(dy, tf.add(hardSigmoid(x), tf.mul(x, tf.div(between(x, -3, 3), 6)))),
  },
  mish: {
    forward: (x) => tf.mul(x, tf.tanh(tf.softplus(x))),
    backward: (x, _y, dy) => {
      const t = tf.tanh(tf.softplus(x));
      return tf.mul(dy, tf.add(t, tf.mul(x, tf.mul(tf.sub(1, tf.square(t)), tf.sigmoid(x)))));
    },
  },
  exponential: { forward: (x) => tf.exp(x), backward: (_x, y, dy) => tf.mul(dy, y) },
  softmax: { forward: (x) => tf.softmax(x), backward: (_x, y, dy) => softmaxBackward(y, dy) },
  log_softmax: {
    forward: (x) => tf.logSoftmax(x),
    backward: (_x, y, dy) => tf.sub(dy, tf.mul(tf.exp(y), tf.sum(dy, -1, true))),
  },
};

/** The activation for a canonical name from the checked config; `null` means linear. */
export function activation(name: string | null): Activation {
  const a = ACTIVATIONS[name ?? 'linear'];
  if (!a) throw new Error(`no runtime activation '${name}' (the checker let an unknown name through)`);
  return a;
}
