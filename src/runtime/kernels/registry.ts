// rnnc's custom kernels, registered with TensorFlow.js for the wasm and cpu backends, and typed
// functions that run them. A kernel here is a plain function of (memory, inputs, attributes); the
// same function serves both backends through heap.ts's Memory. `kernel` makes one; the recurrent
// cells make theirs beside their arithmetic (layers/recurrent/cells/*/step.ts), and this file
// holds the ones every plan shares: layouts, workspaces, the transpose, and Adam's update.
//
// Each call is one engine dispatch (about 6 µs, 12–14 µs inside tidy, docs/performance.md): a fused
// LSTM step replaces the ~25 ops of the plain path.

import { tf, type Tensor } from '../tf.ts';
import { adamUpdate, type AdamAttrs, type AdamInputs } from './adam.ts';
import { hasMemory, memoryBackends, memoryOf, type Memory } from './heap.ts';
import { transpose2d } from './transpose.ts';
import { withGemm, type Gemm } from './wasm-gemm.ts';
import { simdOf } from './wasm-simd.ts';
import {
  batchMajor,
  joinColumns,
  pieces,
  place,
  stackedOperand,
  timeMajor,
  type JoinAttrs,
  type PlaceAttrs,
  type SliceAttrs,
  type StackedAttrs,
  type TimeMajorAttrs,
} from './sequence-layout.ts';

type Info = tf.TensorInfo;
type Inputs = Readonly<Record<string, Info | undefined>>;
type KernelBody = (mem: Memory, inputs: Inputs, attrs: never, backend: object) => Info | Info[];

const memories = new WeakMap<object, Memory>();

function register(name: string, body: KernelBody): void {
  for (const backendName of memoryBackends()) {
    if (tf.getKernel(name, backendName)) continue;
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        let mem = memories.get(backend);
        if (!mem) memories.set(backend, (mem = memoryOf(backendName, backend as tf.KernelBackend)));
        return body(mem, inputs, attrs as never, backend);
      },
    });
  }
}

/** True when rnnc's kernels run on the current backend (else the layers use plain ops). */
export function fusedKernelsAvailable(): boolean {
  return hasMemory(tf.getBackend());
}

/** `run` given the wasm backend's GEMM for one call of a kernel that loops over a whole sequence (wasm-gemm.ts). */
export function gemmFor<T>(backend: object, mem: Memory, run: (gemm: Gemm) => T): T {
  if (tf.getBackend() !== 'wasm') throw new Error('internal: a whole-sequence rnnc kernel ran on another backend than wasm');
  return withGemm(backend, mem, run);
}

type TensorInputs = Readonly<Record<string, Tensor | null | undefined>>;
/** A kernel's inputs as tensors: the same names, null for an optional one left out. */
export type TensorsOf<T> = { readonly [K in keyof T]-?: Tensor | null };

function run(name: string, inputs: TensorInputs, attrs: object): Tensor | Tensor[] {
  const present: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) if (v) present[k] = v;
  return tf.engine().runKernel<Tensor | Tensor[]>(name, present, attrs as tf.NamedAttrMap);
}

/** The inputs a kernel function reads, as the engine hands them over (optional ones may be absent). */
export const infos = <T>(ins: Inputs) => ins as unknown as T;

/**
 * A kernel under `name`, registered with the engine the first time it runs, and a typed function
 * that runs it. Registering on first use keeps every kernel where its callers can see it: a
 * program `rnnc build` writes copies the kernels its model calls and no others.
 */
export function kernel<I extends TensorInputs, A extends object, R extends Tensor | Tensor[] = Tensor>(
  name: string,
  body: (mem: Memory, ins: Inputs, attrs: A, backend: object) => Info | Info[],
): (ins: I, attrs: A) => R {
  let registered = false;
  return (ins, attrs) => {
    if (!registered) {
      register(name, body);
      registered = true;
    }
    return run(name, ins, attrs) as R;
  };
}

