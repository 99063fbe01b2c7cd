// What every fused step kernel shares: its attributes, the layer's output at a step and the
// output's gradient, and scratch buffers.

import type { Act } from './pointwise.ts';
import { outputGate } from './sequence-layout.ts';

export interface StepAttrs {
  readonly t: number;
  readonly time: number;
  readonly reverse: boolean;
  readonly act: Act;
  readonly rec: Act;
  readonly zeroOutput: boolean;
  readonly returnSequences: boolean;
}

export interface RowAttrs extends StepAttrs {
  /** Width of a row of the stacked operand A, and where h_{t−1} goes in it. */
  readonly rowWidth: number;
  readonly hRow: number;
}

/** The layer's output at step t: the whole sequence, or only the last step. */
export function writeOutput(out: Float32Array, h: Float32Array, mask: Float32Array | null, batch: number, units: number, a: StepAttrs): void {
  const { t, time } = a;
  if (!a.returnSequences && t !== time - 1) return;
  for (let b = 0; b < batch; b++) {
    const gate = mask ? outputGate(mask, b, t, time, a.reverse, a.zeroOutput) : 1;
    const to = a.returnSequences ? (b * time + t) * units : b * units;
    for (let j = 0; j < units; j++) out[to + j] = gate * h[b * units + j]!;
  }
}

/** dL/dh_t reaching through the output at step t, added into dh [B, H]. */
export function addOutputGrad(dh: Float32Array, dOut: Float32Array | null, mask: Float32Array | null, batch: number, units: number, a: StepAttrs): void {
  const { t, time } = a;
  if (!dOut || (!a.returnSequences && t !== time - 1)) return;
  for (let b = 0; b < batch; b++) {
    const gate = mask ? outputGate(mask, b, t, time, a.reverse, a.zeroOutput) : 1;
    if (gate === 0) continue;
    const from = a.returnSequences ? (b * time + t) * units : b * units;
    for (let j = 0; j < units; j++) dh[b * units + j] = dh[b * units + j]! + dOut[from + j]!;
  }
}

const scratches: Float32Array[] = [];

/** A reusable JavaScript-side buffer of at least n floats (not tensor memory: nothing allocates on the heap). */
export function scratch(which: number, n: number): Float32Array {
  let s = scratches[which];
  if (!s || s.length < n) scratches[which] = s = new Float32Array(n);
  return s;
}

/** dst[dstAt + k] += a[aAt + k] (+ bias[biasAt + k]) for k in [0, n): a step's h·U, and the bias
 *  the projection's GEMM left out (adding it here costs nothing and keeps that GEMM a plain matMul). */
export function addRow(dst: Float32Array, dstAt: number, a: Float32Array, aAt: number, bias: Float32Array | null, biasAt: number, n: number): void {
  if (bias) for (let k = 0; k < n; k++) dst[dstAt + k] = dst[dstAt + k]! + a[aAt + k]! + bias[biasAt + k]!;
  else for (let k = 0; k < n; k++) dst[dstAt + k] = dst[dstAt + k]! + a[aAt + k]!;
}
