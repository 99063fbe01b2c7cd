// Normalization: keras/src/layers/preprocessing/normalization.py, call():
//   (inputs - mean) / maximum(sqrt(variance), backend.epsilon())
// or, with invert=True, mean + inputs · maximum(sqrt(variance), backend.epsilon()). mean and
// variance are the layer's non-trainable weights (adapted before training, src/runtime/train/
// adapt.ts) or, when given, the config's numbers. The mask passes through. No weight has a
// gradient: the input's is dy / scale (dy · scale inverted).

import type { CheckedLayerOf } from '../../compiler/ir.ts';
import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only, passMask, weightNamed } from './kernel-utils.ts';

/** keras/src/backend/config.py: epsilon() is 1e-7 unless set; call() floors sqrt(variance) at it. */
export const NORMALIZATION_EPSILON = 1e-7;

/** The shape mean and variance broadcast to: the kept axis's size there, 1 elsewhere. */
function broadcastShape(layer: CheckedLayerOf<'Normalization'>, x: Tensor, size: number): number[] {
  const given = layer.config.axis;
  if (given === null) return x.shape.map(() => 1);
  const axis = given < 0 ? x.rank + given : given;
  return x.shape.map((_, i) => (i === axis ? size : 1));
}

/** mean and max(sqrt(variance), epsilon), shaped to broadcast against x. */
function statistics(layer: CheckedLayerOf<'Normalization'>, weights: readonly Tensor[], x: Tensor): { mean: Tensor; scale: Tensor } {
  const { mean: givenMean, variance: givenVariance } = layer.config;
  let mean: Tensor;
  let variance: Tensor;
  if (givenMean !== null && givenVariance !== null) {
    mean = typeof givenMean === 'number' ? tf.scalar(givenMean) : tf.tensor1d([...givenMean]);
    variance = typeof givenVariance === 'number' ? tf.scalar(givenVariance) : tf.tensor1d([...givenVariance]);
  } else {
    mean = weightNamed(layer, weights, 'mean')!;
    variance = weightNamed(layer, weights, 'variance')!;
  }
  const shape = broadcastShape(layer, x, mean.size);
  return {
    mean: tf.reshape(mean, shape),
    scale: tf.maximum(tf.sqrt(tf.reshape(variance, shape)), NORMALIZATION_EPSILON),
  };
}

export const NORMALIZATION: LayerKernel<'Normalization'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const { mean, scale } = statistics(a.layer, a.weights, x);
    const y = a.layer.config.invert ? tf.add(mean, tf.mul(x, scale)) : tf.div(tf.sub(x, mean), scale);
    return { outputs: [y], masks: [passMask(a.masks)], cache: scale };
  },

  backward(a) {
    const dy = a.dOutputs[0];
    const dWeights = a.weights.map(() => null);
    if (!dy) return { dInputs: [null], dWeights };
    const scale = a.cache as Tensor;
    return { dInputs: [a.layer.config.invert ? tf.mul(dy, scale) : tf.div(dy, scale)], dWeights };
  },
};

// TextVectorization: the text became ids on the host before batching (src/runtime/text), so the
// batch the layer gets is already its output, (batch, length) int32. No mask (Keras's layer makes
// none; an Embedding with mask_zero=True masks the padding), and ids have no gradient.
export const TEXT_VECTORIZATION: LayerKernel<'TextVectorization'> = {
  forward(a) {
    const ids = only(a.inputs, a.layer);
    return { outputs: [tf.cast(ids, 'int32')], masks: [null], cache: null };
  },
  backward(a) {
    return { dInputs: [null], dWeights: a.weights.map(() => null) };
  },
};
