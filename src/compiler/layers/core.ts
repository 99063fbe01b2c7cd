// Shape-preserving core layers: Dropout (keras/src/layers/regularization/dropout.py) and
// Activation (keras/src/layers/activations/activation.py). Both set supports_masking = True
// and keep Layer's default compute_mask, so a mask passes through unchanged.

import { tensor, type TensorType } from '../tensor-type.ts';
import { required, T } from './args.ts';
import { defineLayer, isFailure, ok, single } from './define.ts';
import type { ShapeResult } from './layer-def.ts';
import { SEED } from './shared-args.ts';

function identity(name: string) {
  return (inputs: readonly TensorType[]): ShapeResult => {
    const x = single(name, inputs);
    if (isFailure(x)) return x;
    return ok(tensor(x.shape, x.dtype, x.masked));
  };
}

export const DROPOUT = defineLayer({
  name: 'Dropout',
  category: 'regularization',
  autoName: 'dropout',
  doc: 'During training, sets a random fraction `rate` of its inputs to 0 and scales the rest by 1/(1 - rate); does nothing at inference.',
  // Keras allows rate=1 (drop everything); we require [0, 1), as for the recurrent dropouts.
  // noise_shape is not offered.
  args: [required('rate', T.rate(), 'Fraction of the inputs to drop, in [0, 1).', { positional: true }), SEED],
  arity: 'one',
  acceptsMask: true,
  inferShape: identity('Dropout'),
  weights: () => [],
});

export const ACTIVATION = defineLayer({
  name: 'Activation',
  category: 'core',
  autoName: 'activation',
  doc: 'Applies an activation function element-wise; the shape is unchanged.',
  args: [
    required('activation', T.vocab('activation'), 'The activation function, e.g. relu or softmax (None: linear).', {
      positional: true,
    }),
  ],
  arity: 'one',
  acceptsMask: true,
  inferShape: identity('Activation'),
  weights: () => [],
});
