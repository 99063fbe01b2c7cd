// The elementwise work of one LSTM step, forward and backward, in reference JavaScript
// (keras/src/layers/rnn/lstm.py, gates i, f, c, o). lstmForwardCells and lstmBackwardCells are
// the step's arithmetic on views: the whole-sequence kernel (sequence.ts) runs them between its
// GEMMs, or simd.ts's in their place; lstmForwardStep and lstmBackwardStep run them as one kernel
// per step (the lstmSteps plan).
//   z = xw_t + h_{t−1}·U   (xw_t: this step's row block of the input projection, bias included)
//   i, f, o = σ(z_i, z_f, z_o), g = act(z_c), c_t = f·c_{t−1} + i·g, h_t = o·act(c_t)
// A masked step keeps h and c (rnn.py) and passes their gradients straight through.
//
// Workspaces the layer owns and these kernels write into (see heap.ts):
// - gates [T·B, 4H]: the input projection x·W (the bias is added by the step); step t overwrites its rows with i, f, g, o, and the
//   backward step then overwrites them with dz — so after BPTT it is dZ, ready for the weight GEMMs;
// - cs [T+1, B, H]: c_{−1} … c_{T−1}; acs [T, B, H]: act(c_t), so BPTT evaluates no activation;
// - at: the stacked operand A; step t writes h_{t−1} into its rows' h columns;
// - out: the output sequence [B, T, H] (or [B, H], written at the last step);
// - carry [2, B, H] (backward): the part of dh_t that skips the cell, then dc_t.

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { activateRange, activateSum, derivative } from '../../../../kernels/pointwise.ts';
import { timeIndex } from '../../../../kernels/sequence-layout.ts';
import { addOutputGrad, writeOutput, type RowAttrs, type StepAttrs } from '../../../../kernels/step.ts';

type Info = tf.TensorInfo;

export interface LstmForwardAttrs extends RowAttrs {
  readonly cPrev: number;
  readonly cNew: number;
}

export interface LstmForwardInputs {
  readonly hU: Info;
  readonly hPrev: Info;
  readonly gates: Info;
  readonly cs: Info;
  /** [T, B, H]: act(c_t), kept so that BPTT evaluates no activation. */
  readonly acs: Info;
  readonly out: Info;
  readonly at: Info;
  readonly mask?: Info;
  /** [4H], added to the projection here (the projection's GEMM has none). */
  readonly bias?: Info;
}

/** The views one forward step reads and writes (see the workspaces above). */
export interface LstmForwardViews {
  readonly h: Float32Array;
  readonly hu: Float32Array;
  readonly hp: Float32Array;
  readonly gates: Float32Array;
  readonly cs: Float32Array;
  readonly acs: Float32Array;
  readonly out: Float32Array;
  readonly at: Float32Array;
  readonly mask: Float32Array | null;
  readonly bias: Float32Array | null;
}

/** One step forward; returns h_t [B, H]. */
export function lstmForward(mem: Memory, ins: LstmForwardInputs, a: LstmForwardAttrs): Info {
  const [batch, units] = ins.hPrev.shape as [number, number];
  const hInfo = mem.alloc([batch, units]);
  const v = (t: Info | undefined) => (t ? mem.view(t) : null);
  const views = { h: mem.view(hInfo), hu: mem.view(ins.hU), hp: mem.view(ins.hPrev), gates: mem.view(ins.gates), cs: mem.view(ins.cs) };
  lstmForwardCells({ ...views, acs: mem.view(ins.acs), out: mem.view(ins.out), at: mem.view(ins.at), mask: v(ins.mask), bias: v(ins.bias) }, batch, units, a);
  return hInfo;
}

/** The arithmetic of one forward step, on views. */
export function lstmForwardCells(v: LstmForwardViews, batch: number, units: number, a: LstmForwardAttrs): void {
  const { h, hu, hp, gates, cs, acs, mask, bias } = v;
  const { t, time, act, rec } = a;
  const H = units;
  const G = 4 * H;
  stackPrevious(v.at, hp, batch, H, a);
  for (let b = 0; b < batch; b++) {
    const gr = (t * batch + b) * G;
    const zr = b * G;
    const hr = b * H;
    const cp = a.cPrev * batch * H + hr;
    const cn = a.cNew * batch * H + hr;
    const an = t * batch * H + hr;
    if (mask && mask[b * time + timeIndex(t, time, a.reverse)] === 0) {
      // A masked step keeps its states; its gate rows are never read (backward zeroes them).
      for (let j = 0; j < H; j++) {
        cs[cn + j] = cs[cp + j]!;
        h[hr + j] = hp[hr + j]!;
      }
      continue;
    }
    activateSum(gates, gr, hu, zr, bias, 0, 2 * H, rec);
    activateSum(gates, gr + 2 * H, hu, zr + 2 * H, bias, 2 * H, H, act);
    activateSum(gates, gr + 3 * H, hu, zr + 3 * H, bias, 3 * H, H, rec);
    for (let j = 0; j < H; j++) {
      const c = gates[gr + H + j]! * cs[cp + j]! + gates[gr + j]! * gates[gr + 2 * H + j]!;
      cs[cn + j] = c;
      acs[an + j] = c;
    }
    activateRange(acs, an, an + H, act);
    for (let j = 0; j < H; j++) h[hr + j] = acs[an + j]! * gates[gr + 3 * H + j]!;
  }
  writeOutput(v.out, h, mask, batch, H, a);
}

