// One direction of a SimpleRNN, LSTM or GRU layer as ONNX: its own RNN, LSTM or GRU operator, whose
// semantics are Keras's once the weights are laid out ONNX's way:
//   - gates: Keras's LSTM kernel columns are i, f, c, o, ONNX's rows i, o, f, c; GRU is z, r, h in
//     both. Keras's kernel [F, g·u] is ONNX's W [1, g·u, F] transposed, recurrent_kernel likewise R.
//   - biases: ONNX adds Wb and Rb. Keras's one bias is Wb (Rb zero); GRU with reset_after=true has
//     an input and a recurrent bias ([2, 3u]) — Wb and Rb, with linear_before_reset=1 (the reset gate
//     multiplies h·R_h + Rb_h); reset_after=false is linear_before_reset=0 (it multiplies h first).
//
// Masks follow Keras's loop (keras/src/backend/tensorflow/rnn.py, rnn(); src/runtime/layers/
// recurrent/driver.ts): at a masked step every state keeps its value, and the output is the state
// carried (zeros before the first real step), or zeros with zero_output_for_mask. So the output is
// the carried h where a gate allows it and zeros elsewhere — the gate is the step's mask
// (zero_output_for_mask), else "a real step has been read" — and the graph computes the carried h
// one of two ways, chosen per batch by an If on the masks:
//   - every mask a prefix (padded at the end): the operator over the whole sequence with
//     sequence_lens, the number of real steps; its Y_h is the carried state, and the carried h past
//     the end is its last real output, gathered. ONNX's fast path.
//   - any other mask (a hole, padding in front): a Scan over the steps whose body runs the same
//     operator for one step and keeps the old states where the step is masked (Where). Exact for
//     every mask, one operator call per step.

import type { CheckedLayer } from '../../compiler/ir.ts';
import type { GraphBuilder, Attr } from './graph.ts';
import { argBool, argNumber, argString, RNN_ACTIVATIONS } from './plan.ts';
import { DTYPE, type DimObject, type ValueInfoObject } from './proto.ts';

/** A weight under its saved name (`lstm/kernel`). */
export interface NamedWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** What a mask [B, T] means to a recurrent layer, computed once per mask. */
export interface MaskInfo {
  /** bool [B, T]: which steps are real. */
  readonly mask: string;
  /** bool [T, B, 1]: the same, time-major, as a Scan reads it. */
  readonly timeMajor: string;
  /** int32 [B]: real steps, at least 1 (an empty example runs one step, whose results are dropped). */
  readonly lens: string;
  /** bool [B, 1]: the example has a real step. */
  readonly nonEmpty: string;
  /** bool scalar: every example's mask is a prefix, exactly what sequence_lens says. */
  readonly allPrefix: string;
}

export function maskInfo(g: GraphBuilder, mask: string): MaskInfo {
  const b = `${mask}/lens`;
  const steps = g.op1('Cast', [mask], `${b}/steps`, { to: { i: DTYPE.int32 } });
  const count = g.op1('ReduceSum', [steps, g.int64([1])], `${b}/count`, { keepdims: { i: 0 } });
  const time = g.op1('Cast', [g.op1('Gather', [g.op1('Shape', [mask], `${b}/shape`), g.int64([1], true)], `${b}/time64`, { axis: { i: 0 } })], `${b}/time`, { to: { i: DTYPE.int32 } });
  const positions = g.op1('Range', [g.int32([0], true), time, g.int32([1], true)], `${b}/positions`);
  const asPrefix = g.op1('Less', [g.op1('Unsqueeze', [positions, g.int64([0])], `${b}/positions_row`), g.op1('Unsqueeze', [count, g.int64([1])], `${b}/count_col`)], `${b}/as_prefix`);
  const same = g.op1('Cast', [g.op1('Equal', [asPrefix, mask], `${b}/same`)], `${b}/same_i`, { to: { i: DTYPE.int32 } });
  const allPrefix = g.op1('Cast', [g.op1('ReduceMin', [same], `${b}/all_same`, { keepdims: { i: 0 } })], `${b}/all_prefix`, { to: { i: DTYPE.bool } });
  const nonEmpty = g.op1('Unsqueeze', [g.op1('Greater', [count, g.int32([0], true)], `${b}/non_empty_1d`), g.int64([1])], `${b}/non_empty`);
  const lens = g.op1('Max', [count, g.int32([1], true)], `${b}/at_least_1`);
  const timeMajor = g.op1('Unsqueeze', [g.op1('Transpose', [mask], `${b}/time_major_2d`, { perm: { ints: [1, 0] } }), g.int64([2])], `${b}/time_major`);
  return { mask, timeMajor, lens, nonEmpty, allPrefix };
}

