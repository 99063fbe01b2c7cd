// The elementwise work of a GRU step (keras/src/layers/rnn/gru.py, gates z, r, h), both variants:
//
// reset_after=true (Keras 3's default): one GEMM per step, hU = h·U + b_rec, then
//   z = σ(xz + hU_z), r = σ(xr + hU_r), hh = act(xh + r·hU_h), h_t = hh + z·(h_{t−1} − hh)
//   Workspaces: gates [T·B, 3H] (projection → z, r, hh → the input side's dZ: dz, dr, dhh),
//   aux [T·B, 3H] (hU_h in its last third → the recurrent side's dZ: dz, dr, dhh·r), and the
//   stacked operand A_h = [h_{t−1}, 1].
//
// reset_after=false (Keras 2's, and tfjs-layers' only GRU): two GEMMs per step, since the
// candidate multiplies (r ⊙ h_{t−1})·U_h:
//   z, r = σ(xzr + h·U_zr);  hh = act(xh + (r ⊙ h)·U_h)
//   Workspaces: zr [T·B, 2H] (→ z, r → dz, dr), hh [T·B, H] (→ hh → dhh), and two stacked
//   operands A_zr = [x, h_{t−1}, 1] and A_h = [x, r ⊙ h_{t−1}, 1], so the weight gradients are two
//   GEMMs over dZ_zr and dZ_h with no wasted blocks.
//
// Masked steps keep h and pass its gradient through (carry [1, B, H]), as in ../lstm/step.ts.

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { activateRange, derivative } from '../../../../kernels/pointwise.ts';
import { timeIndex } from '../../../../kernels/sequence-layout.ts';
import { addOutputGrad, addRow, writeOutput, type RowAttrs, type StepAttrs } from '../../../../kernels/step.ts';

type Info = tf.TensorInfo;

const masked = (mask: Float32Array | null, b: number, a: StepAttrs) =>
  mask !== null && mask[b * a.time + timeIndex(a.t, a.time, a.reverse)] === 0;

/** dh_t in full into carry: what skipped the cell, plus the recurrent and the output gradient. */
export function gatherDh(dh: Float32Array, dhRec: Float32Array | null, dOut: Float32Array | null, mask: Float32Array | null, batch: number, units: number, a: StepAttrs): void {
  if (dhRec) for (let k = 0; k < batch * units; k++) dh[k] = dh[k]! + dhRec[k]!;
  addOutputGrad(dh, dOut, mask, batch, units, a);
}

export interface GruForwardInputs {
  readonly hU: Info;
  readonly hPrev: Info;
  readonly gates: Info;
  readonly aux: Info;
  readonly at: Info;
  readonly out: Info;
  readonly mask?: Info;
  /** [2, 3H]: the input bias, then the recurrent one (the GEMMs have none). */
  readonly bias?: Info;
}

/** reset_after=true, one step forward; returns h_t. */
export function gruForward(mem: Memory, ins: GruForwardInputs, a: RowAttrs): Info {
  const [batch, H] = ins.hPrev.shape as [number, number];
  const hInfo = mem.alloc([batch, H]);
  const h = mem.view(hInfo);
  const hu = mem.view(ins.hU);
  const hp = mem.view(ins.hPrev);
  const gates = mem.view(ins.gates);
  const aux = mem.view(ins.aux);
  const at = mem.view(ins.at);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  const bias = ins.bias ? mem.view(ins.bias) : null;
  const G = 3 * H;
  for (let b = 0; b < batch; b++) {
    const gr = (a.t * batch + b) * G;
    const zr = b * G;
    const hr = b * H;
    at.set(hp.subarray(hr, hr + H), (a.t * batch + b) * a.rowWidth + a.hRow);
    if (masked(mask, b, a)) {
      h.set(hp.subarray(hr, hr + H), hr);
      continue;
    }
    addRow(gates, gr, hu, zr, bias, 0, 2 * H);
    if (bias) addRow(gates, gr, bias, G, null, 0, 2 * H);
    activateRange(gates, gr, gr + 2 * H, a.rec);
    for (let j = 0; j < H; j++) {
      const rh = hu[zr + 2 * H + j]! + (bias ? bias[G + 2 * H + j]! : 0);
      aux[gr + 2 * H + j] = rh;
      const xh = gates[gr + 2 * H + j]! + (bias ? bias[2 * H + j]! : 0);
      gates[gr + 2 * H + j] = xh + gates[gr + H + j]! * rh;
    }
    activateRange(gates, gr + 2 * H, gr + G, a.act);
    for (let j = 0; j < H; j++) {
      const hh = gates[gr + 2 * H + j]!;
      h[hr + j] = hh + gates[gr + j]! * (hp[hr + j]! - hh);
    }
  }
  writeOutput(mem.view(ins.out), h, mask, batch, H, a);
  return hInfo;
}

