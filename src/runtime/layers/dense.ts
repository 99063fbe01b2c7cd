// Dense: keras/src/layers/core/dense.py. output = activation(x·kernel + bias) on the last axis
// of an input of any rank; the mask passes through. Every product is a plain 2-D matMul with
// untransposed operands — the only form XNNPACK runs fast on WASM (docs/performance.md) —
// so the backward pass transposes explicitly instead of using matMul's transpose flags.

import { activation } from '../activations.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only, passMask, trainableOnly, weightNamed } from './kernel-utils.ts';

interface DenseCache {
  /** The input flattened to [N, features]. */
  readonly x2: Tensor;
  /** The pre-activation, [..., units]. */
  readonly z: Tensor;
}

export const DENSE: LayerKernel<'Dense'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const kernel = a.weights[0]!;
    const bias = weightNamed(a.layer, a.weights, 'bias');
    const features = x.shape[x.rank - 1]!;
    const units = kernel.shape[1]!;
    const x2 = tf.reshape(x, [-1, features]);
    const z2 = bias ? tf.add(tf.matMul(x2, kernel), bias) : tf.matMul(x2, kernel);
    const z = tf.reshape(z2, [...x.shape.slice(0, -1), units]);
    const y = activation(a.layer.config.activation).forward(z);
    const cache: DenseCache = { x2, z };
    return { outputs: [y], masks: [passMask(a.masks)], cache };
  },

  backward(a) {
    const { x2, z } = a.cache as DenseCache;
    const x = a.inputs[0]!;
    const kernel = a.weights[0]!;
    const dy = a.dOutputs[0];
    if (!dy) return { dInputs: [null], dWeights: a.weights.map(() => null) };
    const dz = activation(a.layer.config.activation).backward(z, a.outputs[0]!, dy);
    const dz2 = tf.reshape(dz, [-1, kernel.shape[1]!]);
    const dx = tf.reshape(tf.matMul(dz2, tf.transpose(kernel)), x.shape);
    const dKernel = tf.matMul(tf.transpose(x2), dz2);
    const grads = a.weights.length > 1 ? [dKernel, tf.sum(dz2, 0)] : [dKernel];
    return { dInputs: [dx], dWeights: trainableOnly(a.layer, grads) };
  },
};
