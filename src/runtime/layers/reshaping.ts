// RepeatVector, Flatten and Reshape (keras/src/layers/reshaping/): pure data movement, so each
// backward pass is the inverse movement. None of the three supports masking in Keras 3: their
// outputs carry no mask.

import { tf } from '../tf.ts';
import type { ForwardArgs, LayerKernel } from './kernel.ts';
import { only } from './kernel-utils.ts';

/** A kernel whose output is its input reshaped; the gradient is reshaped back. */
function reshaping<K extends 'Flatten' | 'Reshape'>(shapeOf: (batch: number, a: ForwardArgs<K>) => number[]): LayerKernel<K> {
  return {
    forward(a) {
      const x = only(a.inputs, a.layer);
      return { outputs: [tf.reshape(x, shapeOf(x.shape[0], a))], masks: [null], cache: null };
    },
    backward(a) {
      const dy = a.dOutputs[0];
      return { dInputs: [dy ? tf.reshape(dy, a.inputs[0]!.shape) : null], dWeights: [] };
    },
  };
}

/** flatten.py: (B, …) → (B, product of the rest). */
export const FLATTEN = reshaping<'Flatten'>((batch) => [batch, -1]);

/** reshape.py: (B, …) → (B, *target_shape); tfjs infers the one -1 as Keras does. */
export const RESHAPE = reshaping<'Reshape'>((batch, a) => [batch, ...a.layer.config.target_shape]);

/** repeat_vector.py: (B, F) → (B, n, F) (by broadcasting: WASM's tile is slow); the gradient sums the n copies. */
export const REPEAT_VECTOR: LayerKernel<'RepeatVector'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const n = a.layer.config.n;
    return { outputs: [tf.mul(tf.expandDims(x, 1), tf.ones([1, n, 1]))], masks: [null], cache: null };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    return { dInputs: [dy ? tf.sum(dy, 1) : null], dWeights: [] };
  },
};