/** One direction to translate: `prefix` names its weights, `base` its nodes. */
export interface DirectionSpec {
  readonly layer: CheckedLayer;
  readonly prefix: string;
  readonly base: string;
  /** float [T, B, F], time-major. */
  readonly xT: string;
  readonly mask: MaskInfo | undefined;
  /** Reads the sequence back to front (go_backwards, a Bidirectional's backward layer). */
  readonly reverse: boolean;
  readonly zeroOutputForMask: boolean;
  /** [B, H] each: initial_state, else zeros. */
  readonly init: readonly string[] | undefined;
  readonly weight: (name: string) => NamedWeight;
}

const GATES: Readonly<Record<string, number>> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };
/** ONNX's gate order, as indices of Keras's blocks: LSTM i, o, f, c from Keras's i, f, c, o. */
const GATE_ORDER: Readonly<Record<string, readonly number[]>> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };
const OP: Readonly<Record<string, string>> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };
const STATES: Readonly<Record<string, number>> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

/**
 * The direction's output — the sequence [B, T, H] in time order (step t is the output after
 * reading step t, whichever way it read) with return_sequences, else the last output [B, H] — and
 * its final states [B, H] (h, and c for LSTM).
 */
export function direction(g: GraphBuilder, d: DirectionSpec): { out: string; states: string[] } {
  const op = operator(g, d);
  const returnSequences = argBool(d.layer, 'return_sequences');
  if (!d.mask) {
    const [Y, ...finals] = op.run(d.xT, '', statesUnsqueezed(g, d.init, d.base), d.base);
    const states = finals.map((s, i) => g.op1('Squeeze', [s, g.int64([0])], `${d.base}/state_${i}`));
    return { out: returnSequences ? g.op1('Transpose', [g.op1('Squeeze', [Y!, g.int64([1])], `${d.base}/Y_3d`)], `${d.base}/sequence`, { perm: { ints: [1, 0, 2] } }) : states[0]!, states };
  }
  const mask = d.mask;
  const stateCount = STATES[d.layer.type]!;
  const outputs = (returnSequences ? 1 : 0) + stateCount;
  const units = argNumber(d.layer, 'units');
  // Each branch's outputs: the carried sequence [B, T, H] (with return_sequences), the states [B, H].
  const branch = (name: string, build: () => string[]) =>
    g.subgraph(`${d.base}/${name}`, [], () => build().map((n, i) => floatInfo(g.op1('Identity', [n], `${d.base}/${name}_out_${i}`), returnSequences && i === 0 ? 3 : 2, units)));
  const carried = g.op('If', [mask.allPrefix], `${d.base}/carried`, { then_branch: { g: branch('prefix_masks', () => withLens(g, d, op, returnSequences)) }, else_branch: { g: branch('any_masks', () => scanned(g, d, op, returnSequences)) } }, outputs);
  const seq = returnSequences ? carried[0]! : undefined;
  const states = carried.slice(returnSequences ? 1 : 0);
  // The gate: the step's own mask with zero_output_for_mask, else "a real step has been read" —
  // reading forwards a cumulative sum of the mask, backwards one from the end.
  const zero = g.float([0], true);
  if (seq) {
    const gate = d.zeroOutputForMask
      ? mask.mask
      : g.op1('Greater', [g.op1('CumSum', [g.op1('Cast', [mask.mask], `${d.base}/mask_i`, { to: { i: DTYPE.int32 } }), g.int32([1], true)], `${d.base}/read_so_far`, { reverse: { i: d.reverse ? 1 : 0 } }), g.int32([0], true)], `${d.base}/has_read`);
    return { out: g.op1('Where', [g.op1('Unsqueeze', [gate, g.int64([2])], `${d.base}/gate`), seq, zero], `${d.base}/sequence`), states };
  }
  // The last output: the last step read (the first in time order when reading backwards).
  const gate = d.zeroOutputForMask ? g.op1('Gather', [mask.mask, g.int64([d.reverse ? 0 : -1])], `${d.base}/last_step_real`, { axis: { i: 1 } }) : mask.nonEmpty;
  return { out: g.op1('Where', [gate, states[0]!, zero], `${d.base}/last_output`), states };
}

interface Operator {
  /** Runs the operator on x [T', B, F] from `initial` ([1, B, H] each, or none: zeros); its Y and final states. */
  run(x: string, lens: string, initial: readonly string[], base: string): string[];
}

