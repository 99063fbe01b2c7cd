// A fused plan: one cell type's workspaces and kernels for one call of a direction, forward and
// backward (fused/run.ts runs it; each cell's plans are in cells/*/plan.ts, chosen by choose.ts).
// Here: a plan's shape, its context, the step loops of the plans that dispatch a kernel per step,
// the single-GEMM plan LSTM and SimpleRNN share, and the pieces every plan uses around its kernels.

import { actCode } from '../../../kernels/pointwise.ts';
import { matMul, piecesOf, stacked, transposed, workspace } from '../../../kernels/registry.ts';
import { tf, type Tensor } from '../../../tf.ts';
import type { CellKernel } from '../choose.ts';
import type { RecurrentConfig } from '../config.ts';

/** One cell type's workspaces and kernels for one call, forward and backward. */
export interface Plan {
  /** Every step forward from the initial state (zeros when absent): returns h_{T−1}. */
  forward(h0: Tensor | undefined): Tensor;
  /** The final states, from the last h. */
  states(h: Tensor): Tensor[];
  /** Before BPTT: the gradients of the output and of the final states. */
  begin(dOut: Tensor | null, dStates: readonly (Tensor | null)[]): void;
  /** Every step backward; returns dh_{−1}'s recurrent part when `wantInitial` (else it may be null). */
  backward(wantInitial: boolean): Tensor | null;
  /** After BPTT: the weight gradients in weight order, dx time-major [T·B, F] (null unless
   *  wantDx), and the gradient of the initial states given dh_{−1}'s recurrent part. It frees the
   *  workspaces as it goes: a forward pass supports one backward pass (the trainer's contract). */
  finish(dhRec: Tensor | null, wantInitial: boolean, wantDx: boolean): { dWeights: Tensor[]; dxt: Tensor | null; dInitialState: Tensor[] };
}

export interface Context {
  readonly cfg: RecurrentConfig;
  /** What choose.ts picked for this call. */
  readonly kernel: CellKernel;
  readonly batch: number;
  readonly time: number;
  readonly features: number;
  readonly units: number;
  readonly weights: readonly Tensor[];
  /** The input, time-major [T·B, F], dropout applied. */
  readonly xt: Tensor;
  readonly mask: Tensor | null;
  readonly out: Tensor;
  readonly initialState: readonly Tensor[];
}

export function stepAttrs(cfg: RecurrentConfig, t: number, time: number) {
  return {
    t,
    time,
    reverse: cfg.goBackwards,
    act: actCode(cfg.activationName)!,
    rec: actCode(cfg.recurrentActivationName) ?? 0,
    zeroOutput: cfg.zeroOutputForMask,
    returnSequences: cfg.returnSequences,
  };
}

/** A plan's forward loop when each step is a kernel of its own: `step` returns h_t from h_{t−1}. */
export function forwardSteps(c: Context, h0: Tensor | undefined, step: (t: number, h: Tensor) => Tensor): Tensor {
  let h = h0 ?? tf.zeros([c.batch, c.units]);
  for (let t = 0; t < c.time; t++) {
    const next = step(t, h);
    if (h !== h0) h.dispose();
    h = next;
  }
  return h;
}

/** Its backward loop: `backStep` returns dh_{t−1} through U when `wanted` (it is not at t = 0
 *  without an initial state), else null; `dhRec` is the previous call's result. */
export function backwardSteps(c: Context, wantInitial: boolean, backStep: (t: number, dhRec: Tensor | null, wanted: boolean) => Tensor | null): Tensor | null {
  let dhRec: Tensor | null = null;
  for (let t = c.time - 1; t >= 0; t--) {
    const next = backStep(t, dhRec, t > 0 || wantInitial);
    dhRec?.dispose();
    dhRec = next;
  }
  return dhRec;
}

/** The rows of a [K, N] tensor as separate tensors: `counts[i]` rows each (0: one row as [N]). */
export function rowsOf(g: Tensor, counts: readonly number[]): Tensor[] {
  const width = g.shape[1]!;
  const offsets: number[] = [];
  let at = 0;
  for (const n of counts) {
    offsets.push(at * width);
    at += Math.max(n, 1);
  }
  return piecesOf(g, { offsets, shapes: counts.map((n) => (n === 0 ? [width] : [n, width])) });
}

/**
 * Aᵀ·dZ, computed as (dZᵀ·A)ᵀ: a GEMM packs its right operand anew for every new tensor (XNNPACK
 * did; rnnc's GEMM on wasm does, registry.ts's matMul), and packing dZ [T·B, gates·H] took 2 of the
 * 5.4 ms of B1's Aᵀ·dZ through XNNPACK; A [T·B, K] is a quarter of its size. Both transposes are one pass each (transpose.ts). A and dZᵀ are freed as soon as the GEMM
 * has read them (the backward pass consumes the forward pass's workspaces, see `finish`, so the
 * step's peak memory stays near what BPTT needs); dZ stays for dx.
 */
