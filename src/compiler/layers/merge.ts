// Merge layers: keras/src/layers/merging/. All set supports_masking = True.
// Concatenate (concatenate.py): same rank, every axis but `axis` compatible; the output is
// masked if any input is (compute_mask concatenates the masks, unmasked inputs count as ones).
// Element-wise merges (base_merge.py, _compute_elemwise_op_output_shape): shapes without the
// batch are aligned from the right and broadcast (equal, 1, or unknown); the output is masked
// only if every input is (compute_mask returns None when any mask is None).
// Keras 3 accepts a single input; TensorFlow.js, which runs the model, needs two or more, so we
// require two (a deliberate difference). Subtract takes exactly two, as in Keras.

import { tensor, type Dim, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { defineLayer, E, fail, fmt, ok, type Failure } from './define.ts';
import type { ArgSpec, ConfigOf, LayerDef, ShapeResult } from './layer-def.ts';

function checkInputs(name: string, inputs: readonly TensorType[], exactly?: number): Failure | null {
  const want = exactly ?? 2;
  if (exactly ? inputs.length !== want : inputs.length < want) {
    return fail(E.ARGS, `${name} needs ${exactly ? 'exactly' : 'at least'} ${want} inputs, but gets ${inputs.length}`, {
      label: `expects ${exactly ? '' : 'at least '}${want} inputs`,
    });
  }
  const dtypes = new Set(inputs.map((t) => t.dtype));
  if (dtypes.size > 1) {
    return fail(E.DTYPE, `${name} needs inputs of one dtype, but gets ${[...dtypes].join(' and ')}`);
  }
  return null;
}

const shapes = (inputs: readonly TensorType[]) => inputs.map((t) => fmt(t.shape)).join(' and ');

const CONCATENATE_ARGS = [arg('axis', T.int(), -1, 'The axis to join along (-1: the last).', { positional: true })] as const;

function inferConcatenate(inputs: readonly TensorType[], config: ConfigOf<typeof CONCATENATE_ARGS>): ShapeResult {
  const bad = checkInputs('Concatenate', inputs);
  if (bad) return bad;
  const first = inputs[0] as TensorType;
  const rank = first.shape.length;
  if (inputs.some((t) => t.shape.length !== rank)) {
    return fail(E.RANK, `Concatenate needs inputs of the same rank, but gets ${shapes(inputs)}`);
  }
  const given = config.axis;
  const axis = given < 0 ? rank + given : given;
  if (axis < 1 || axis >= rank) {
    return fail(E.ARGS, `Concatenate cannot join ${shapes(inputs)} on axis ${given}: it must be a non-batch axis`, { arg: 'axis' });
  }
  const out: Dim[] = [...first.shape];
  for (let i = 1; i < rank; i++) {
    if (i === axis) {
      const dims = inputs.map((t) => t.shape[i] ?? null);
      out[i] = dims.includes(null) ? null : (dims as number[]).reduce((a, b) => a + b, 0);
      continue;
    }
    const sizes = new Set(inputs.map((t) => t.shape[i]).filter((d): d is number => typeof d === 'number'));
    if (sizes.size > 1) {
      return fail(E.DIM, `Concatenate needs matching shapes except on axis ${given}, but gets ${shapes(inputs)}`, {
        hint: `axis ${i} differs: ${[...sizes].join(' vs ')}`,
      });
    }
    out[i] = sizes.size === 1 ? [...sizes][0]! : null;
  }
  return ok(tensor(out, first.dtype, inputs.some((t) => t.masked)));
}

/** base_merge.py _compute_elemwise_op_output_shape, on shapes without the batch axis. */
function broadcast(a: readonly Dim[], b: readonly Dim[]): Dim[] | null {
  if (a.length < b.length) return broadcast(b, a);
  const out: Dim[] = a.slice(0, a.length - b.length);
  for (let k = 0; k < b.length; k++) {
    const i = a[a.length - b.length + k] ?? null;
    const j = b[k] ?? null;
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1 || i === j) out.push(i);
    else return null;
  }
  return out;
}

function inferElementwise(name: string, exactly?: number) {
  return (inputs: readonly TensorType[]): ShapeResult => {
    const bad = checkInputs(name, inputs, exactly);
    if (bad) return bad;
    let out: Dim[] | null = inputs[0]!.shape.slice(1);
    for (const t of inputs.slice(1)) {
      out = out && broadcast(out, t.shape.slice(1));
      if (!out) return fail(E.DIM, `${name} needs inputs of compatible shapes, but gets ${shapes(inputs)}`);
    }
    const batch = inputs.map((t) => t.shape[0]).find((d) => typeof d === 'number') ?? null;
    return ok(tensor([batch, ...(out ?? [])], inputs[0]!.dtype, inputs.every((t) => t.masked)));
  };
}

function mergeLayer<const N extends string, const Specs extends readonly ArgSpec[]>(
  name: N,
  autoName: string,
  doc: string,
  inferShape: LayerDef<N, Specs>['inferShape'],
  args: Specs,
) {
  return defineLayer({
    name, category: 'merge', autoName, doc, args, arity: 'many', acceptsMask: true, inferShape, weights: () => [],
  });
}

export const CONCATENATE = mergeLayer(
  'Concatenate',
  'concatenate',
  'Joins its inputs along one axis (the last by default); every other axis must match.',
  inferConcatenate,
  CONCATENATE_ARGS,
);
export const ADD = mergeLayer('Add', 'add', 'Adds its inputs element-wise (shapes must match or broadcast).', inferElementwise('Add'), []);
export const SUBTRACT = mergeLayer('Subtract', 'subtract', 'Subtracts its second input from its first, element-wise.', inferElementwise('Subtract', 2), []);
export const MULTIPLY = mergeLayer('Multiply', 'multiply', 'Multiplies its inputs element-wise.', inferElementwise('Multiply'), []);
export const AVERAGE = mergeLayer('Average', 'average', 'Averages its inputs element-wise.', inferElementwise('Average'), []);
export const MAXIMUM = mergeLayer('Maximum', 'maximum', 'Element-wise maximum of its inputs.', inferElementwise('Maximum'), []);
export const MINIMUM = mergeLayer('Minimum', 'minimum', 'Element-wise minimum of its inputs.', inferElementwise('Minimum'), []);
