// rnnc's custom kernels, registered with TensorFlow.js for the wasm and cpu backends, and typed
// functions that run them. A kernel here is a plain function of (memory, inputs, attributes); the
// same function serves both backends through heap.ts's Memory.
//
// Each call is one engine dispatch (about 6 µs, 12–14 µs inside tidy, PERFORMANCE.md): a fused
// LSTM step replaces the ~25 ops of the plain path.

import { tf, type Tensor } from '../tf.ts';
import { adamUpdate, type AdamAttrs, type AdamInputs } from './adam.ts';
import { memoryOf, type BackendKind, type Memory } from './heap.ts';
import {
  gruBackCandidate,
  gruBackReset,
  gruBackward,
  gruCandidate,
  gruForward,
  gruGates,
  type GruBackCandidateInputs,
  type GruBackResetInputs,
  type GruBackwardInputs,
  type GruCandidateInputs,
  type GruForwardInputs,
  type GruGatesInputs,
} from './gru.ts';
import { lstmBackward, lstmForward, type LstmBackwardInputs, type LstmForwardAttrs, type LstmForwardInputs } from './lstm.ts';
import { simpleRnnBackward, simpleRnnForward, type SimpleRnnBackwardInputs, type SimpleRnnForwardInputs } from './simple-rnn.ts';
import type { RowAttrs, StepAttrs } from './step.ts';
import { lstmSequence, lstmSequenceBackward, type LstmSequenceBackwardInputs, type LstmSequenceInputs } from './lstm-sequence.ts';
import { transpose2d } from './transpose.ts';
import { wasmGemm } from './wasm-gemm.ts';
import { simdOf } from './wasm-simd.ts';

type SequenceAttrs = Omit<RowAttrs, 't'>;
type SequenceBackAttrs = Omit<StepAttrs, 't'> & { initialGrad: boolean };
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

export const BACKENDS: readonly BackendKind[] = ['wasm', 'cpu'];

const memories = new WeakMap<object, Memory>();

function register(name: string, body: KernelBody): void {
  for (const backendName of BACKENDS) {
    if (tf.getKernel(name, backendName)) continue;
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        let mem = memories.get(backend);
        if (!mem) memories.set(backend, (mem = memoryOf(backendName, backend as tf.KernelBackend)));
        return body(mem, inputs as Inputs, attrs as never, backend);
      },
    });
  }
}

/** True when the fused kernels run on the current backend (else the layers use plain ops). */
export function fusedKernelsAvailable(): boolean {
  return (BACKENDS as readonly string[]).includes(tf.getBackend());
}

/** True when whole-sequence kernels can run (they need the wasm backend's GEMM, wasm-gemm.ts). */
export function sequenceKernelsAvailable(): boolean {
  return tf.getBackend() === 'wasm';
}

function gemmFor(backend: object) {
  if (tf.getBackend() !== 'wasm') throw new Error('internal: a whole-sequence rnnc kernel ran on another backend than wasm');
  return wasmGemm(backend);
}

type TensorInputs = Readonly<Record<string, Tensor | null | undefined>>;
/** A kernel's inputs as tensors: the same names, null for an optional one left out. */
type TensorsOf<T> = { readonly [K in keyof T]-?: Tensor | null };

function run(name: string, inputs: TensorInputs, attrs: object): Tensor | Tensor[] {
  const present: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) if (v) present[k] = v;
  return tf.engine().runKernel(name, present, attrs as tf.NamedAttrMap) as Tensor | Tensor[];
}

