// How the fused recurrent kernels lay a sequence out, and the kernels that move data into and out
// of that layout — each one pass in JavaScript over typed arrays instead of transpose, reverse,
// slice and concat ops (which copy whole buffers on WASM, docs/performance.md).
//
// - Processing step t (0…T−1) reads original time step tt = t, or T−1−t with go_backwards.
// - Time-major rows: row t·B + b holds sample b at step t ([T·B, width]).
// - A mask is the caller's [B, T] float 1/0, indexed by original time.
// - The stacked operand A [T·B, K] holds, row t·B + b, what multiplied a weight at that step: the
//   input x, the previous state h (filled by the step kernels) and a 1, so one GEMM Aᵀ·dZ gives
//   dW, dU and the bias gradient together. (Rows, not columns: a step writes h_{t−1} as contiguous
//   rows — written as strided columns it cost as much as the step's arithmetic — and A is
//   transposed once, by one kernel, before the GEMM.)

import type { tf } from '../tf.ts';
import type { Memory } from './heap.ts';

type Info = tf.TensorInfo;

/** Original time index of processing step t. */
export const timeIndex = (t: number, time: number, reverse: boolean): number => (reverse ? time - 1 - t : t);

/**
 * Keras's output rule for masked steps (rnn.py): 1 where the step is real; at a masked step 0 with
 * zero_output_for_mask, else whether a real step came before (the output repeats the previous
 * one, zeros before the first real step — and the carried h is exactly that output).
 */
export function outputGate(mask: Float32Array, b: number, t: number, time: number, reverse: boolean, zeroOutput: boolean): number {
  if (mask[b * time + timeIndex(t, time, reverse)] !== 0) return 1;
  if (zeroOutput) return 0;
  for (let s = t - 1; s >= 0; s--) if (mask[b * time + timeIndex(s, time, reverse)] !== 0) return 1;
  return 0;
}

/** outputGate of every step and row at once, into `gates` [T, B] (processing order): one pass. */
export function outputGates(mask: Float32Array, gates: Float32Array, batch: number, time: number, reverse: boolean, zeroOutput: boolean): void {
  for (let b = 0; b < batch; b++) {
    let seen = false;
    for (let t = 0; t < time; t++) {
      const real = mask[b * time + timeIndex(t, time, reverse)] !== 0;
      gates[t * batch + b] = real || (!zeroOutput && seen) ? 1 : 0;
      seen ||= real;
    }
  }
}

export interface TimeMajorAttrs {
  readonly reverse: boolean;
}

/** x [B, T, F] (times a [B, F] dropout mask) → [T·B, F] time-major in processing order. */
export function timeMajor(mem: Memory, x: Info, dropMask: Info | undefined, a: TimeMajorAttrs): Info {
  const [batch, time, features] = x.shape as [number, number, number];
  return reorder(mem, x, dropMask, [time * batch, features], batch, time, a.reverse, true);
}

/** The inverse of timeMajor for a gradient: [T·B, F] → [B, T, F], times the dropout mask. */
export function batchMajor(mem: Memory, xt: Info, dropMask: Info | undefined, a: TimeMajorAttrs & { readonly batch: number }): Info {
  const [rows, features] = xt.shape as [number, number];
  return reorder(mem, xt, dropMask, [a.batch, rows / a.batch, features], a.batch, rows / a.batch, a.reverse, false);
}

function reorder(mem: Memory, x: Info, dropMask: Info | undefined, shape: number[], batch: number, time: number, reverse: boolean, toTime: boolean): Info {
  const features = shape[shape.length - 1]!;
  const outInfo = mem.alloc(shape);
  const out = mem.view(outInfo);
  const xs = mem.view(x);
  const m = dropMask ? mem.view(dropMask) : null;
  for (let t = 0; t < time; t++) {
    const tt = timeIndex(t, time, reverse);
    for (let b = 0; b < batch; b++) {
      const timeRow = (t * batch + b) * features;
      const batchRow = (b * time + tt) * features;
      const [from, to] = toTime ? [batchRow, timeRow] : [timeRow, batchRow];
      for (let f = 0; f < features; f++) out[to + f] = m ? xs[from + f]! * m[b * features + f]! : xs[from + f]!;
    }
  }
  return outInfo;
}

