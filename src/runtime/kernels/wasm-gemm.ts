// The WASM backend's GEMM (its BatchMatMul export: XNNPACK, single-threaded) called from inside a
// kernel, so that a whole recurrent sequence runs as one kernel: each step's h·U and dz·Uᵀ without
// an engine dispatch, a tensor allocated and freed, and tidy's bookkeeping per call — about 8 µs a
// product and 8 µs a fused cell step, 1.6 ms of B1's 24 ms training step.
//
// This reaches into the backend further than heap.ts: `wasm.cwrap('BatchMatMul', …)` is the export
// tfjs-backend-wasm's own BatchMatMul kernel calls (src/kernels/BatchMatMul.ts, 4.x), given the
// backend's integer tensor ids. Operands must be real tensors (their ids registered with the
// backend) of exactly [M, K] and [K, N]; `out` is written in place. XNNPACK caches its packed copy
// of `b` by id, so a weight multiplied at every step is packed once per call.

import type { tf } from '../tf.ts';

type Info = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's backend object rnnc's kernels reach (also wasm-simd.ts). */
export interface WasmInternals {
  wasm: {
    cwrap(name: string, returns: null, args: readonly string[]): (...args: unknown[]) => void;
    /** Emscripten's exports: the module's memory, which rnnc's own SIMD module imports. */
    asm: { memory: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
}

export interface Gemm {
  /** out[M, N] = a[M, K] · b[K, N]. Afterwards, views of the heap may be stale (Memory.generation). */
  multiply(a: Info, b: Info, out: Info): void;
}

const gemms = new WeakMap<object, Gemm>();

/** The direct GEMM of a wasm backend. */
export function wasmGemm(backend: object): Gemm {
  let g = gemms.get(backend);
  if (g) return g;
  const b = backend as unknown as WasmInternals;
  const call = b.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  const shapes = new Map<string, Uint8Array>();
  const shape3 = (rows: number, cols: number) => {
    const key = `${rows}x${cols}`;
    let s = shapes.get(key);
    if (!s) shapes.set(key, (s = new Uint8Array(new Int32Array([1, rows, cols]).buffer)));
    return s;
  };
  const id = (t: Info) => b.dataIdMap.get(t.dataId).id;
  g = {
    multiply(x, w, out) {
      const [m, k] = x.shape as [number, number];
      const [k2, n] = w.shape as [number, number];
      if (k !== k2 || out.shape[0] !== m || out.shape[1] !== n) throw new Error(`rnnc gemm: [${x.shape}]·[${w.shape}] → [${out.shape}]`);
      call(id(x), shape3(m, k), 3, id(w), shape3(k, n), 3, 0, 0, id(out));
    },
  };
  gemms.set(backend, g);
  return g;
}