/** The layer's operator with its weights laid out ONNX's way (once, shared by both branches). */
function operator(g: GraphBuilder, d: DirectionSpec): Operator {
  const { layer, prefix } = d;
  const cell = layer.type;
  const gates = GATES[cell]!;
  const order = GATE_ORDER[cell]!;
  const units = argNumber(layer, 'units');
  const kernel = d.weight(`${prefix}/kernel`);
  const features = kernel.shape[0]!;
  const W = g.tensor(`${prefix}/W`, [1, gates * units, features], regate(kernel.data, features, units, order));
  const R = g.tensor(`${prefix}/R`, [1, gates * units, units], regate(d.weight(`${prefix}/recurrent_kernel`).data, units, units, order));
  const resetAfter = cell === 'GRU' && argBool(layer, 'reset_after');
  let B = '';
  if (argBool(layer, 'use_bias')) {
    const bias = d.weight(`${prefix}/bias`).data;
    const n = gates * units;
    const both = new Float32Array(2 * n);
    both.set(reorderBlocks(bias.subarray(0, n), units, order), 0);
    if (resetAfter) both.set(reorderBlocks(bias.subarray(n, 2 * n), units, order), n);
    B = g.tensor(`${prefix}/B`, [1, 2 * n], both);
  }
  const acts = cell === 'SimpleRNN' ? [argString(layer, 'activation')] : cell === 'GRU' ? [argString(layer, 'recurrent_activation'), argString(layer, 'activation')] : [argString(layer, 'recurrent_activation'), argString(layer, 'activation'), argString(layer, 'activation')];
  const specs = acts.map((a) => RNN_ACTIVATIONS[a]!);
  const attrs: Record<string, Attr> = {
    hidden_size: { i: units },
    direction: { s: d.reverse ? 'reverse' : 'forward' },
    activations: { strings: specs.map((s) => s.op) },
  };
  // Alpha and beta are given for the activations that take them, in order (as onnxruntime reads them).
  const alphas = specs.flatMap((s) => (s.alpha === undefined ? [] : [s.alpha]));
  const betas = specs.flatMap((s) => (s.beta === undefined ? [] : [s.beta]));
  if (alphas.length) attrs['activation_alpha'] = { floats: alphas };
  if (betas.length) attrs['activation_beta'] = { floats: betas };
  if (cell === 'GRU') attrs['linear_before_reset'] = { i: resetAfter ? 1 : 0 };
  return {
    run(x, lens, initial, base) {
      const inputs = [x, W, R, B, lens, ...initial];
      while (inputs[inputs.length - 1] === '') inputs.pop();
      return g.op(OP[cell]!, inputs, `${base}/${OP[cell]}`, attrs, cell === 'LSTM' ? 3 : 2);
    },
  };
}

/** A float value of `rank` dimensions, the last `last` long (null: unknown), the others unknown. */
function floatInfo(name: string, rank: number, last: number | null): ValueInfoObject {
  const unknown: DimObject = {};
  const dims = Array.from({ length: rank }, (_, i): DimObject => (i === rank - 1 && last !== null ? { dim_value: last } : unknown));
  return { name, type: { tensor_type: { elem_type: DTYPE.float, shape: { dim: dims } } } };
}

const statesUnsqueezed = (g: GraphBuilder, states: readonly string[] | undefined, base: string) => states?.map((s, i) => g.op1('Unsqueeze', [s, g.int64([0])], `${base}/initial_${i}`)) ?? [];

/** Every mask a prefix: the operator over the sequence with sequence_lens; the carried h and states. */
function withLens(g: GraphBuilder, d: DirectionSpec, op: Operator, returnSequences: boolean): string[] {
  const mask = d.mask!;
  const base = `${d.base}/prefix`;
  const [Y, ...finals] = op.run(d.xT, mask.lens, statesUnsqueezed(g, d.init, base), base);
  const states = finals.map((s, i) => {
    const h = g.op1('Squeeze', [s, g.int64([0])], `${base}/state_${i}`);
    // An example with no real step keeps its initial state (zeros, or initial_state).
    return g.op1('Where', [mask.nonEmpty, h, d.init?.[i] ?? g.float([0], true)], `${base}/state_${i}_kept`);
  });
  if (!returnSequences) return states;
  let seq = g.op1('Transpose', [g.op1('Squeeze', [Y!, g.int64([1])], `${base}/Y_3d`)], `${base}/sequence`, { perm: { ints: [1, 0, 2] } });
  if (!d.reverse && !d.zeroOutputForMask) {
    // Past the end the carried h is the last real output: gather step min(t, lens − 1). (Reading
    // backwards, the padding comes first, where the gate is closed.)
    const time = g.op1('Gather', [g.op1('Shape', [seq], `${base}/seq_shape`), g.int64([1], true)], `${base}/seq_time`, { axis: { i: 0 } });
    const t = g.op1('Range', [g.int64([0], true), time, g.int64([1], true)], `${base}/steps`);
    const last = g.op1('Sub', [g.op1('Cast', [mask.lens], `${base}/lens64`, { to: { i: DTYPE.int64 } }), g.int64([1], true)], `${base}/last_step`);
    const idx = g.op1('Min', [g.op1('Unsqueeze', [t, g.int64([0])], `${base}/steps_row`), g.op1('Unsqueeze', [last, g.int64([1])], `${base}/last_col`)], `${base}/step_read`);
    const idx3 = g.op1('Expand', [g.op1('Unsqueeze', [idx, g.int64([2])], `${base}/step_read_3d`), g.op1('Shape', [seq], `${base}/seq_shape_2`)], `${base}/step_index`);
    seq = g.op1('GatherElements', [seq, idx3], `${base}/repeated`, { axis: { i: 1 } });
  }
  return [seq, ...states];
}