export interface StackedAttrs {
  /** Width of a row of A. */
  readonly width: number;
  /** Where x's features go in a row (−1: nowhere), and the column of ones (−1: none). */
  readonly xCol: number;
  readonly onesCol: number;
}

/**
 * A [T·B, width] from the time-major operand [T·B, F]: x at xCol, 1 at onesCol. The other
 * columns are left for the step kernels to fill (on WASM they start as garbage, so every one of
 * them must be written before the GEMM that reads A).
 */
export function stackedOperand(mem: Memory, xt: Info, a: StackedAttrs): Info {
  const [rows, features] = xt.shape as [number, number];
  const outInfo = mem.alloc([rows, a.width]);
  const out = mem.view(outInfo);
  const xs = a.xCol >= 0 ? mem.view(xt) : null;
  for (let r = 0; r < rows; r++) {
    if (xs) out.set(xs.subarray(r * features, (r + 1) * features), r * a.width + a.xCol);
    if (a.onesCol >= 0) out[r * a.width + a.onesCol] = 1;
  }
  return outInfo;
}

export interface PlaceAttrs {
  readonly shape: readonly number[];
  /** Element offset of each input in the output; everything else is zero. */
  readonly offsets: readonly number[];
}

/** A zero tensor of `shape` with the inputs copied in at their offsets: a workspace to write into. */
export function place(mem: Memory, inputs: readonly Info[], a: PlaceAttrs): Info {
  const outInfo = mem.alloc(a.shape);
  const out = mem.view(outInfo);
  out.fill(0);
  inputs.forEach((x, i) => out.set(mem.view(x), a.offsets[i]));
  return outInfo;
}

export interface SliceAttrs {
  /** Element offset and shape of each output, read from the input's values. */
  readonly offsets: readonly number[];
  readonly shapes: readonly (readonly number[])[];
}

/** Contiguous pieces of one tensor as new tensors (a [K, N] gradient's rows as dW, dU, db). */
export function pieces(mem: Memory, x: Info, a: SliceAttrs): Info[] {
  const outs = a.shapes.map((s) => mem.alloc(s));
  const from = mem.view(x);
  outs.forEach((o, i) => {
    const v = mem.view(o);
    const at = a.offsets[i]!;
    v.set(from.subarray(at, at + v.length));
  });
  return outs;
}

export interface JoinAttrs {
  /** Per output: the first row read from every input, how many rows, and the output's shape. */
  readonly rowStarts: readonly number[];
  readonly rowCounts: readonly number[];
  readonly shapes: readonly (readonly number[])[];
}

/**
 * Outputs whose rows are the inputs' rows side by side: output o's row r is the concatenation of
 * every input's row rowStarts[o] + r. (Gradients computed per gate block, joined into the
 * weight's [rows, gates·units] layout.)
 */
export function joinColumns(mem: Memory, inputs: readonly Info[], a: JoinAttrs): Info[] {
  const outs = a.shapes.map((s) => mem.alloc(s));
  const views = inputs.map((x) => mem.view(x));
  const widths = inputs.map((x) => x.shape[x.shape.length - 1]!);
  const total = widths.reduce((s, w) => s + w, 0);
  outs.forEach((o, k) => {
    const out = mem.view(o);
    for (let r = 0; r < a.rowCounts[k]!; r++) {
      let col = r * total;
      views.forEach((v, i) => {
        const w = widths[i]!;
        const from = (a.rowStarts[k]! + r) * w;
        out.set(v.subarray(from, from + w), col);
        col += w;
      });
    }
  });
  return outs;
}
