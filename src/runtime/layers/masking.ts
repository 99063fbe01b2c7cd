// Masking: keras/src/layers/core/masking.py. A step is kept when any feature differs from
// mask_value (compute_mask: any(not_equal(inputs, mask_value), axis=-1)); call() also zeroes
// the masked steps, so the output is inputs · mask. The incoming mask is replaced.

import { tf, type Tensor } from '../tf.ts';
import type { LayerKernel } from './kernel.ts';
import { only } from './kernel-utils.ts';

export const MASKING: LayerKernel<'Masking'> = {
  forward(a) {
    const x = only(a.inputs, a.layer);
    const kept = tf.max(tf.cast(tf.notEqual(x, a.layer.config.mask_value), 'float32'), -1, true);
    const mask = tf.squeeze(kept, [x.rank - 1]);
    return { outputs: [tf.mul(x, kept)], masks: [mask], cache: kept };
  },
  backward(a) {
    const dy = a.dOutputs[0];
    return { dInputs: [dy ? tf.mul(dy, a.cache as Tensor) : null], dWeights: [] };
  },
};
