// A whole LSTM direction as one kernel on the WASM backend (the lstmSequence plan): the loop over
// steps runs inside the kernel, calling the backend's GEMM directly (wasm-gemm.ts) for h·U and
// dz·Uᵀ and a cell-step implementation in between. The per-step kernels of step.ts serve the cpu
// backend, which has no such GEMM (the lstmSteps plan).
//
// Per-step values the engine never sees live in temporaries allocated here and freed before
// returning: two h buffers used alternately, hU, dz and the recurrent part of dh.
//
// The cells' arithmetic is one of two implementations of the same step, chosen by choose.ts:
// the reference JavaScript (step.ts, on views of the heap) or WebAssembly SIMD (simd.ts, on byte
// addresses), with the same results bit for bit; the JavaScript keeps the copies around either.
// With a mask, the SIMD cells read the mask itself and each step's output gates, worked out once
// per pass here (sequence-layout.ts's outputGates: whether a masked step outputs h or 0).

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { gemmFor, infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { outputGates, timeIndex } from '../../../../kernels/sequence-layout.ts';
import type { RowAttrs, StepAttrs } from '../../../../kernels/step.ts';
import type { Gemm } from '../../../../kernels/wasm-gemm.ts';
import type { Simd } from '../../../../kernels/wasm-simd.ts';
import type { Arithmetic } from '../../choose.ts';
import { cellsOn } from '../../fused/sequence-loop.ts';
import type { LstmBackwardBlocks, LstmForwardBlocks } from './simd.ts';
import { lstmBackwardCells, lstmForwardCells, stackPrevious, type LstmBackwardViews, type LstmForwardAttrs, type LstmForwardViews } from './step.ts';

type Info = tf.TensorInfo;

export interface LstmSequenceInputs {
  readonly gates: Info;
  readonly cs: Info;
  readonly acs: Info;
  readonly out: Info;
  readonly at: Info;
  /** U [H, 4H]. */
  readonly recurrentKernel: Info;
  /** h_{−1} [B, H]; zeros when absent. */
  readonly h0?: Info;
  readonly mask?: Info;
  readonly bias?: Info;
}

/** What a forward cell step reads besides its views: the call's buffers (see lstmSequence). */
interface ForwardRun {
  readonly simd: Simd | null;
  readonly ins: LstmSequenceInputs;
  readonly a: Omit<RowAttrs, 't'>;
  readonly batch: number;
  readonly units: number;
  readonly hU: Info;
  readonly last: Info;
  readonly ping: readonly [Info, Info];
  /** With a mask, every step's output gates for the SIMD cells; else null. */
  readonly outGates: Info | null;
}

/** The cells of forward step t, after the step's h·U is in hU: the views are fresh. */
type ForwardCells = (r: ForwardRun, t: number, v: LstmForwardViews, attrs: LstmForwardAttrs) => void;

/** The two implementations of a forward step (choose.ts picks; a program keeps what its model runs). */
const FORWARD_CELLS: Readonly<Record<Arithmetic, ForwardCells>> = {
  js: (r, _t, v, attrs) => lstmForwardCells(v, r.batch, r.units, attrs),
  simd: simdForwardCells,
};

function simdForwardCells(r: ForwardRun, t: number, v: LstmForwardViews, attrs: LstmForwardAttrs): void {
  const { ins, a, batch, units } = r;
  const fast = r.simd!;
  // Later steps get h_{t−1} into A from the step before.
  if (t === 0) stackPrevious(v.at, v.hp, batch, units, attrs);
  const [stepBytes, gateBytes] = [4 * batch * units, 4 * batch * 4 * units];
  const cs = fast.address(ins.cs) + t * stepBytes;
  const rowBytes = 4 * a.rowWidth;
  const toOut = a.returnSequences || t === a.time - 1;
  lstmSimdForward(
    fast,
    {
      gates: fast.address(ins.gates) + t * gateBytes,
      hU: fast.address(r.hU),
      bias: fast.address(ins.bias!),
      cPrev: cs,
      cNew: cs + stepBytes,
      acs: fast.address(ins.acs) + t * stepBytes,
      h: fast.address(t === a.time - 1 ? r.last : r.ping[(t + 1) % 2]!),
      hPrev: fast.address(r.ping[t % 2]!),
      nextA: t === a.time - 1 ? 0 : fast.address(ins.at) + (t + 1) * batch * rowBytes + 4 * a.hRow,
      nextAStride: rowBytes,
      out: toOut ? fast.address(ins.out) + (a.returnSequences ? 4 * t * units : 0) : 0,
      outStride: 4 * units * (a.returnSequences ? a.time : 1),
      ...maskBlocks(fast, ins.mask, r.outGates, t, batch, a),
    },
    batch,
    units,
  );
}

/** simd.ts's lstmForward: lstmForwardCells' arithmetic on `rows` rows (A's h_{t−1} columns at step 0 are the caller's). */
export function lstmSimdForward(simd: Simd, p: LstmForwardBlocks, rows: number, units: number): void {
  simd.functions['lstmForward']!(p.gates, p.hU, p.bias, p.cPrev, p.cNew, p.acs, p.h, p.hPrev, p.nextA, p.nextAStride, p.out, p.outStride, p.mask, p.maskStride, p.outGate, rows, units);
}

/** simd.ts's lstmBackward: lstmBackwardCells' arithmetic, completing dh first. */
export function lstmSimdBackward(simd: Simd, p: LstmBackwardBlocks, rows: number, units: number): void {
  simd.functions['lstmBackward']!(p.gates, p.cPrev, p.acs, p.dh, p.dc, p.dz, p.dhRec, p.dOut, p.dOutStride, p.mask, p.maskStride, p.outGate, rows, units);
}

/**
 * All T steps forward; returns h_{T−1} [B, H] (before any output masking, as a state). `simd`: the
 * SIMD module when the steps run there (it needs a bias and simd.ts's simdCovers), else null.
 */
export function lstmSequence(mem: Memory, gemm: Gemm, simd: Simd | null, ins: LstmSequenceInputs, a: Omit<RowAttrs, 't'>): Info {
  const [units, width] = ins.recurrentKernel.shape as [number, number];
  const batch = ins.gates.shape[0]! / a.time;
  const last = mem.alloc([batch, units]);
  const ping = [mem.alloc([batch, units]), mem.alloc([batch, units])] as const;
  const hU = mem.alloc([batch, width]);
  const outGates = simd ? outputGatesOf(mem, ins.mask, batch, a) : null;
  const run: ForwardRun = { simd, ins, a, batch, units, hU, last, ping, outGates };
  const cells = FORWARD_CELLS[simd ? 'simd' : 'js'];
  // Views are made again only when the heap has grown (the GEMM's first call packs U and may
  // allocate): a step's arithmetic is ~100 µs, and ten fresh views a step added ~10 µs and garbage.
  let generation: unknown = null;
  let byStep: (t: number) => LstmForwardViews = () => {
    throw new Error('unreachable');
  };
  const refresh = () => {
    if (mem.generation() === generation) return;
    generation = mem.generation();
    const shared = {
      hu: mem.view(hU),
      gates: mem.view(ins.gates),
      cs: mem.view(ins.cs),
      acs: mem.view(ins.acs),
      out: mem.view(ins.out),
      at: mem.view(ins.at),
      mask: ins.mask ? mem.view(ins.mask) : null,
      bias: ins.bias ? mem.view(ins.bias) : null,
    };
    const [p0, p1, end] = [mem.view(ping[0]), mem.view(ping[1]), mem.view(last)];
    const even = { ...shared, hp: p0, h: p1 };
    const odd = { ...shared, hp: p1, h: p0 };
    const lastFrom = [{ ...shared, hp: p0, h: end }, { ...shared, hp: p1, h: end }] as const;
    byStep = (t) => (t === a.time - 1 ? lastFrom[t % 2]! : t % 2 === 0 ? even : odd);
  };
  refresh();
  if (ins.h0) mem.view(ping[0]).set(mem.view(ins.h0));
  else mem.view(ping[0]).fill(0);
  const attrs = { ...a, t: 0, cPrev: 0, cNew: 1 } satisfies LstmForwardAttrs;
  for (let t = 0; t < a.time; t++) {
    gemm.multiply(ping[t % 2]!, ins.recurrentKernel, hU);
    refresh();
    [attrs.t, attrs.cPrev, attrs.cNew] = [t, t, t + 1];
    cells(run, t, byStep(t), attrs);
  }
  for (const temp of [...ping, hU, ...(outGates ? [outGates] : [])]) mem.free(temp);
  return last;
}

/** With a mask, every step's output gates [T, B] for the SIMD cells; null without one. */
function outputGatesOf(mem: Memory, mask: Info | undefined, batch: number, a: Omit<StepAttrs, 't'>): Info | null {
  if (!mask) return null;
  const gates = mem.alloc([a.time, batch]);
  outputGates(mem.view(mask), mem.view(gates), batch, a.time, a.reverse, a.zeroOutput);
  return gates;
}

const NO_MASK = { mask: 0, maskStride: 0, outGate: 0 };

/** simd.ts's mask blocks at step t: the mask's column of the step's original time, and its output gates. */
function maskBlocks(simd: Simd, mask: Info | undefined, outGates: Info | null, t: number, batch: number, a: Omit<StepAttrs, 't'>) {
  if (!mask || !outGates) return NO_MASK;
  return { mask: simd.address(mask) + 4 * timeIndex(t, a.time, a.reverse), maskStride: 4 * a.time, outGate: simd.address(outGates) + 4 * t * batch };
}

export interface LstmSequenceBackwardInputs {
  readonly gates: Info;
  readonly cs: Info;
  readonly acs: Info;
  readonly carry: Info;
  /** Uᵀ [4H, H]. */
  readonly recurrentKernelT: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** What a backward cell step reads besides its views. */
interface BackwardRun {
  readonly simd: Simd | null;
  readonly ins: LstmSequenceBackwardInputs;
  readonly a: Omit<StepAttrs, 't'>;
  readonly batch: number;
  readonly units: number;
  readonly dz: Info;
  readonly dhRec: Info;
  readonly outGates: Info | null;
}

/** The cells of backward step t, before dz·Uᵀ: `v` are fresh views, without dhRec at the last step. */
type BackwardCells = (r: BackwardRun, t: number, v: LstmBackwardViews, attrs: StepAttrs) => void;

const BACKWARD_CELLS: Readonly<Record<Arithmetic, BackwardCells>> = {
  js: (r, _t, v, attrs) => lstmBackwardCells(v, r.batch, r.units, attrs),
  simd: simdBackwardCells,
};

function simdBackwardCells(r: BackwardRun, t: number): void {
  const { ins, a, batch, units } = r;
  const fast = r.simd!;
  const stepBytes = 4 * batch * units;
  const carry = fast.address(ins.carry);
  const blocks = { gates: fast.address(ins.gates) + 4 * t * stepBytes, acs: fast.address(ins.acs) + t * stepBytes, dz: fast.address(r.dz), dh: carry, dc: carry + stepBytes };
  // step.ts's addOutputGrad: the output's gradient at every step, or at the last (and with a
  // mask, where the row's output gate is not 0).
  const dOut = ins.dOut && (a.returnSequences || t === a.time - 1) ? fast.address(ins.dOut) + (a.returnSequences ? t * 4 * units : 0) : 0;
  const dOutStride = 4 * units * (a.returnSequences ? a.time : 1);
  const dhRecAt = t === a.time - 1 ? 0 : fast.address(r.dhRec);
  const masks = maskBlocks(fast, ins.mask, r.outGates, t, batch, a);
  lstmSimdBackward(fast, { ...blocks, cPrev: fast.address(ins.cs) + t * stepBytes, dhRec: dhRecAt, dOut, dOutStride, ...masks }, batch, units);
}

/**
 * All T steps backward (gates become dZ, carry ends as the skipping dh and dc of step 0); returns
 * dz_0·Uᵀ [B, H], the recurrent part of dh_{−1} — zeros unless `initialGrad`, when it is needed.
 * `simd`: the SIMD module when the steps run there (simd.ts's simdCovers), else null.
 */
export function lstmSequenceBackward(
  mem: Memory,
  gemm: Gemm,
  simd: Simd | null,
  ins: LstmSequenceBackwardInputs,
  a: Omit<StepAttrs, 't'> & { initialGrad: boolean },
): Info {
  const [, batch, units] = ins.carry.shape as [number, number, number];
  const result = mem.alloc([batch, units]);
  const dz = mem.alloc([batch, 4 * units]);
  const dhRec = mem.alloc([batch, units]);
  const outGates = simd ? outputGatesOf(mem, ins.mask, batch, a) : null;
  const run: BackwardRun = { simd, ins, a, batch, units, dz, dhRec, outGates };
  const cells = BACKWARD_CELLS[simd ? 'simd' : 'js'];
  let generation: unknown = null;
  let first: LstmBackwardViews | null = null;
  let rest: LstmBackwardViews | null = null;
  const refresh = () => {
    if (mem.generation() === generation) return;
    generation = mem.generation();
    const v = {
      dz: mem.view(dz),
      carry: mem.view(ins.carry),
      gates: mem.view(ins.gates),
      cs: mem.view(ins.cs),
      acs: mem.view(ins.acs),
      dOut: ins.dOut ? mem.view(ins.dOut) : null,
      mask: ins.mask ? mem.view(ins.mask) : null,
    };
    [first, rest] = [{ ...v, dhRec: null }, { ...v, dhRec: mem.view(dhRec) }];
  };
  const attrs = { ...a, t: 0 };
  for (let t = a.time - 1; t >= 0; t--) {
    refresh();
    attrs.t = t;
    cells(run, t, t === a.time - 1 ? first! : rest!, attrs);
    if (t > 0) gemm.multiply(dz, ins.recurrentKernelT, dhRec);
    else if (a.initialGrad) gemm.multiply(dz, ins.recurrentKernelT, result);
  }
  if (!a.initialGrad) mem.view(result).fill(0);
  for (const temp of [dz, dhRec, ...(outGates ? [outGates] : [])]) mem.free(temp);
  return result;
}

type SequenceAttrs = Omit<RowAttrs, 't'> & { readonly cells: Arithmetic };
type SequenceBackAttrs = Omit<StepAttrs, 't'> & { readonly initialGrad: boolean; readonly cells: Arithmetic };

/** An LSTM direction's forward steps in one kernel (wasm); returns h_{T−1}. */
export const lstmSequenceRun = kernel<TensorsOf<LstmSequenceInputs>, SequenceAttrs>('RnncLstmSequence', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => lstmSequence(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
/** Its backward steps in one kernel; returns dz_0·Uᵀ (zeros unless initialGrad). */
export const lstmSequenceBackRun = kernel<TensorsOf<LstmSequenceBackwardInputs>, SequenceBackAttrs>('RnncLstmSequenceBackward', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => lstmSequenceBackward(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
