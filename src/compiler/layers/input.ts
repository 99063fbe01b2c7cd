// Input: keras/src/layers/core/input_layer.py (`keras.Input(shape, batch_size, dtype, name)`).
// A layer with no inputs whose single output is the batch-prefixed shape: shape=(None, 8) with
// no batch_size gives (None, None, 8). sparse, ragged, batch_shape and tensor are not offered.

import { tensor, withBatch, type DType, type TensorType } from '../tensor-type.ts';
import { arg, required, T } from './args.ts';
import { defineLayer, E, fail, ok } from './define.ts';
import type { ConfigOf, ShapeResult } from './layer-def.ts';

const ARGS = [
  required('shape', T.shape(), 'The shape of one sample, without the batch axis: (5, 1), (None,), (None, 8).', { positional: true }),
  arg('batch_size', T.optional(T.int(1)), null, 'A fixed batch size (needed by stateful recurrent layers); None: any.'),
  arg('dtype', T.vocab('dtype'), 'float32', 'The element type: float32, or int32 for token ids.'),
] as const;

function inferShape(_inputs: readonly TensorType[], config: ConfigOf<typeof ARGS>): ShapeResult {
  const shape = config.shape;
  if (!shape) return fail(E.ARGS, 'Input needs a shape, e.g. Input(shape=(None, 8))', { arg: 'shape' });
  if (shape.some((d) => d !== null && d < 1)) {
    return fail(E.ARGS, `Input needs positive sizes or None, but gets shape=${shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`}`, {
      arg: 'shape',
    });
  }
  const dtype = config.dtype as DType;
  return ok(tensor(withBatch(config.batch_size, shape), dtype));
}

export const INPUT = defineLayer({
  name: 'Input',
  category: 'input',
  autoName: 'input_layer',
  doc: 'A model input: shape without the batch axis (None for a length that varies), and its dtype (int32 for token ids).',
  args: ARGS,
  arity: 'many',
  acceptsMask: false,
  inferShape,
  weights: () => [],
});
