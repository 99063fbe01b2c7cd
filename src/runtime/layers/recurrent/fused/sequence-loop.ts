// What the whole-sequence kernels of GRU and SimpleRNN share (cells/gru/sequence.ts,
// cells/simple-rnn/sequence.ts; LSTM's, cells/lstm/sequence.ts, keeps its own loops): which
// arithmetic a kernel's steps run, the mask column a SIMD step reads, h_{−1} as a buffer of the
// kernel's own, copying h_{t−1} into a stacked operand, and the backward loop over steps.

import type { tf } from '../../../tf.ts';
import type { Memory } from '../../../kernels/heap.ts';
import { timeIndex } from '../../../kernels/sequence-layout.ts';
import type { RowAttrs, StepAttrs } from '../../../kernels/step.ts';
import { simdOf, type Simd } from '../../../kernels/wasm-simd.ts';
import type { Arithmetic } from '../choose.ts';

type Info = tf.TensorInfo;

/** The SIMD module when choose.ts picked SIMD cells and this backend has WebAssembly SIMD, else null. */
export const cellsOn = (backend: object, cells: Arithmetic): Simd | null => (cells === 'simd' ? simdOf(backend) : null);

/** Step t's mask column for a SIMD step (row b at address + b·stride): [address, stride], or [0, 0] without a mask. */
export function maskColumn(s: Simd, mask: Info | undefined, a: StepAttrs): [number, number] {
  return mask ? [s.address(mask) + 4 * timeIndex(a.t, a.time, a.reverse), 4 * a.time] : [0, 0];
}

/** h_{−1} as a buffer of the kernel's own (the steps free each h they replace): h0's copy, or zeros. */
export function initialH(mem: Memory, h0: Info | undefined, batch: number, units: number): Info {
  const h = mem.alloc([batch, units]);
  if (h0) mem.view(h).set(mem.view(h0));
  else mem.view(h).fill(0);
  return h;
}

/** Row b of h [B, H] into A's h columns at step t, for every row, masked or not, as step.ts does. */
export function copyIntoA(at: Float32Array, h: Float32Array, batch: number, units: number, a: RowAttrs): void {
  for (let b = 0; b < batch; b++) at.set(h.subarray(b * units, (b + 1) * units), (a.t * batch + b) * a.rowWidth + a.hRow);
}

/** Runs `step` from t = T−1 down to 0; `step` writes dh_{t−1}'s recurrent part into `rec` when
 *  given one (every step but the first, which gets one only when initialGrad). Returns step 0's,
 *  or zeros. */
export function backLoop(mem: Memory, batch: number, units: number, a: { readonly time: number; readonly initialGrad: boolean }, step: (t: number, dhRec: Info | undefined, rec: Info | null) => void): Info {
  let dhRec: Info | undefined;
  for (let t = a.time - 1; t >= 0; t--) {
    const rec = t > 0 || a.initialGrad ? mem.alloc([batch, units]) : null;
    step(t, dhRec, rec);
    if (dhRec) mem.free(dhRec);
    dhRec = rec ?? undefined;
  }
  if (dhRec) return dhRec;
  const zeros = mem.alloc([batch, units]);
  mem.view(zeros).fill(0);
  return zeros;
}
