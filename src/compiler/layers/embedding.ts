// Embedding: keras/src/layers/core/embedding.py. Integer ids of any shape (B, …) → (B, …,
// output_dim) through a table `embeddings` [input_dim, output_dim]. With mask_zero=True the
// output is masked where the id is 0 (compute_mask: not_equal(inputs, 0)).
//
// Deliberate differences: Keras silently casts float ids to int32; we report float input as an
// error (E0305), since it nearly always means the model's Input lacks dtype=int32. Keras sets
// supports_masking = mask_zero, i.e. only about the mask it makes; an incoming mask is never
// meaningful for ids, so acceptsMask is false. Not offered: lora_rank, lora_alpha,
// quantization_config, and the deprecated input_length.
//
// `weights`: Keras takes "an optional floating-point matrix of size (input_dim, output_dim), the
// initial embeddings values" and calls set_weights with it. A .rnn file cannot hold a matrix, so it
// names a .npy file (relative to the .rnn file, as a train block's data paths are); training loads
// it in place of the initializer's draw (src/runtime/model/pretrained.ts), and the common argument
// `trainable=false` freezes it, as `Embedding(…, weights=[m], trainable=False)` does in Keras.

import { tensor, withLast, type TensorType } from '../tensor-type.ts';
import { arg, required, T } from './args.ts';
import { defineLayer, E, fail, isFailure, ok, single, weight } from './define.ts';
import type { ConfigOf, ShapeResult, WeightSpec } from './layer-def.ts';
import { ACTIVITY_REGULARIZER, constraint, initializer, regularizer } from './shared-args.ts';

const ARGS = [
  required('input_dim', T.int(1), 'Vocabulary size: the largest id plus one.', { positional: true }),
  required('output_dim', T.int(1), 'Size of each embedding vector.', { positional: true }),
  // Keras's default is the string "uniform": RandomUniform(minval=-0.05, maxval=0.05).
  initializer('embeddings_initializer', 'uniform', 'Initializer for the embedding table.'),
  regularizer('embeddings_regularizer', 'Penalty on the embedding table.'),
  constraint('embeddings_constraint', 'Constraint on the embedding table after each update.'),
  arg('mask_zero', T.bool(), false, 'Treat id 0 as padding: mask those steps for the layers that follow (input_dim must count it).'),
  arg('weights', T.optional(T.string()), null, 'A .npy file (relative to the .rnn file) holding the initial table, shape (input_dim, output_dim); with trainable=false it stays frozen.'),
  ACTIVITY_REGULARIZER,
] as const;

type Config = ConfigOf<typeof ARGS>;

function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
  const x = single('Embedding', inputs);
  if (isFailure(x)) return x;
  if (x.dtype !== 'int32') {
    return fail(E.DTYPE, `Embedding needs integer ids, but gets ${x.dtype} values`, {
      label: `expects int32 ids, gets ${x.dtype}`,
      hint: 'declare the input as integers: Input(shape=(None,), dtype=int32)',
    });
  }
  const shape = withLast(x.shape, config.output_dim);
  return ok(tensor(shape, 'float32', config.mask_zero));
}

function weights(_inputs: readonly TensorType[], config: Config): WeightSpec[] {
  return [
    weight(
      'embeddings',
      [config.input_dim, config.output_dim],
      config.embeddings_initializer,
      config.embeddings_regularizer,
    ),
  ];
}

export const EMBEDDING = defineLayer({
  name: 'Embedding',
  category: 'embedding',
  autoName: 'embedding',
  doc: 'Turns integer ids in [0, input_dim) into dense vectors of size output_dim: (batch, time) int32 → (batch, time, output_dim).',
  args: ARGS,
  arity: 'one',
  acceptsMask: false,
  inferShape,
  weights,
});