const NAMES = {
  timeMajor: 'RnncTimeMajor',
  batchMajor: 'RnncBatchMajor',
  stacked: 'RnncStackedOperand',
  place: 'RnncPlace',
  pieces: 'RnncPieces',
  join: 'RnncJoinColumns',
  lstmForward: 'RnncLstmForward',
  lstmBackward: 'RnncLstmBackward',
  lstmSequence: 'RnncLstmSequence',
  lstmSequenceBackward: 'RnncLstmSequenceBackward',
  simpleRnnForward: 'RnncSimpleRnnForward',
  simpleRnnBackward: 'RnncSimpleRnnBackward',
  gruForward: 'RnncGruForward',
  gruBackward: 'RnncGruBackward',
  gruGates: 'RnncGruGates',
  gruCandidate: 'RnncGruCandidate',
  gruBackCandidate: 'RnncGruBackCandidate',
  gruBackReset: 'RnncGruBackReset',
  adam: 'RnncAdam',
  transpose: 'RnncTranspose',
} as const;

/** The inputs a kernel function reads, as the engine hands them over (optional ones may be absent). */
const infos = <T>(ins: Inputs) => ins as unknown as T;

register(NAMES.timeMajor, (mem, ins, a: TimeMajorAttrs) => timeMajor(mem, ins['x']!, ins['dropMask'], a));
register(NAMES.batchMajor, (mem, ins, a: TimeMajorAttrs & { batch: number }) => batchMajor(mem, ins['x']!, ins['dropMask'], a));
register(NAMES.stacked, (mem, ins, a: StackedAttrs) => stackedOperand(mem, ins['x']!, a));
register(NAMES.place, (mem, ins, a: PlaceAttrs) => place(mem, a.offsets.map((_, i) => ins[`x${i}`]!), a));
register(NAMES.pieces, (mem, ins, a: SliceAttrs) => pieces(mem, ins['x']!, a));
register(NAMES.join, (mem, ins, a: JoinAttrs) => joinColumns(mem, Object.keys(ins).sort().map((k) => ins[k]!), a));
register(NAMES.lstmForward, (mem, ins, a: LstmForwardAttrs) => lstmForward(mem, infos(ins), a));
register(NAMES.lstmBackward, (mem, ins, a: StepAttrs) => lstmBackward(mem, infos(ins), a));
register(NAMES.lstmSequence, (mem, ins, a: SequenceAttrs, backend) => lstmSequence(mem, gemmFor(backend), simdOf(backend), infos(ins), a));
register(NAMES.lstmSequenceBackward, (mem, ins, a: SequenceBackAttrs, backend) =>
  lstmSequenceBackward(mem, gemmFor(backend), simdOf(backend), infos(ins), a),
);
register(NAMES.simpleRnnForward, (mem, ins, a: RowAttrs) => simpleRnnForward(mem, infos(ins), a));
register(NAMES.simpleRnnBackward, (mem, ins, a: StepAttrs) => simpleRnnBackward(mem, infos(ins), a));
register(NAMES.gruForward, (mem, ins, a: RowAttrs) => gruForward(mem, infos(ins), a));
register(NAMES.gruBackward, (mem, ins, a: RowAttrs) => gruBackward(mem, infos(ins), a));
register(NAMES.gruGates, (mem, ins, a: RowAttrs) => gruGates(mem, infos(ins), a));
register(NAMES.gruCandidate, (mem, ins, a: StepAttrs) => gruCandidate(mem, infos(ins), a));
register(NAMES.gruBackCandidate, (mem, ins, a: RowAttrs) => gruBackCandidate(mem, infos(ins), a));
register(NAMES.gruBackReset, (mem, ins, a: RowAttrs) => gruBackReset(mem, infos(ins), a));
register(NAMES.adam, (mem, ins, a: AdamAttrs) => adamUpdate(mem, infos(ins), a));
register(NAMES.transpose, (mem, ins, _a, backend) => transpose2d(mem, tf.getBackend() === 'wasm' ? simdOf(backend) : null, ins['x']!));

export const toTimeMajor = (x: Tensor, dropMask: Tensor | null, a: TimeMajorAttrs): Tensor => run(NAMES.timeMajor, { x, dropMask }, a) as Tensor;
export const toBatchMajor = (x: Tensor, dropMask: Tensor | null, a: TimeMajorAttrs & { batch: number }): Tensor =>
  run(NAMES.batchMajor, { x, dropMask }, a) as Tensor;
