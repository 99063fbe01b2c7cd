// The GEMM of rnnc's whole-sequence recurrent kernels: each step's h·U and dz·Uᵀ computed inside
// one kernel, without an engine dispatch, a tensor allocated and freed, and tidy's bookkeeping per
// call (about 8 µs a product and 8 µs a fused cell step, 1.6 ms of B1's 24 ms training step).
//
// Two implementations:
// - recurrent-gemm.ts's, in rnnc's SIMD module (wasm-simd.ts): U packed once per kernel call into
//   panels, then 4×8 register tiles — the faster at every recurrent shape measured
//   (bench/recurrent-gemm.ts), and the one used wherever WebAssembly SIMD is;
// - the backend's own BatchMatMul export (XNNPACK), where the SIMD module is not. It reaches into
//   the backend further than heap.ts: `wasm.cwrap('BatchMatMul', …)` is the export
//   tfjs-backend-wasm's BatchMatMul kernel calls (src/kernels/BatchMatMul.ts, 4.x), given the
//   backend's integer tensor ids. Operands must be real tensors (their ids registered with the
//   backend) of exactly [M, K] and [K, N]; `out` is written in place. XNNPACK caches its packed
//   copy of `b` by id.

import type { tf } from '../tf.ts';
import type { Memory } from './heap.ts';
import { packedLength } from './recurrent-gemm.ts';
import type { WasmInternals } from './wasm-internals.ts';
import { simdOf, type Simd } from './wasm-simd.ts';

type Info = tf.TensorInfo;

export interface Gemm {
  /** out[M, N] = a[M, K] · b[K, N]. Afterwards, views of the heap may be stale (Memory.generation). */
  multiply(a: Info, b: Info, out: Info): void;
}

/**
 * `run` given the GEMM of a wasm backend for one kernel call: each right operand b is packed on
 * its first product and the packing kept for the call — a recurrent kernel U is the same at every
 * step — then freed when `run` returns. b must not change during the call (weights never do, heap.ts).
 */
export function withGemm<T>(backend: object, mem: Memory, run: (gemm: Gemm) => T): T {
  const simd = simdOf(backend);
  if (!simd) return run(xnnpackGemm(backend));
  const packings = new Map<Info, Info>();
  try {
    return run(packedGemm(simd, mem, packings));
  } finally {
    for (const packed of packings.values()) mem.free(packed);
  }
}

function packedGemm(simd: Simd, mem: Memory, packings: Map<Info, Info>): Gemm {
  const [gemm, pack] = [simd.functions['recurrentGemm']!, simd.functions['packPanels']!];
  return {
    multiply(a, b, out) {
      const [m, k, n] = checkShapes(a, b, out);
      let packed = packings.get(b);
      if (!packed) {
        packed = mem.alloc([packedLength(k, n)]);
        pack(simd.address(b), simd.address(packed), k, n);
        packings.set(b, packed);
      }
      gemm(simd.address(a), simd.address(packed), simd.address(out), m, k, n);
    },
  };
}

/** [M, K, N] of out[M, N] = a[M, K] · b[K, N]; throws when they do not fit. */
function checkShapes(x: Info, w: Info, out: Info): [number, number, number] {
  const [m, k] = x.shape as [number, number];
  const [k2, n] = w.shape as [number, number];
  if (k !== k2 || out.shape[0] !== m || out.shape[1] !== n) throw new Error(`rnnc gemm: [${x.shape}]·[${w.shape}] → [${out.shape}]`);
  return [m, k, n];
}

const gemms = new WeakMap<object, Gemm>();

/** XNNPACK's GEMM on a wasm backend, through its BatchMatMul export (also bench/recurrent-gemm.ts). */
export function xnnpackGemm(backend: object): Gemm {
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
      const [m, k, n] = checkShapes(x, w, out);
      call(id(x), shape3(m, k), 3, id(w), shape3(k, n), 3, 0, 0, id(out));
    },
  };
  gemms.set(backend, g);
  return g;
}