export interface GruBackwardInputs {
  readonly dhRec?: Info;
  readonly carry: Info;
  readonly gates: Info;
  readonly aux: Info;
  readonly at: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** reset_after=true, one step backward; returns the recurrent side's dZ row block [B, 3H]. */
export function gruBackward(mem: Memory, ins: GruBackwardInputs, a: RowAttrs): Info {
  const [, batch, H] = ins.carry.shape as [number, number, number];
  const G = 3 * H;
  const dInfo = mem.alloc([batch, G]);
  const d = mem.view(dInfo);
  const dh = mem.view(ins.carry);
  const gates = mem.view(ins.gates);
  const aux = mem.view(ins.aux);
  const at = mem.view(ins.at);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  gatherDh(dh, ins.dhRec ? mem.view(ins.dhRec) : null, ins.dOut ? mem.view(ins.dOut) : null, mask, batch, H, a);
  for (let b = 0; b < batch; b++) {
    const gr = (a.t * batch + b) * G;
    const dr = b * G;
    const hr = b * H;
    if (masked(mask, b, a)) {
      d.fill(0, dr, dr + G);
      gates.fill(0, gr, gr + G);
      aux.fill(0, gr, gr + G);
      continue;
    }
    const hAt = (a.t * batch + b) * a.rowWidth + a.hRow;
    for (let j = 0; j < H; j++) {
      const z = gates[gr + j]!;
      const r = gates[gr + H + j]!;
      const hh = gates[gr + 2 * H + j]!;
      const dhj = dh[hr + j]!;
      const dzp = dhj * (at[hAt + j]! - hh) * derivative(a.rec, z);
      const dhp = dhj * (1 - z) * derivative(a.act, hh);
      const drp = dhp * aux[gr + 2 * H + j]! * derivative(a.rec, r);
      gates[gr + j] = dzp;
      gates[gr + H + j] = drp;
      gates[gr + 2 * H + j] = dhp;
      d[dr + j] = dzp;
      d[dr + H + j] = drp;
      d[dr + 2 * H + j] = dhp * r;
      dh[hr + j] = dhj * z;
    }
    aux.set(d.subarray(dr, dr + G), gr);
  }
  return dInfo;
}

export interface GruGatesInputs {
  readonly hU: Info;
  readonly hPrev: Info;
  readonly zr: Info;
  readonly atZr: Info;
  readonly atH: Info;
  readonly mask?: Info;
  /** [3H]: its first 2H are z's and r's (the projection's GEMM has none). */
  readonly bias?: Info;
}

/** reset_after=false, first half of a step: z and r; returns r ⊙ h_{t−1} for the candidate's GEMM. */
export function gruGates(mem: Memory, ins: GruGatesInputs, a: RowAttrs): Info {
  const [batch, H] = ins.hPrev.shape as [number, number];
  const rhInfo = mem.alloc([batch, H]);
  const rh = mem.view(rhInfo);
  const hu = mem.view(ins.hU);
  const hp = mem.view(ins.hPrev);
  const zr = mem.view(ins.zr);
  const atZr = mem.view(ins.atZr);
  const atH = mem.view(ins.atH);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  const bias = ins.bias ? mem.view(ins.bias) : null;
  for (let b = 0; b < batch; b++) {
    const gr = (a.t * batch + b) * 2 * H;
    const ur = b * 2 * H;
    const hr = b * H;
    const rowAt = (a.t * batch + b) * a.rowWidth + a.hRow;
    atZr.set(hp.subarray(hr, hr + H), rowAt);
    if (masked(mask, b, a)) {
      rh.fill(0, hr, hr + H);
      atH.fill(0, rowAt, rowAt + H);
      continue;
    }
    addRow(zr, gr, hu, ur, bias, 0, 2 * H);
    activateRange(zr, gr, gr + 2 * H, a.rec);
    for (let j = 0; j < H; j++) rh[hr + j] = zr[gr + H + j]! * hp[hr + j]!;
    atH.set(rh.subarray(hr, hr + H), rowAt);
  }
  return rhInfo;
}

export interface GruCandidateInputs {
  /** (r ⊙ h_{t−1})·U_h. */
  readonly hc: Info;
  readonly hPrev: Info;
  readonly zr: Info;
  readonly hh: Info;
  readonly out: Info;
  readonly mask?: Info;
  /** [3H]: its last H are the candidate's. */
  readonly bias?: Info;
}

/** reset_after=false, second half: the candidate and h_t, which it returns. */
export function gruCandidate(mem: Memory, ins: GruCandidateInputs, a: StepAttrs): Info {
  const [batch, H] = ins.hPrev.shape as [number, number];
  const hInfo = mem.alloc([batch, H]);
  const h = mem.view(hInfo);
  const hc = mem.view(ins.hc);
  const hp = mem.view(ins.hPrev);
  const zr = mem.view(ins.zr);
  const hhs = mem.view(ins.hh);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  const bias = ins.bias ? mem.view(ins.bias) : null;
  for (let b = 0; b < batch; b++) {
    const gr = (a.t * batch + b) * H;
    const zAt = (a.t * batch + b) * 2 * H;
    const hr = b * H;
    if (masked(mask, b, a)) {
      h.set(hp.subarray(hr, hr + H), hr);
      continue;
    }
    addRow(hhs, gr, hc, hr, bias, 2 * H, H);
    activateRange(hhs, gr, gr + H, a.act);
    for (let j = 0; j < H; j++) {
      const hh = hhs[gr + j]!;
      h[hr + j] = hh + zr[zAt + j]! * (hp[hr + j]! - hh);
    }
  }
  writeOutput(mem.view(ins.out), h, mask, batch, H, a);
  return hInfo;
}

export interface GruBackCandidateInputs {
  readonly dhRec?: Info;
  readonly carry: Info;
  readonly zr: Info;
  readonly hh: Info;
  readonly atZr: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

/** reset_after=false, backward through h_t's mix and the candidate's activation: returns dhh [B, H]. */
export function gruBackCandidate(mem: Memory, ins: GruBackCandidateInputs, a: RowAttrs): Info {
  const [, batch, H] = ins.carry.shape as [number, number, number];
  const dInfo = mem.alloc([batch, H]);
  const d = mem.view(dInfo);
  const dh = mem.view(ins.carry);
  const zr = mem.view(ins.zr);
  const hhs = mem.view(ins.hh);
  const atZr = mem.view(ins.atZr);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  gatherDh(dh, ins.dhRec ? mem.view(ins.dhRec) : null, ins.dOut ? mem.view(ins.dOut) : null, mask, batch, H, a);
  for (let b = 0; b < batch; b++) {
    const gr = (a.t * batch + b) * H;
    const zAt = (a.t * batch + b) * 2 * H;
    const hr = b * H;
    if (masked(mask, b, a)) {
      d.fill(0, hr, hr + H);
      hhs.fill(0, gr, gr + H);
      zr.fill(0, zAt, zAt + 2 * H);
      continue;
    }
    const hAt = (a.t * batch + b) * a.rowWidth + a.hRow;
    for (let j = 0; j < H; j++) {
      const z = zr[zAt + j]!;
      const hh = hhs[gr + j]!;
      const dhj = dh[hr + j]!;
      const dhp = dhj * (1 - z) * derivative(a.act, hh);
      zr[zAt + j] = dhj * (atZr[hAt + j]! - hh) * derivative(a.rec, z);
      hhs[gr + j] = dhp;
      d[hr + j] = dhp;
      dh[hr + j] = dhj * z;
    }
  }
  return dInfo;
}

export interface GruBackResetInputs {
  /** dhh·U_hᵀ: the gradient of r ⊙ h_{t−1}. */
  readonly dRh: Info;
  readonly carry: Info;
  readonly zr: Info;
  readonly atZr: Info;
  readonly mask?: Info;
}

/** reset_after=false, backward through the reset gate: returns dZ_zr's row block [B, 2H]. */
export function gruBackReset(mem: Memory, ins: GruBackResetInputs, a: RowAttrs): Info {
  const [, batch, H] = ins.carry.shape as [number, number, number];
  const dInfo = mem.alloc([batch, 2 * H]);
  const d = mem.view(dInfo);
  const dh = mem.view(ins.carry);
  const dRh = mem.view(ins.dRh);
  const zr = mem.view(ins.zr);
  const atZr = mem.view(ins.atZr);
  const mask = ins.mask ? mem.view(ins.mask) : null;
  for (let b = 0; b < batch; b++) {
    const zAt = (a.t * batch + b) * 2 * H;
    const hr = b * H;
    if (masked(mask, b, a)) {
      d.fill(0, b * 2 * H, (b + 1) * 2 * H);
      continue;
    }
    const hAt = (a.t * batch + b) * a.rowWidth + a.hRow;
    for (let j = 0; j < H; j++) {
      const r = zr[zAt + H + j]!;
      const g = dRh[hr + j]!;
      zr[zAt + H + j] = g * atZr[hAt + j]! * derivative(a.rec, r);
      dh[hr + j] = dh[hr + j]! + g * r;
    }
    d.set(zr.subarray(zAt, zAt + 2 * H), b * 2 * H);
  }
  return dInfo;
}

// Each function above as one kernel (the gruSteps plan, cells/gru/plan.ts).
export const gruForwardStep = kernel<TensorsOf<GruForwardInputs>, RowAttrs>('RnncGruForward', (mem, ins, a) => gruForward(mem, infos(ins), a));
export const gruBackwardStep = kernel<TensorsOf<GruBackwardInputs>, RowAttrs>('RnncGruBackward', (mem, ins, a) => gruBackward(mem, infos(ins), a));
export const gruGatesStep = kernel<TensorsOf<GruGatesInputs>, RowAttrs>('RnncGruGates', (mem, ins, a) => gruGates(mem, infos(ins), a));
export const gruCandidateStep = kernel<TensorsOf<GruCandidateInputs>, StepAttrs>('RnncGruCandidate', (mem, ins, a) => gruCandidate(mem, infos(ins), a));
export const gruBackCandidateStep = kernel<TensorsOf<GruBackCandidateInputs>, RowAttrs>('RnncGruBackCandidate', (mem, ins, a) => gruBackCandidate(mem, infos(ins), a));
export const gruBackResetStep = kernel<TensorsOf<GruBackResetInputs>, RowAttrs>('RnncGruBackReset', (mem, ins, a) => gruBackReset(mem, infos(ins), a));
