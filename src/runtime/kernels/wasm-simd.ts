// rnnc's own WebAssembly SIMD module on a wasm backend: the cells' SIMD steps (cells/*/simd.ts)
// and the transpose (transpose.ts), assembled once (wasm-assembler.ts) and instantiated per
// backend with the backend's memory imported, so the functions read and write tensors where they
// live.
//
// This reaches into tfjs-backend-wasm as wasm-gemm.ts does: its Emscripten module's exported
// memory (`wasm.asm.memory`) and each tensor's byte offset on that heap (`dataIdMap`). Offsets
// stay valid while a tensor lives, even when the heap grows (views do not; heap.ts).

import type { tf } from '../tf.ts';
import { gruFunctions } from '../layers/recurrent/cells/gru/simd.ts';
import { lstmFunctions } from '../layers/recurrent/cells/lstm/simd.ts';
import { simpleRnnFunctions } from '../layers/recurrent/cells/simple-rnn/simd.ts';
import { transposeFunction, type SimdTranspose } from './transpose.ts';
import { assemble, type WasmFunction } from './wasm-assembler.ts';
import type { WasmInternals } from './wasm-gemm.ts';

type Info = tf.TensorInfo;

/** A function of the module: its parameters are i32s (byte addresses, counts). */
export type SimdFunction = (...args: number[]) => void;

export interface Simd extends SimdTranspose {
  /** The module's functions by name (a cell's SIMD steps call theirs: cells/lstm/simd.ts). */
  readonly functions: Readonly<Record<string, SimdFunction>>;
}

/**
 * What the module is assembled from: the transpose, and each cell type's SIMD steps. A program `rnnc build` writes keeps the entries its model runs (choose.ts).
 */
const SIMD_FUNCTIONS: Readonly<Record<string, () => WasmFunction[]>> = {
  transpose: () => [transposeFunction()],
  LSTM: lstmFunctions,
  GRU: gruFunctions,
  SimpleRNN: simpleRnnFunctions,
};

let compiled: WebAssembly.Module | null = null;
const instances = new WeakMap<object, Simd | null>();

/** The module on this wasm backend's heap, or null where WebAssembly SIMD is unavailable. */
export function simdOf(backend: object): Simd | null {
  if (instances.has(backend)) return instances.get(backend)!;
  const b = backend as unknown as WasmInternals;
  let simd: Simd | null = null;
  try {
    compiled ??= new WebAssembly.Module(assemble(Object.values(SIMD_FUNCTIONS).flatMap((f) => f())));
    const functions = new WebAssembly.Instance(compiled, { env: { memory: b.wasm.asm.memory } }).exports as Record<string, SimdFunction>;
    simd = { address: (t: Info) => b.dataIdMap.get(t.dataId).memoryOffset, transpose: functions['transpose']!, functions };
  } catch {
    simd = null;
  }
  instances.set(backend, simd);
  return simd;
}