export function weightGrads(a: Tensor, dz: Tensor): Tensor {
  const dzT = transposed(dz);
  const gT = matMul(dzT, a);
  tf.dispose([dzT, a]);
  const g = transposed(gT);
  gT.dispose();
  return g;
}

/** dZ·Wᵀ when wanted (null otherwise); either way dZ's buffer is freed. */
export function inputGrad(dz: Tensor, kernel: Tensor, wanted: boolean): Tensor | null {
  if (!wanted) {
    dz.dispose();
    return null;
  }
  const dxt = tf.matMul(dz, tf.transpose(kernel));
  dz.dispose();
  return dxt;
}

/** The carried gradients' initial values (dL/d final states), zeros where none flows. */
export const carryOf = (c: Context, slots: number, dStates: readonly (Tensor | null)[]) =>
  workspace([slots, c.batch, c.units], Array.from({ length: slots }, (_, i) => dStates[i] ?? null));

export function initialGrads(c: Context, carry: Tensor, dhRec: Tensor | null, slots: number): Tensor[] {
  const size = c.batch * c.units;
  const parts = piecesOf(carry, {
    offsets: Array.from({ length: slots }, (_, i) => i * size),
    shapes: Array.from({ length: slots }, () => [c.batch, c.units]),
  });
  return [dhRec ? tf.add(parts[0]!, dhRec) : parts[0]!, ...parts.slice(1)];
}

// ---- LSTM and SimpleRNN: one GEMM and one kernel per step, or the whole sequence as one kernel ----

/** What the single-GEMM plan hands its loop: the projection (then dZ), the stacked operand A, and
 *  — backward — the carried gradients, the output's gradient and Uᵀ. */
export interface SingleOperands {
  readonly gates: Tensor;
  readonly at: Tensor;
  readonly rowWidth: number;
  readonly bias: Tensor | null;
  readonly recurrentKernel: Tensor;
}

export interface SingleBackOperands extends SingleOperands {
  readonly carry: Tensor;
  readonly dOut: Tensor | null;
  readonly recurrentT: Tensor;
}

/** The single-GEMM plan's steps, forward and backward (Plan's forward and backward). */
export interface SingleLoop {
  forward(h0: Tensor | undefined, o: SingleOperands): Tensor;
  backward(wantInitial: boolean, o: SingleBackOperands): Tensor | null;
}

/** What distinguishes LSTM from SimpleRNN around the shared single-GEMM plan. */
export interface SingleCell {
  /** How many state gradients are carried (h; h and c). */
  readonly slots: number;
  states(h: Tensor): Tensor[];
  /** Frees the cell's own workspaces once BPTT is done. */
  release(): void;
  /** One kernel per step (stepLoop), or the whole sequence as one kernel each way (cells/lstm/sequence.ts). */
  readonly loop: SingleLoop;
}

/** A loop of one kernel per step between tfjs GEMMs: h·U before `forward`, dz·Uᵀ after `backward`. */
export function stepLoop(
  c: Context,
  step: {
    forward(t: number, hU: Tensor, h: Tensor, o: SingleOperands): Tensor;
    backward(t: number, dhRec: Tensor | null, o: SingleBackOperands): Tensor;
  },
): SingleLoop {
  return {
    forward: (h0, o) =>
      forwardSteps(c, h0, (t, h) => {
        const hU = tf.matMul(h, o.recurrentKernel);
        const next = step.forward(t, hU, h, o);
        hU.dispose();
        return next;
      }),
    backward: (wantInitial, o) =>
      backwardSteps(c, wantInitial, (t, dhRec, wanted) => {
        const dz = step.backward(t, dhRec, o);
        const rec = wanted ? tf.matMul(dz, o.recurrentT) : null;
        dz.dispose();
        return rec;
      }),
  };
}

export function singleGemmPlan(c: Context, cell: SingleCell): Plan {
  const { features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const gates = tf.matMul(c.xt, kernel);
  const rowWidth = F + H + (bias ? 1 : 0);
  const at = stacked(c.xt, { width: rowWidth, xCol: 0, onesCol: bias ? F + H : -1 });
  c.xt.dispose();
  const operands: SingleOperands = { gates, at, rowWidth, bias, recurrentKernel };
  let back: SingleBackOperands;
  return {
    forward: (h0) => cell.loop.forward(h0, operands),
    states: (h) => cell.states(h),
    begin(dOut, dStates) {
      back = { ...operands, carry: carryOf(c, cell.slots, dStates), dOut, recurrentT: tf.transpose(recurrentKernel) };
    },
    backward: (wantInitial) => cell.loop.backward(wantInitial, back),
    finish(dhRec, wantInitial, wantDx) {
      cell.release();
      const dWeights = rowsOf(weightGrads(at, gates), bias ? [F, H, 0] : [F, H]);
      const dxt = inputGrad(gates, kernel, wantDx);
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, back.carry, dhRec, cell.slots) : [] };
    },
  };
}
