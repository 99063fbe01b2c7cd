// rnnc's own WebAssembly SIMD module on a wasm backend: the LSTM cells (lstm-simd.ts) and the
// transpose (transpose.ts), assembled once (wasm-assembler.ts) and instantiated per backend with
// the backend's memory imported, so the functions read and write tensors where they live.
//
// This reaches into tfjs-backend-wasm as wasm-gemm.ts does: its Emscripten module's exported
// memory (`wasm.asm.memory`) and each tensor's byte offset on that heap (`dataIdMap`). Offsets
// stay valid while a tensor lives, even when the heap grows (views do not; heap.ts).

import type { tf } from '../tf.ts';
import { lstmFunctions, type LstmBackwardBlocks, type LstmForwardBlocks } from './lstm-simd.ts';
import { transposeFunction, type SimdTranspose } from './transpose.ts';
import { assemble } from './wasm-assembler.ts';
import type { WasmInternals } from './wasm-gemm.ts';

type Info = tf.TensorInfo;

export interface Simd extends SimdTranspose {
  /** lstmForwardCells' arithmetic on `rows` rows (A's h_{t−1} columns at step 0 are the caller's). */
  lstmForward(b: LstmForwardBlocks, rows: number, units: number): void;
  /** lstmBackwardCells' arithmetic, completing dh first. */
  lstmBackward(b: LstmBackwardBlocks, rows: number, units: number): void;
}

let compiled: WebAssembly.Module | null = null;
const instances = new WeakMap<object, Simd | null>();

/** The module on this wasm backend's heap, or null where WebAssembly SIMD is unavailable. */
export function simdOf(backend: object): Simd | null {
  if (instances.has(backend)) return instances.get(backend)!;
  const b = backend as unknown as WasmInternals;
  let simd: Simd | null = null;
  try {
    compiled ??= new WebAssembly.Module(assemble([...lstmFunctions(), transposeFunction()]));
    const exports = new WebAssembly.Instance(compiled, { env: { memory: b.wasm.asm.memory } }).exports as Record<string, (...args: number[]) => void>;
    const [forward, backward, transpose] = [exports['lstmForward']!, exports['lstmBackward']!, exports['transpose']!];
    simd = {
      address: (t) => b.dataIdMap.get(t.dataId).memoryOffset,
      lstmForward: (p, rows, units) =>
        forward(p.gates, p.hU, p.bias, p.cPrev, p.cNew, p.acs, p.h, p.hPrev, p.nextA, p.nextAStride, p.out, p.outStride, p.mask, p.maskStride, p.outGate, rows, units),
      lstmBackward: (p, rows, units) =>
        backward(p.gates, p.cPrev, p.acs, p.dh, p.dc, p.dz, p.dhRec, p.dOut, p.dOutStride, p.mask, p.maskStride, p.outGate, rows, units),
      transpose,
    };
  } catch {
    simd = null;
  }
  instances.set(backend, simd);
  return simd;
}