const timeMajorKernel = kernel<{ x: Tensor; dropMask: Tensor | null }, TimeMajorAttrs>('RnncTimeMajor', (mem, ins, a) => timeMajor(mem, ins['x']!, ins['dropMask'], a));
const batchMajorKernel = kernel<{ x: Tensor; dropMask: Tensor | null }, TimeMajorAttrs & { batch: number }>('RnncBatchMajor', (mem, ins, a) =>
  batchMajor(mem, ins['x']!, ins['dropMask'], a),
);
const placeKernel = kernel<Record<string, Tensor>, PlaceAttrs>('RnncPlace', (mem, ins, a) => place(mem, a.offsets.map((_, i) => ins[`x${i}`]!), a));

export const toTimeMajor = (x: Tensor, dropMask: Tensor | null, a: TimeMajorAttrs): Tensor => timeMajorKernel({ x, dropMask }, a);
export const toBatchMajor = (x: Tensor, dropMask: Tensor | null, a: TimeMajorAttrs & { batch: number }): Tensor => batchMajorKernel({ x, dropMask }, a);
const stackedKernel = kernel<{ x: Tensor }, StackedAttrs>('RnncStackedOperand', (mem, ins, a) => stackedOperand(mem, ins['x']!, a));
export const stacked = (x: Tensor, a: StackedAttrs): Tensor => stackedKernel({ x }, a);
const transposeKernel = kernel<{ x: Tensor }, object>('RnncTranspose', (mem, ins, _a, backend) => transpose2d(mem, tf.getBackend() === 'wasm' ? simdOf(backend) : null, ins['x']!));
/** A 2-D tensor transposed in one pass (tf.transpose is two to three times slower on wasm; transpose.ts). */
export const transposed = (x: Tensor): Tensor => transposeKernel({ x }, {});

const matMulKernel = kernel<{ a: Tensor; b: Tensor }, object>('RnncMatMul', (mem, ins, _a, backend) => {
  const [a, b] = [ins['a']!, ins['b']!];
  const out = mem.alloc([a.shape[0]!, b.shape[1]!]);
  gemmFor(backend, mem, (gemm) => gemm.multiply(a, b, out));
  return out;
});
/** a·b of 2-D tensors: on wasm rnnc's GEMM (wasm-gemm.ts; b packed for this one product), elsewhere tf.matMul. */
export const matMul = (a: Tensor, b: Tensor): Tensor => (tf.getBackend() === 'wasm' ? matMulKernel({ a, b }, {}) : tf.matMul(a, b));

/** A zero workspace of `shape` whose leading slots hold `parts` in order (null: zeros). */
export function workspace(shape: readonly number[], parts: readonly (Tensor | null)[] = []): Tensor {
  const slot = shape.slice(1).reduce((a, n) => a * n, 1);
  const inputs: Record<string, Tensor> = {};
  const offsets: number[] = [];
  parts.forEach((p, i) => {
    if (!p) return;
    inputs[`x${offsets.length}`] = p;
    offsets.push(i * slot);
  });
  return placeKernel(inputs, { shape, offsets });
}

const piecesKernel = kernel<{ x: Tensor }, SliceAttrs, Tensor[]>('RnncPieces', (mem, ins, a) => pieces(mem, ins['x']!, a));
export const piecesOf = (x: Tensor, a: SliceAttrs): Tensor[] => piecesKernel({ x }, a);

const joinKernel = kernel<Record<string, Tensor>, JoinAttrs, Tensor[]>('RnncJoinColumns', (mem, ins, a) => joinColumns(mem, Object.keys(ins).sort().map((k) => ins[k]!), a));
/** See joinColumns; at most 10 inputs (they are passed in name order x0…x9). */
export const joinedColumns = (xs: readonly Tensor[], a: JoinAttrs): Tensor[] => joinKernel(Object.fromEntries(xs.map((x, i) => [`x${i}`, x])), a);

/** Adam's update in one kernel: [variable, m, v(, v̂)] new. */
export const adamStep = kernel<TensorsOf<AdamInputs>, AdamAttrs, Tensor[]>('RnncAdam', (mem, ins, a) => adamUpdate(mem, infos(ins), a));