/** h_{t−1} into its rows of the stacked operand A, for the weight gradients' GEMM. */
export function stackPrevious(at: Float32Array, hp: Float32Array, batch: number, units: number, a: RowAttrs): void {
  for (let b = 0; b < batch; b++) {
    const ar = (a.t * batch + b) * a.rowWidth + a.hRow;
    for (let j = 0; j < units; j++) at[ar + j] = hp[b * units + j]!;
  }
}

export interface LstmBackwardInputs {
  /** dz_{t+1}·Uᵀ; absent at the last step. */
  readonly dhRec?: Info;
  readonly carry: Info;
  readonly gates: Info;
  readonly cs: Info;
  readonly acs: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** The views one backward step reads and writes. */
export interface LstmBackwardViews {
  readonly dz: Float32Array;
  readonly carry: Float32Array;
  readonly gates: Float32Array;
  readonly cs: Float32Array;
  readonly acs: Float32Array;
  readonly dhRec: Float32Array | null;
  readonly dOut: Float32Array | null;
  readonly mask: Float32Array | null;
}

/** One step backward; returns dz_t [B, 4H] (also written over the step's gate rows). */
export function lstmBackward(mem: Memory, ins: LstmBackwardInputs, a: StepAttrs): Info {
  const [, batch, units] = ins.carry.shape as [number, number, number];
  const dzInfo = mem.alloc([batch, 4 * units]);
  const v = (t: Info | undefined) => (t ? mem.view(t) : null);
  const views = { dz: mem.view(dzInfo), carry: mem.view(ins.carry), gates: mem.view(ins.gates), cs: mem.view(ins.cs), acs: mem.view(ins.acs) };
  lstmBackwardCells({ ...views, dhRec: v(ins.dhRec), dOut: v(ins.dOut), mask: v(ins.mask) }, batch, units, a);
  return dzInfo;
}

/** The arithmetic of one backward step, on views. */
export function lstmBackwardCells(v: LstmBackwardViews, batch: number, units: number, a: StepAttrs): void {
  const { dz, carry, gates, cs, acs, mask } = v;
  const { t, time, act, rec } = a;
  const H = units;
  const G = 4 * H;
  const BH = batch * H;
  const dh = carry;
  completeDh(v, batch, units, a);
  for (let b = 0; b < batch; b++) {
    const gr = (t * batch + b) * G;
    const zr = b * G;
    const hr = b * H;
    if (mask && mask[b * time + timeIndex(t, time, a.reverse)] === 0) {
      // h and c passed through unchanged: their gradients do too (dh stays in carry[0]).
      dz.fill(0, zr, zr + G);
      gates.fill(0, gr, gr + G);
      continue;
    }
    const cBefore = t * BH + hr;
    const ac = t * BH + hr;
    // One pass per cell; `derivative` is small enough for V8 to inline here (activate is not).
    for (let j = 0; j < H; j++) {
      const i = gates[gr + j]!;
      const f = gates[gr + H + j]!;
      const g = gates[gr + 2 * H + j]!;
      const o = gates[gr + 3 * H + j]!;
      const acj = acs[ac + j]!;
      const dhj = dh[hr + j]!;
      const dc = carry[BH + hr + j]! + dhj * o * derivative(act, acj);
      dz[zr + j] = dc * g * derivative(rec, i);
      dz[zr + H + j] = dc * cs[cBefore + j]! * derivative(rec, f);
      dz[zr + 2 * H + j] = dc * i * derivative(act, g);
      dz[zr + 3 * H + j] = dhj * acj * derivative(rec, o);
      carry[BH + hr + j] = dc * f;
      dh[hr + j] = 0;
    }
    // Loops, not set(subarray(…)): a view object per row and step is garbage the GC must chase.
    for (let k = 0; k < G; k++) gates[gr + k] = dz[zr + k]!;
  }
}

/** carry[0] becomes dh_t in full: the part that skipped the cell plus h_t's recurrent and output
 *  gradients (simd.ts does the same, in the same order). */
function completeDh(v: LstmBackwardViews, batch: number, units: number, a: StepAttrs): void {
  const dh = v.carry;
  const { dhRec } = v;
  if (dhRec) for (let k = 0; k < batch * units; k++) dh[k] = dh[k]! + dhRec[k]!;
  addOutputGrad(dh, v.dOut, v.mask, batch, units, a);
}

/** One step forward as one kernel (the lstmSteps plan: the cpu backend, which has no direct GEMM). */
export const lstmForwardStep = kernel<TensorsOf<LstmForwardInputs>, LstmForwardAttrs>('RnncLstmForward', (mem, ins, a) => lstmForward(mem, infos(ins), a));
/** One step backward as one kernel. */
export const lstmBackwardStep = kernel<TensorsOf<LstmBackwardInputs>, StepAttrs>('RnncLstmBackward', (mem, ins, a) => lstmBackward(mem, infos(ins), a));
