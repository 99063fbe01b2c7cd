// Masking: keras/src/layers/core/masking.py. Marks a time step as masked when every feature
// equals mask_value (compute_mask: any(not_equal(inputs, mask_value), axis=-1)), and zeroes it.
// It replaces any incoming mask. Keras accepts any rank; we require (B, T, F), since the mask it
// makes is a time-step mask only for that rank (a deliberate restriction).

import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { defineLayer, isFailure, ok, requireRank, single } from './define.ts';
import type { ShapeResult } from './layer-def.ts';

function inferShape(inputs: readonly TensorType[]): ShapeResult {
  const x = single('Masking', inputs);
  if (isFailure(x)) return x;
  const wrongRank = requireRank('Masking', x, 3, 'a sequence (batch, time, features)');
  if (wrongRank) return wrongRank;
  return ok(tensor(x.shape, x.dtype, true));
}

export const MASKING = defineLayer({
  name: 'Masking',
  category: 'masking',
  autoName: 'masking',
  doc: 'Skips time steps whose features all equal mask_value: later layers that take masks (RNNs) ignore them.',
  args: [arg('mask_value', T.float(), 0.0, 'A step whose every feature equals this value is masked.', { positional: true })],
  arity: 'one',
  acceptsMask: true, // masking.py: self.supports_masking = True
  inferShape,
  weights: () => [],
});
