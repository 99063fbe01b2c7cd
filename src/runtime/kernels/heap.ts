// Zero-copy access to tensor memory for rnnc's custom kernels, on the two backends rnnc runs on.
//
// - wasm: a tensor lives on the WASM heap; `typedArrayFromHeap` gives a view of it. Allocating
//   (`makeOutput`) can grow the heap, which detaches every view taken before: a kernel allocates
//   all its outputs first and takes views after (docs/performance.md).
// - cpu: a tensor's values are a Float32Array in the backend's data storage; the view is that array.
//
// Kernels may write into a tensor's memory only when the tensor was made inside the same layer call
// for that purpose (a workspace the layer owns); never into inputs, weights or anything a caller
// holds. Weights in particular must never change in place: XNNPACK caches its packed copy of a
// matMul's right operand per tensor id, and would keep multiplying by the old values.

import type { tf } from '../tf.ts';

type TensorInfo = tf.TensorInfo;
type Backend = tf.KernelBackend;

interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
  wasm: { HEAPU8: Uint8Array };
}

interface CpuBackend {
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  data: { get(dataId: object): { values?: unknown } };
  disposeData(dataId: object): boolean;
}

export type BackendKind = 'wasm' | 'cpu';

/** What a kernel function needs from its backend: outputs to allocate and views to read or write. */
export interface Memory {
  /** A new float32 tensor; its contents are undefined until written (wasm does not clear). */
  alloc(shape: readonly number[]): TensorInfo;
  /** The tensor's float32 values, in place. On wasm, take views only after the last `alloc`. */
  view(t: TensorInfo): Float32Array;
  /** Frees a temporary this kernel allocated and does not return. */
  free(t: TensorInfo): void;
  /** Changes whenever views taken before have become stale (the WASM heap grew). */
  generation(): unknown;
}

function wasmMemory(backend: Backend): Memory {
  const b = backend as unknown as WasmBackend;
  return {
    alloc: (shape) => b.makeOutput([...shape], 'float32'),
    view: (t) => {
      if (t.dtype !== 'float32') throw new Error(`rnnc kernel: expected float32, got ${t.dtype}`);
      return b.typedArrayFromHeap(t);
    },
    free: (t) => void b.disposeData(t.dataId),
    generation: () => b.wasm.HEAPU8.buffer,
  };
}

function cpuMemory(backend: Backend): Memory {
  const b = backend as unknown as CpuBackend;
  return {
    alloc: (shape) => b.makeTensorInfo([...shape], 'float32', new Float32Array(shape.reduce((a, n) => a * n, 1))),
    view: (t) => {
      const values = b.data.get(t.dataId).values;
      if (!(values instanceof Float32Array)) throw new Error(`rnnc kernel: expected float32 values, got ${t.dtype}`);
      return values;
    },
    free: (t) => void b.disposeData(t.dataId),
    generation: () => b,
  };
}

/** The backends rnnc's kernels run on, and their memory (a program `rnnc build` writes runs on
 *  wasm alone and keeps only its entry). */
const MEMORIES: { readonly [K in BackendKind]?: (backend: Backend) => Memory } = { wasm: wasmMemory, cpu: cpuMemory };

/** The backends with a Memory: where rnnc's kernels are registered and run. */
export const memoryBackends = (): BackendKind[] => Object.keys(MEMORIES) as BackendKind[];

export const hasMemory = (backend: string): backend is BackendKind => Object.hasOwn(MEMORIES, backend);

export function memoryOf(kind: BackendKind, backend: Backend): Memory {
  const memory = MEMORIES[kind];
  if (!memory) throw new Error(`rnnc kernel: no memory for the ${kind} backend`);
  return memory(backend);
}
