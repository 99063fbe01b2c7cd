// RepeatVector, Flatten and Reshape: keras/src/layers/reshaping/. None of the three sets
// supports_masking in Keras 3 (Keras warns and drops the mask; rnnc reports it), so their
// outputs are unmasked.

import { tensor, withBatch, type Dim, type TensorType } from '../tensor-type.ts';
import { required, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, requireRank, single } from './define.ts';
import type { ConfigOf, ShapeResult } from './layer-def.ts';

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
const known = (dims: readonly Dim[]): dims is number[] => dims.every((d) => d !== null);

// repeat_vector.py: InputSpec(ndim=2); (B, F) → (B, n, F).
const REPEAT_ARGS = [required('n', T.int(1), 'How many times to repeat the input.', { positional: true })] as const;

function inferRepeat(inputs: readonly TensorType[], config: ConfigOf<typeof REPEAT_ARGS>): ShapeResult {
  const x = single('RepeatVector', inputs);
  if (isFailure(x)) return x;
  const wrongRank = requireRank('RepeatVector', x, 2, '(batch, features)');
  if (wrongRank) return wrongRank;
  return ok(tensor([x.shape[0] ?? null, config.n, x.shape[1] ?? null], x.dtype));
}

// flatten.py: (B,) → (B, 1); otherwise (B, product of the rest). Keras gives (B, None) when an
// axis is unknown; we require them known (a deliberate difference), because nothing after a
// Flatten can use an unknown size, and the error is clearer here than at the next Dense.
function inferFlatten(inputs: readonly TensorType[]): ShapeResult {
  const x = single('Flatten', inputs);
  if (isFailure(x)) return x;
  const rest = x.shape.slice(1);
  if (!known(rest)) {
    return fail(E.DIM, `Flatten needs every axis but the batch known, but gets ${fmt(x.shape)}`, {
      label: 'an axis of unknown length',
      hint: 'give every axis a length in the input shape, or use GlobalAveragePooling1D over the time axis',
    });
  }
  return ok(tensor([x.shape[0] ?? null, product(rest)], x.dtype));
}

// reshape.py + ops/operation_utils.py compute_reshape_output_shape: the element count must be
// unchanged; one -1 is inferred from the rest; with an unknown input axis the -1 stays unknown.
const RESHAPE_ARGS = [required('target_shape', T.ints(), 'The new shape without the batch axis, e.g. (3, 4) or (-1, 2).', { positional: true })] as const;

function inferReshape(inputs: readonly TensorType[], config: ConfigOf<typeof RESHAPE_ARGS>): ShapeResult {
  const x = single('Reshape', inputs);
  if (isFailure(x)) return x;
  const target = config.target_shape ?? [];
  const wildcard = target.filter((d) => d === -1).length;
  if (!known(target) || wildcard > 1 || target.some((d) => d < 1 && d !== -1)) {
    return fail(E.ARGS, `Reshape needs positive sizes with at most one -1, but gets target_shape=${fmt(target)}`, {
      arg: 'target_shape',
    });
  }
  const rest = x.shape.slice(1);
  const batch = x.shape[0] ?? null;
  if (!known(rest)) return ok(tensor(withBatch(batch, target.map((d) => (d === -1 ? null : d))), x.dtype));
  const size = product(rest);
  const fixed = product(target.filter((d) => d !== -1));
  if (wildcard === 0 ? fixed !== size : size % fixed !== 0) {
    return fail(E.DIM, `Reshape cannot turn ${fmt(x.shape)} (${size} values per sample) into ${fmt([null, ...target])}`, {
      arg: 'target_shape',
      label: `target_shape holds ${wildcard === 0 ? fixed : `a multiple of ${fixed}`} values`,
    });
  }
  return ok(tensor(withBatch(batch, target.map((d) => (d === -1 ? size / fixed : d))), x.dtype));
}

export const REPEAT_VECTOR = defineLayer({
  name: 'RepeatVector',
  category: 'reshaping',
  autoName: 'repeat_vector',
  doc: 'Repeats a vector n times: (batch, features) → (batch, n, features); the bridge from an encoder to a decoder.',
  args: REPEAT_ARGS,
  arity: 'one',
  acceptsMask: false,
  inferShape: inferRepeat,
  weights: () => [],
});

export const FLATTEN = defineLayer({
  name: 'Flatten',
  category: 'reshaping',
  autoName: 'flatten',
  doc: 'Flattens every axis but the batch into one: (batch, 10, 64) → (batch, 640).',
  // data_format is not offered: inputs are always channels-last.
  args: [],
  arity: 'one',
  acceptsMask: false,
  inferShape: inferFlatten,
  weights: () => [],
});

export const RESHAPE = defineLayer({
  name: 'Reshape',
  category: 'reshaping',
  autoName: 'reshape',
  doc: 'Reshapes each sample to target_shape (the batch axis is kept); one size may be -1 and is inferred.',
  args: RESHAPE_ARGS,
  arity: 'one',
  acceptsMask: false,
  inferShape: inferReshape,
  weights: () => [],
});
