// rnnc's own WebAssembly SIMD module on a wasm backend: the cells' SIMD steps (cells/*/simd.ts)
// and the transpose (transpose.ts), assembled once (wasm-assembler.ts) and instantiated per
// backend with the backend's memory imported, so the functions read and write tensors where they
// live.
//
// This reaches into tfjs-backend-wasm as wasm-gemm.ts does: its Emscripten module's exported
// memory (`wasm.asm.memory`) and each tensor's byte offset on that heap (`dataIdMap`). Offsets
// stay valid while a tensor lives, even when the heap grows (views do not; heap.ts).

import { setFlagsFromString } from 'node:v8';
import type { tf } from '../tf.ts';
import { gruFunctions } from '../layers/recurrent/cells/gru/simd.ts';
import { lstmFunctions } from '../layers/recurrent/cells/lstm/simd.ts';
import { simpleRnnFunctions } from '../layers/recurrent/cells/simple-rnn/simd.ts';
import { packPanelsFunction, recurrentGemmFunction } from './recurrent-gemm.ts';
import { transposeFunction, type SimdTranspose } from './transpose.ts';
import { assemble, uleb, type WasmFunction } from './wasm-assembler.ts';
import type { WasmInternals } from './wasm-internals.ts';

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
const SIMD_FUNCTIONS: Readonly<Record<string, (features: SimdFeatures) => WasmFunction[]>> = {
  transpose: () => [transposeFunction()],
  recurrentGemm: (features) => [packPanelsFunction(), recurrentGemmFunction(features === 'relaxed')],
  LSTM: lstmFunctions,
  GRU: gruFunctions,
  SimpleRNN: simpleRnnFunctions,
};

/** What the module is built with: relaxed SIMD's fused multiply-add (recurrent-gemm.ts), or
 *  WebAssembly SIMD alone. */
export type SimdFeatures = 'relaxed' | 'plain';

let features: SimdFeatures | null = null;

/**
 * Whether this engine runs relaxed SIMD, decided once per process: Node 20's V8 has it behind
 * --experimental-wasm-relaxed-simd, which is set here before anything is compiled (later engines
 * have it on). RNNC_WASM_FMA=0 keeps the plain form: XNNPACK's numbers bit for bit.
 */
export function simdFeatures(): SimdFeatures {
  if (features) return features;
  features = 'plain';
  if (process.env['RNNC_WASM_FMA'] === '0') return features;
  // A function computing relaxed_madd(0, 0, 0) and dropping it: it compiles only where relaxed SIMD is on.
  const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  const probe = assemble([{ name: 'probe', params: 0, i32Locals: 0, v128Locals: 0, body: [...zero, ...zero, ...zero, 0xfd, ...uleb(0x105), 0x1a] }]);
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    new WebAssembly.Module(probe);
    features = 'relaxed';
  } catch {
    // Not on this engine: the plain form.
  }
  return features;
}

let compiled: WebAssembly.Module | null = null;
const instances = new WeakMap<object, Simd | null>();

/** The module on this wasm backend's heap, or null where WebAssembly SIMD is unavailable. */
export function simdOf(backend: object): Simd | null {
  if (instances.has(backend)) return instances.get(backend)!;
  const b = backend as unknown as WasmInternals;
  let simd: Simd | null = null;
  try {
    compiled ??= new WebAssembly.Module(assemble(Object.values(SIMD_FUNCTIONS).flatMap((f) => f(simdFeatures()))));
    const functions = new WebAssembly.Instance(compiled, { env: { memory: b.wasm.asm.memory } }).exports as Record<string, SimdFunction>;
    simd = { address: (t: Info) => b.dataIdMap.get(t.dataId).memoryOffset, transpose: functions['transpose']!, functions };
  } catch {
    simd = null;
  }
  instances.set(backend, simd);
  return simd;
}
