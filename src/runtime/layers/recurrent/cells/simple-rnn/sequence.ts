// A whole SimpleRNN direction as one kernel each way on the WASM backend (the simpleRnnSequence
// plan), as ../gru/sequence.ts does for GRU: the steps' h·U and dz·Uᵀ through the backend's GEMM
// (kernels/wasm-gemm.ts) inside the kernel, and between them a cell step, the reference
// JavaScript (step.ts) or WebAssembly SIMD (simd.ts) as choose.ts picks — the same bits either way.

import type { tf } from '../../../../tf.ts';
import type { Memory } from '../../../../kernels/heap.ts';
import { gemmFor, infos, kernel, type TensorsOf } from '../../../../kernels/registry.ts';
import { addOutputGrad, writeOutput, type RowAttrs, type StepAttrs } from '../../../../kernels/step.ts';
import type { Gemm } from '../../../../kernels/wasm-gemm.ts';
import type { Simd } from '../../../../kernels/wasm-simd.ts';
import type { Arithmetic } from '../../choose.ts';
import { backLoop, cellsOn, copyIntoA, initialH, maskColumn } from '../../fused/sequence-loop.ts';
import { simpleRnnBackward, simpleRnnForward, type SimpleRnnBackwardInputs, type SimpleRnnForwardInputs } from './step.ts';

type Info = tf.TensorInfo;

/** A SimpleRNN's cell steps, as step.ts's functions (`simd` is null for the JavaScript). */
export interface SimpleRnnCells {
  forward(mem: Memory, simd: Simd | null, ins: SimpleRnnForwardInputs, a: RowAttrs): Info;
  backward(mem: Memory, simd: Simd | null, ins: SimpleRnnBackwardInputs, a: StepAttrs): Info;
}

const SIMD_CELLS: SimpleRnnCells = {
  forward(mem, simd, ins, a) {
    const s = simd!;
    const [batch, H] = ins.hPrev.shape as [number, number];
    const h = mem.alloc([batch, H]);
    copyIntoA(mem.view(ins.at), mem.view(ins.hPrev), batch, H, a);
    s.functions['simpleRnnForward']!(s.address(ins.pre) + 4 * a.t * batch * H, s.address(ins.hU), s.address(ins.bias!), s.address(ins.hPrev), s.address(h), ...maskColumn(s, ins.mask, a), batch, H);
    writeOutput(mem.view(ins.out), mem.view(h), ins.mask ? mem.view(ins.mask) : null, batch, H, a);
    return h;
  },
  backward(mem, simd, ins, a) {
    const s = simd!;
    const [, batch, H] = ins.carry.shape as [number, number, number];
    const d = mem.alloc([batch, H]);
    const dh = mem.view(ins.carry);
    if (ins.dhRec) {
      const dhRec = mem.view(ins.dhRec);
      for (let k = 0; k < batch * H; k++) dh[k] = dh[k]! + dhRec[k]!;
    }
    addOutputGrad(dh, ins.dOut ? mem.view(ins.dOut) : null, ins.mask ? mem.view(ins.mask) : null, batch, H, a);
    s.functions['simpleRnnBackward']!(s.address(ins.pre) + 4 * a.t * batch * H, s.address(ins.carry), s.address(d), ...maskColumn(s, ins.mask, a), batch, H);
    return d;
  },
};

/** The two implementations of the steps (choose.ts picks; a program keeps what its model runs:
 *  functions, so that one left out stands in as a function too). */
export const SIMPLE_RNN_CELLS: Readonly<Record<Arithmetic, () => SimpleRnnCells>> = {
  js: () => ({ forward: (mem, _s, ins, a) => simpleRnnForward(mem, ins, a), backward: (mem, _s, ins, a) => simpleRnnBackward(mem, ins, a) }),
  simd: () => SIMD_CELLS,
};

export interface SimpleRnnSequenceInputs {
  readonly pre: Info;
  readonly at: Info;
  readonly out: Info;
  /** U [H, H]. */
  readonly recurrentKernel: Info;
  readonly h0?: Info;
  readonly mask?: Info;
  readonly bias?: Info;
}

type Attrs = Omit<RowAttrs, 't'>;

/** All T steps forward; returns h_{T−1}. `simd`: the module when the steps run there, else null. */
export function simpleRnnSequence(mem: Memory, gemm: Gemm, simd: Simd | null, ins: SimpleRnnSequenceInputs, a: Attrs): Info {
  const cells = SIMPLE_RNN_CELLS[simd ? 'simd' : 'js']();
  const units = ins.recurrentKernel.shape[0]!;
  const batch = ins.pre.shape[0]! / a.time;
  const hU = mem.alloc([batch, units]);
  let h = initialH(mem, ins.h0, batch, units);
  for (let t = 0; t < a.time; t++) {
    gemm.multiply(h, ins.recurrentKernel, hU);
    const next = cells.forward(mem, simd, { hU, hPrev: h, pre: ins.pre, out: ins.out, at: ins.at, mask: ins.mask, bias: ins.bias }, { ...a, t });
    mem.free(h);
    h = next;
  }
  mem.free(hU);
  return h;
}

export interface SimpleRnnSequenceBackwardInputs {
  readonly pre: Info;
  readonly carry: Info;
  /** Uᵀ [H, H]. */
  readonly recurrentKernelT: Info;
  readonly dOut?: Info;
  readonly mask?: Info;
}

type BackAttrs = Omit<StepAttrs, 't'> & { readonly initialGrad: boolean };

/** All T steps backward (pre becomes dZ); returns dz_0·Uᵀ, zeros unless initialGrad. */
export function simpleRnnSequenceBackward(mem: Memory, gemm: Gemm, simd: Simd | null, ins: SimpleRnnSequenceBackwardInputs, a: BackAttrs): Info {
  const cells = SIMPLE_RNN_CELLS[simd ? 'simd' : 'js']();
  const [, batch, units] = ins.carry.shape as [number, number, number];
  return backLoop(mem, batch, units, a, (t, dhRec, rec) => {
    const d = cells.backward(mem, simd, { dhRec, carry: ins.carry, pre: ins.pre, dOut: ins.dOut, mask: ins.mask }, { ...a, t });
    if (rec) gemm.multiply(d, ins.recurrentKernelT, rec);
    mem.free(d);
  });
}

/** A SimpleRNN direction's forward steps in one kernel (wasm); returns h_{T−1}. */
export const simpleRnnSequenceRun = kernel<TensorsOf<SimpleRnnSequenceInputs>, Attrs & { readonly cells: Arithmetic }>('RnncSimpleRnnSequence', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => simpleRnnSequence(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
/** Its backward steps; returns dz_0·Uᵀ (zeros unless initialGrad). */
export const simpleRnnSequenceBackRun = kernel<TensorsOf<SimpleRnnSequenceBackwardInputs>, BackAttrs & { readonly cells: Arithmetic }>('RnncSimpleRnnSequenceBackward', (mem, ins, a, backend) =>
  gemmFor(backend, mem, (gemm) => simpleRnnSequenceBackward(mem, gemm, cellsOn(backend, a.cells), infos(ins), a)),
);
