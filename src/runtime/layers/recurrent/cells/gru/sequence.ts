// A whole GRU direction as one kernel each way on the WASM backend (the gruSequence plan), both
// reset_after forms: the loop over steps runs inside the kernel, calling the backend's GEMM
// directly (kernels/wasm-gemm.ts) for h·U — or h·U_zr and (r ⊙ h)·U_h — and their transposes
// backward, with a cell step in between, as ../lstm/sequence.ts does for LSTM. The per-step
// kernels of step.ts between tfjs GEMMs (the gruSteps plan) serve the cpu backend.
//
// A cell step is one of two implementations of the same arithmetic, chosen by choose.ts: the
// reference JavaScript (step.ts) or WebAssembly SIMD (simd.ts) — the same bits either way. The
// SIMD steps leave to JavaScript what step.ts's helpers do the same for both: h_{t−1}'s copies
// into the stacked operands, the layer's output, and completing dh.

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { gemmFor, infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { writeOutput, type RowAttrs, type StepAttrs } from '../../../../kernels/step.ts';
import type { Gemm } from '../../../../kernels/wasm-gemm.ts';
import type { Simd } from '../../../../kernels/wasm-simd.ts';
import type { Arithmetic } from '../../choose.ts';
import { backLoop, cellsOn, copyIntoA, initialH, maskColumn } from '../../fused/sequence-loop.ts';
import {
  gatherDh,
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
} from './step.ts';

type Info = tf.TensorInfo;

/** A GRU's cell steps, each as step.ts's function of the same name (`simd` is null for the JavaScript). */
export interface GruCells {
  forward(mem: Memory, simd: Simd | null, ins: GruForwardInputs, a: RowAttrs): Info;
  backward(mem: Memory, simd: Simd | null, ins: GruBackwardInputs, a: RowAttrs): Info;
  gates(mem: Memory, simd: Simd | null, ins: GruGatesInputs, a: RowAttrs): Info;
  candidate(mem: Memory, simd: Simd | null, ins: GruCandidateInputs, a: StepAttrs): Info;
  backCandidate(mem: Memory, simd: Simd | null, ins: GruBackCandidateInputs, a: RowAttrs): Info;
  backReset(mem: Memory, simd: Simd | null, ins: GruBackResetInputs, a: RowAttrs): Info;
}

const dhParts = (mem: Memory, dhRec: Info | undefined, dOut: Info | undefined, mask: Info | undefined) =>
  [dhRec ? mem.view(dhRec) : null, dOut ? mem.view(dOut) : null, mask ? mem.view(mask) : null] as const;

const SIMD_CELLS: GruCells = {
  forward(mem, simd, ins, a) {
    const s = simd!;
    const [batch, H] = ins.hPrev.shape as [number, number];
    const h = mem.alloc([batch, H]);
    copyIntoA(mem.view(ins.at), mem.view(ins.hPrev), batch, H, a);
    const step = 4 * a.t * batch * 3 * H;
    s.functions['gruAfterForward']!(s.address(ins.gates) + step, s.address(ins.hU), s.address(ins.bias!), s.address(ins.aux) + step, s.address(h), s.address(ins.hPrev), ...maskColumn(s, ins.mask, a), batch, H);
    writeOutput(mem.view(ins.out), mem.view(h), ins.mask ? mem.view(ins.mask) : null, batch, H, a);
    return h;
  },
  backward(mem, simd, ins, a) {
    const s = simd!;
    const [, batch, H] = ins.carry.shape as [number, number, number];
    const d = mem.alloc([batch, 3 * H]);
    gatherDh(mem.view(ins.carry), ...dhParts(mem, ins.dhRec, ins.dOut, ins.mask), batch, H, a);
    const step = 4 * a.t * batch * 3 * H;
    const atH = s.address(ins.at) + 4 * (a.t * batch * a.rowWidth + a.hRow);
    s.functions['gruAfterBackward']!(s.address(ins.gates) + step, s.address(ins.aux) + step, atH, 4 * a.rowWidth, s.address(ins.carry), s.address(d), ...maskColumn(s, ins.mask, a), batch, H);
    return d;
  },
  gates(mem, simd, ins, a) {
    const s = simd!;
    const [batch, H] = ins.hPrev.shape as [number, number];
    const rh = mem.alloc([batch, H]);
    copyIntoA(mem.view(ins.atZr), mem.view(ins.hPrev), batch, H, a);
    const atH = s.address(ins.atH) + 4 * (a.t * batch * a.rowWidth + a.hRow);
    const zr = s.address(ins.zr) + 4 * a.t * batch * 2 * H;
    s.functions['gruBeforeGates']!(zr, s.address(ins.hU), s.address(ins.bias!), s.address(ins.hPrev), s.address(rh), atH, 4 * a.rowWidth, ...maskColumn(s, ins.mask, a), batch, H);
    return rh;
  },
  candidate(mem, simd, ins, a) {
    const s = simd!;
    const [batch, H] = ins.hPrev.shape as [number, number];
    const h = mem.alloc([batch, H]);
    const [hh, zr] = [s.address(ins.hh) + 4 * a.t * batch * H, s.address(ins.zr) + 4 * a.t * batch * 2 * H];
    s.functions['gruBeforeCandidate']!(hh, s.address(ins.hc), s.address(ins.bias!) + 4 * 2 * H, zr, s.address(ins.hPrev), s.address(h), ...maskColumn(s, ins.mask, a), batch, H);
    writeOutput(mem.view(ins.out), mem.view(h), ins.mask ? mem.view(ins.mask) : null, batch, H, a);
    return h;
  },
  backCandidate(mem, simd, ins, a) {
    const s = simd!;
    const [, batch, H] = ins.carry.shape as [number, number, number];
    const d = mem.alloc([batch, H]);
    gatherDh(mem.view(ins.carry), ...dhParts(mem, ins.dhRec, ins.dOut, ins.mask), batch, H, a);
    const [zr, hh] = [s.address(ins.zr) + 4 * a.t * batch * 2 * H, s.address(ins.hh) + 4 * a.t * batch * H];
    const atZr = s.address(ins.atZr) + 4 * (a.t * batch * a.rowWidth + a.hRow);
    s.functions['gruBeforeBackCandidate']!(zr, hh, atZr, 4 * a.rowWidth, s.address(ins.carry), s.address(d), ...maskColumn(s, ins.mask, a), batch, H);
    return d;
  },
  backReset(mem, simd, ins, a) {
    const s = simd!;
    const [, batch, H] = ins.carry.shape as [number, number, number];
    const d = mem.alloc([batch, 2 * H]);
    const zr = s.address(ins.zr) + 4 * a.t * batch * 2 * H;
    const atZr = s.address(ins.atZr) + 4 * (a.t * batch * a.rowWidth + a.hRow);
    s.functions['gruBeforeBackReset']!(zr, s.address(ins.dRh), atZr, 4 * a.rowWidth, s.address(ins.carry), s.address(d), ...maskColumn(s, ins.mask, a), batch, H);
    return d;
  },
};

/** The two implementations of the steps (choose.ts picks; a program keeps what its model runs:
 *  functions, so that one left out stands in as a function too). */
export const GRU_CELLS: Readonly<Record<Arithmetic, () => GruCells>> = {
  js: () => ({
    forward: (mem, _s, ins, a) => gruForward(mem, ins, a),
    backward: (mem, _s, ins, a) => gruBackward(mem, ins, a),
    gates: (mem, _s, ins, a) => gruGates(mem, ins, a),
    candidate: (mem, _s, ins, a) => gruCandidate(mem, ins, a),
    backCandidate: (mem, _s, ins, a) => gruBackCandidate(mem, ins, a),
    backReset: (mem, _s, ins, a) => gruBackReset(mem, ins, a),
  }),
  simd: () => SIMD_CELLS,
};

type Attrs = Omit<RowAttrs, 't'>;
const at = <A extends object>(a: A, t: number) => ({ ...a, t });

export interface GruAfterSequenceInputs {
  readonly gates: Info;
  readonly aux: Info;
  readonly at: Info;
  readonly out: Info;
  /** U [H, 3H]. */
  readonly recurrentKernel: Info;
  readonly h0?: Info;
  readonly mask?: Info;
  readonly bias?: Info;
}

/** reset_after=true, all T steps forward; returns h_{T−1}. `simd`: the module when the steps run there, else null. */
export function gruAfterSequence(mem: Memory, gemm: Gemm, simd: Simd | null, ins: GruAfterSequenceInputs, a: Attrs): Info {
  const cells = GRU_CELLS[simd ? 'simd' : 'js']();
  const [units, width] = ins.recurrentKernel.shape as [number, number];
  const batch = ins.gates.shape[0]! / a.time;
  const hU = mem.alloc([batch, width]);
  let h = initialH(mem, ins.h0, batch, units);
  for (let t = 0; t < a.time; t++) {
    gemm.multiply(h, ins.recurrentKernel, hU);
    const next = cells.forward(mem, simd, { hU, hPrev: h, gates: ins.gates, aux: ins.aux, at: ins.at, out: ins.out, mask: ins.mask, bias: ins.bias }, at(a, t));
    mem.free(h);
    h = next;
  }
  mem.free(hU);
  return h;
}

export interface GruAfterSequenceBackwardInputs {
  readonly gates: Info;
  readonly aux: Info;
  readonly at: Info;
  readonly carry: Info;
  /** Uᵀ [3H, H]. */
  readonly recurrentKernelT: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

type BackAttrs = Attrs & { readonly initialGrad: boolean };

/** reset_after=true, all T steps backward (gates and aux become dZ); returns dz_0·Uᵀ, zeros unless initialGrad. */
export function gruAfterSequenceBackward(mem: Memory, gemm: Gemm, simd: Simd | null, ins: GruAfterSequenceBackwardInputs, a: BackAttrs): Info {
  const cells = GRU_CELLS[simd ? 'simd' : 'js']();
  const [, batch, units] = ins.carry.shape as [number, number, number];
  return backLoop(mem, batch, units, a, (t, dhRec, rec) => {
    const d = cells.backward(mem, simd, { dhRec, carry: ins.carry, gates: ins.gates, aux: ins.aux, at: ins.at, dOut: ins.dOut, mask: ins.mask }, at(a, t));
    if (rec) gemm.multiply(d, ins.recurrentKernelT, rec);
    mem.free(d);
  });
}

export interface GruBeforeSequenceInputs {
  readonly zr: Info;
  readonly hh: Info;
  readonly atZr: Info;
  readonly atH: Info;
  readonly out: Info;
  /** U_zr [H, 2H] and U_h [H, H]. */
  readonly recurrentZr: Info;
  readonly recurrentH: Info;
  readonly h0?: Info;
  readonly mask?: Info;
  readonly bias?: Info;
}

/** reset_after=false, all T steps forward; returns h_{T−1}. */
export function gruBeforeSequence(mem: Memory, gemm: Gemm, simd: Simd | null, ins: GruBeforeSequenceInputs, a: Attrs): Info {
  const cells = GRU_CELLS[simd ? 'simd' : 'js']();
  const units = ins.recurrentH.shape[0]!;
  const batch = ins.zr.shape[0]! / a.time;
  const hU = mem.alloc([batch, 2 * units]);
  const hc = mem.alloc([batch, units]);
  let h = initialH(mem, ins.h0, batch, units);
  for (let t = 0; t < a.time; t++) {
    gemm.multiply(h, ins.recurrentZr, hU);
    const rh = cells.gates(mem, simd, { hU, hPrev: h, zr: ins.zr, atZr: ins.atZr, atH: ins.atH, mask: ins.mask, bias: ins.bias }, at(a, t));
    gemm.multiply(rh, ins.recurrentH, hc);
    mem.free(rh);
    const next = cells.candidate(mem, simd, { hc, hPrev: h, zr: ins.zr, hh: ins.hh, out: ins.out, mask: ins.mask, bias: ins.bias }, at(a, t));
    mem.free(h);
    h = next;
  }
  mem.free(hU);
  mem.free(hc);
  return h;
}

export interface GruBeforeSequenceBackwardInputs {
  readonly zr: Info;
  readonly hh: Info;
  readonly atZr: Info;
  readonly carry: Info;
  /** U_zrᵀ [2H, H] and U_hᵀ [H, H]. */
  readonly recurrentZrT: Info;
  readonly recurrentHT: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** reset_after=false, all T steps backward (zr and hh become dZ); returns dz_0·U_zrᵀ, zeros unless initialGrad. */
export function gruBeforeSequenceBackward(mem: Memory, gemm: Gemm, simd: Simd | null, ins: GruBeforeSequenceBackwardInputs, a: BackAttrs): Info {
  const cells = GRU_CELLS[simd ? 'simd' : 'js']();
  const [, batch, units] = ins.carry.shape as [number, number, number];
  const dRh = mem.alloc([batch, units]);
  const result = backLoop(mem, batch, units, a, (t, dhRec, rec) => {
    const dhp = cells.backCandidate(mem, simd, { dhRec, carry: ins.carry, zr: ins.zr, hh: ins.hh, atZr: ins.atZr, dOut: ins.dOut, mask: ins.mask }, at(a, t));
    gemm.multiply(dhp, ins.recurrentHT, dRh);
    mem.free(dhp);
    const dzr = cells.backReset(mem, simd, { dRh, carry: ins.carry, zr: ins.zr, atZr: ins.atZr, mask: ins.mask }, at(a, t));
    if (rec) gemm.multiply(dzr, ins.recurrentZrT, rec);
    mem.free(dzr);
  });
  mem.free(dRh);
  return result;
}

type SequenceAttrs = Attrs & { readonly cells: Arithmetic };
type SequenceBackAttrs = BackAttrs & { readonly cells: Arithmetic };

/** A reset_after=true direction's forward steps in one kernel (wasm); returns h_{T−1}. */
export const gruAfterSequenceRun = kernel<TensorsOf<GruAfterSequenceInputs>, SequenceAttrs>('RnncGruAfterSequence', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => gruAfterSequence(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
/** Its backward steps; returns dz_0·Uᵀ (zeros unless initialGrad). */
export const gruAfterSequenceBackRun = kernel<TensorsOf<GruAfterSequenceBackwardInputs>, SequenceBackAttrs>('RnncGruAfterSequenceBackward', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => gruAfterSequenceBackward(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
/** A reset_after=false direction's forward steps in one kernel (wasm); returns h_{T−1}. */
export const gruBeforeSequenceRun = kernel<TensorsOf<GruBeforeSequenceInputs>, SequenceAttrs>('RnncGruBeforeSequence', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => gruBeforeSequence(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
/** Its backward steps; returns dz_0·U_zrᵀ (zeros unless initialGrad). */
export const gruBeforeSequenceBackRun = kernel<TensorsOf<GruBeforeSequenceBackwardInputs>, SequenceBackAttrs>('RnncGruBeforeSequenceBackward', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => gruBeforeSequenceBackward(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