/** Any mask: a Scan over the steps, the operator run for one step at a time; the carried h and states. */
function scanned(g: GraphBuilder, d: DirectionSpec, op: Operator, returnSequences: boolean): string[] {
  const base = `${d.base}/scan`;
  const units = argNumber(d.layer, 'units');
  const count = STATES[d.layer.type]!;
  const batch = g.op1('Slice', [g.op1('Shape', [d.xT], `${base}/x_shape`), g.int64([1]), g.int64([2])], `${base}/batch`);
  const zeros = () => g.op1('Expand', [g.float([0], true), g.op1('Concat', [batch, g.int64([units])], `${base}/state_shape`, { axis: { i: 0 } })], `${base}/zero_state`);
  const initial = d.init ? [...d.init] : Array.from({ length: count }, zeros);

  const stateIn = Array.from({ length: count }, (_, i) => floatInfo(g.fresh(`${base}/state_in_${i}`), 2, units));
  const xIn = floatInfo(g.fresh(`${base}/x_t`), 2, null);
  const maskIn: ValueInfoObject = { name: g.fresh(`${base}/mask_t`), type: { tensor_type: { elem_type: DTYPE.bool, shape: { dim: [{}, { dim_value: 1 }] } } } };
  const body = g.subgraph(`${base}/step`, [...stateIn, xIn, maskIn], () => {
    const x1 = g.op1('Unsqueeze', [xIn.name, g.int64([0])], `${base}/x_1`);
    const [, ...finals] = op.run(x1, '', statesUnsqueezed(g, stateIn.map((s) => s.name), base), base);
    // A masked step keeps every state (rnn.py: compute_masked_output).
    const kept = finals.map((s, i) => g.op1('Where', [maskIn.name, g.op1('Squeeze', [s, g.int64([0])], `${base}/new_state_${i}`), stateIn[i]!.name], `${base}/state_out_${i}`));
    const outs = kept.map((k) => floatInfo(k, 2, units));
    return returnSequences ? [...outs, floatInfo(g.op1('Identity', [kept[0]!], `${base}/h_t`), 2, units)] : outs;
  });
  const r = d.reverse ? 1 : 0;
  const results = g.op('Scan', [...initial, d.xT, d.mask!.timeMajor], base, { body: { g: body }, num_scan_inputs: { i: 2 }, scan_input_directions: { ints: [r, r] }, ...(returnSequences ? { scan_output_directions: { ints: [r] } } : {}) }, count + (returnSequences ? 1 : 0));
  const states = results.slice(0, count);
  // Scanned backwards, the outputs are stacked back to front: in time order again.
  return returnSequences ? [g.op1('Transpose', [results[count]!], `${base}/sequence`, { perm: { ints: [1, 0, 2] } }), ...states] : states;
}

/** A Keras kernel [rows, g·u] (gate blocks in Keras's order) as ONNX's [g·u, rows] in `order`. */
function regate(kernel: Float32Array, rows: number, units: number, order: readonly number[]): Float32Array {
  const cols = order.length * units;
  const out = new Float32Array(cols * rows);
  order.forEach((k, o) => {
    for (let j = 0; j < units; j++) {
      const src = k * units + j;
      const dst = (o * units + j) * rows;
      for (let r = 0; r < rows; r++) out[dst + r] = kernel[r * cols + src]!;
    }
  });
  return out;
}

/** A bias [g·u] in Keras's gate order as ONNX's. */
function reorderBlocks(bias: Float32Array, units: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((k, o) => out.set(bias.subarray(k * units, (k + 1) * units), o * units));
  return out;
}
