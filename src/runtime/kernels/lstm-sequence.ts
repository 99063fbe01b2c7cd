// A whole LSTM direction as one kernel on the WASM backend: the loop over steps runs inside the
// kernel, calling the backend's GEMM directly (wasm-gemm.ts) for h·U and dz·Uᵀ and the step
// arithmetic of lstm.ts in between, on views of the heap. The per-step kernels of lstm.ts remain
// for the cpu backend, which has no such GEMM.
//
// Per-step values the engine never sees live in temporaries allocated here and freed before
// returning: two h buffers used alternately, hU, dz and the recurrent part of dh.
//
// Where lstm-simd.ts covers the sequence (Keras's default activations, masked or not), the cells'
// arithmetic runs there instead, with the same results bit for bit; the JavaScript keeps the copies
// around it. With a mask, the SIMD cells read the mask itself and each step's output gates, worked
// out once per pass here (sequence-layout.ts's outputGates: whether a masked step outputs h or 0).

import type { tf } from '../tf.ts';
import type { Memory } from './heap.ts';
import {
  lstmBackwardCells,
  lstmForwardCells,
  stackPrevious,
  type LstmBackwardViews,
  type LstmForwardAttrs,
  type LstmForwardViews,
} from './lstm.ts';
import { simdCovers } from './lstm-simd.ts';
import { outputGates, timeIndex } from './sequence-layout.ts';
import type { RowAttrs, StepAttrs } from './step.ts';
import type { Gemm } from './wasm-gemm.ts';
import type { Simd } from './wasm-simd.ts';

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

/** All T steps forward; returns h_{T−1} [B, H] (before any output masking, as a state). */
export function lstmSequence(mem: Memory, gemm: Gemm, simd: Simd | null, ins: LstmSequenceInputs, a: Omit<RowAttrs, 't'>): Info {
  const [units, width] = ins.recurrentKernel.shape as [number, number];
  const batch = ins.gates.shape[0]! / a.time;
  const last = mem.alloc([batch, units]);
  const ping = [mem.alloc([batch, units]), mem.alloc([batch, units])] as const;
  const hU = mem.alloc([batch, width]);
  // The SIMD forward adds a bias as it reads the projection (without one, the JavaScript rounds z once more).
  const fast = simd && ins.bias && simdCovers(a.act, a.rec, units) ? simd : null;
  const outGates = fast ? outputGatesOf(mem, ins.mask, batch, a) : null;
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
  const [stepBytes, gateBytes] = [4 * batch * units, 4 * batch * width];
  for (let t = 0; t < a.time; t++) {
    gemm.multiply(ping[t % 2]!, ins.recurrentKernel, hU);
    refresh();
    [attrs.t, attrs.cPrev, attrs.cNew] = [t, t, t + 1];
    const v = byStep(t);
    if (!fast) {
      lstmForwardCells(v, batch, units, attrs);
      continue;
    }
    // Later steps get h_{t−1} into A from the step before.
    if (t === 0) stackPrevious(v.at, v.hp, batch, units, attrs);
    const cs = fast.address(ins.cs) + t * stepBytes;
    const rowBytes = 4 * a.rowWidth;
    const toOut = a.returnSequences || t === a.time - 1;
    fast.lstmForward(
      {
        gates: fast.address(ins.gates) + t * gateBytes,
        hU: fast.address(hU),
        bias: fast.address(ins.bias!),
        cPrev: cs,
        cNew: cs + stepBytes,
        acs: fast.address(ins.acs) + t * stepBytes,
        h: fast.address(t === a.time - 1 ? last : ping[(t + 1) % 2]!),
        hPrev: fast.address(ping[t % 2]!),
        nextA: t === a.time - 1 ? 0 : fast.address(ins.at) + (t + 1) * batch * rowBytes + 4 * a.hRow,
        nextAStride: rowBytes,
        out: toOut ? fast.address(ins.out) + (a.returnSequences ? 4 * t * units : 0) : 0,
        outStride: 4 * units * (a.returnSequences ? a.time : 1),
        ...maskBlocks(fast, ins.mask, outGates, t, batch, a),
      },
      batch,
      units,
    );
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

/** lstm-simd's mask blocks at step t: the mask's column of the step's original time, and its output gates. */
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

/**
 * All T steps backward (gates become dZ, carry ends as the skipping dh and dc of step 0); returns
 * dz_0·Uᵀ [B, H], the recurrent part of dh_{−1} — zeros unless `initialGrad`, when it is needed.
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
  const fast = simd && simdCovers(a.act, a.rec, units) ? simd : null;
  const outGates = fast ? outputGatesOf(mem, ins.mask, batch, a) : null;
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
  const stepBytes = 4 * batch * units;
  for (let t = a.time - 1; t >= 0; t--) {
    refresh();
    attrs.t = t;
    if (fast) {
      const carry = fast.address(ins.carry);
      const blocks = { gates: fast.address(ins.gates) + 4 * t * stepBytes, acs: fast.address(ins.acs) + t * stepBytes, dz: fast.address(dz), dh: carry, dc: carry + stepBytes };
      // step.ts's addOutputGrad: the output's gradient at every step, or at the last (and with a
      // mask, where the row's output gate is not 0).
      const dOut = ins.dOut && (a.returnSequences || t === a.time - 1) ? fast.address(ins.dOut) + (a.returnSequences ? t * 4 * units : 0) : 0;
      const dOutStride = 4 * units * (a.returnSequences ? a.time : 1);
      const dhRecAt = t === a.time - 1 ? 0 : fast.address(dhRec);
      const masks = maskBlocks(fast, ins.mask, outGates, t, batch, a);
      fast.lstmBackward({ ...blocks, cPrev: fast.address(ins.cs) + t * stepBytes, dhRec: dhRecAt, dOut, dOutStride, ...masks }, batch, units);
    } else lstmBackwardCells(t === a.time - 1 ? first! : rest!, batch, units, attrs);
    if (t > 0) gemm.multiply(dz, ins.recurrentKernelT, dhRec);
    else if (a.initialGrad) gemm.multiply(dz, ins.recurrentKernelT, result);
  }
  if (!a.initialGrad) mem.view(result).fill(0);
  for (const temp of [dz, dhRec, ...(outGates ? [outGates] : [])]) mem.free(temp);
  return result;
}