export const stacked = (x: Tensor, a: StackedAttrs): Tensor => run(NAMES.stacked, { x }, a) as Tensor;
/** A 2-D tensor transposed in one pass (tf.transpose is ten times slower on wasm; transpose.ts). */
export const transposed = (x: Tensor): Tensor => run(NAMES.transpose, { x }, {}) as Tensor;

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
  return run(NAMES.place, inputs, { shape, offsets }) as Tensor;
}

export const piecesOf = (x: Tensor, a: SliceAttrs): Tensor[] => run(NAMES.pieces, { x }, a) as Tensor[];

/** See joinColumns; at most 10 inputs (they are passed in name order x0…x9). */
export const joinedColumns = (xs: readonly Tensor[], a: JoinAttrs): Tensor[] =>
  run(NAMES.join, Object.fromEntries(xs.map((x, i) => [`x${i}`, x])), a) as Tensor[];

export const lstmForwardStep = (ins: TensorsOf<LstmForwardInputs>, a: LstmForwardAttrs): Tensor => run(NAMES.lstmForward, ins, a) as Tensor;
/** An LSTM direction's forward steps in one kernel (wasm); returns h_{T−1}. */
export const lstmSequenceRun = (ins: TensorsOf<LstmSequenceInputs>, a: SequenceAttrs): Tensor => run(NAMES.lstmSequence, ins, a) as Tensor;
/** Its backward steps in one kernel; returns dz_0·Uᵀ (zeros unless initialGrad). */
export const lstmSequenceBackRun = (ins: TensorsOf<LstmSequenceBackwardInputs>, a: SequenceBackAttrs): Tensor =>
  run(NAMES.lstmSequenceBackward, ins, a) as Tensor;
export const lstmBackwardStep = (ins: TensorsOf<LstmBackwardInputs>, a: StepAttrs): Tensor => run(NAMES.lstmBackward, ins, a) as Tensor;
export const simpleRnnForwardStep = (ins: TensorsOf<SimpleRnnForwardInputs>, a: RowAttrs): Tensor => run(NAMES.simpleRnnForward, ins, a) as Tensor;
export const simpleRnnBackwardStep = (ins: TensorsOf<SimpleRnnBackwardInputs>, a: StepAttrs): Tensor => run(NAMES.simpleRnnBackward, ins, a) as Tensor;
export const gruForwardStep = (ins: TensorsOf<GruForwardInputs>, a: RowAttrs): Tensor => run(NAMES.gruForward, ins, a) as Tensor;
export const gruBackwardStep = (ins: TensorsOf<GruBackwardInputs>, a: RowAttrs): Tensor => run(NAMES.gruBackward, ins, a) as Tensor;
export const gruGatesStep = (ins: TensorsOf<GruGatesInputs>, a: RowAttrs): Tensor => run(NAMES.gruGates, ins, a) as Tensor;
export const gruCandidateStep = (ins: TensorsOf<GruCandidateInputs>, a: StepAttrs): Tensor => run(NAMES.gruCandidate, ins, a) as Tensor;
export const gruBackCandidateStep = (ins: TensorsOf<GruBackCandidateInputs>, a: RowAttrs): Tensor => run(NAMES.gruBackCandidate, ins, a) as Tensor;
/** Adam's update in one kernel: [variable, m, v(, v̂)] new. */
export const adamStep = (ins: TensorsOf<AdamInputs>, a: AdamAttrs): Tensor[] => run(NAMES.adam, ins, a) as Tensor[];
export const gruBackResetStep = (ins: TensorsOf<GruBackResetInputs>, a: RowAttrs): Tensor => run(NAMES.gruBackReset, ins, a) as Tensor;
