// The fast path of one recurrent direction: the cell's elementwise work of each step fused into
// one custom kernel (../../kernels), so a step is two dispatches — the GEMM h·U and the fused cell —
// forward, and two backward (the fused cell backward and dz·Uᵀ); GRU with reset_after=false needs
// two of each. Everything else is a handful of kernels per call (docs/performance.md, "Where time goes"):
//   forward:  x → time-major (one pass, reversed for go_backwards, input dropout applied), one
//             GEMM for the projection of every step (the step kernels add the bias as they read
//             it), and the stacked operand A = [x, h, 1] filled as the steps run;
//   backward: after the loop the projection's buffer holds dZ, and one GEMM Aᵀ·dZ gives dW, dU
//             and the bias gradient together; dx = dZ·Wᵀ.
// Weights are never transposed per step: Uᵀ and Wᵀ are made once per call, so XNNPACK packs each
// once. Per-step tensors are disposed as soon as the next kernel has read them, so a training step
// holds only what BPTT needs (the gates, the states per step) plus the layer's output.
//
// The plain-op path in sequence.ts stays the reference and the fallback: recurrent dropout
// (Keras's implementation 1, one mask per gate), activations without a fused kernel, and
// backends other than wasm and cpu run there.

import { actCode } from '../../kernels/pointwise.ts';
import {
  fusedKernelsAvailable,
  lstmBackwardStep,
  lstmForwardStep,
  lstmSequenceBackRun,
  lstmSequenceRun,
  piecesOf,
  sequenceKernelsAvailable,
  simpleRnnBackwardStep,
  simpleRnnForwardStep,
  stacked,
  toBatchMajor,
  toTimeMajor,
  workspace,
} from '../../kernels/registry.ts';
import { tf, type Tensor } from '../../tf.ts';
import type { DirectionArgs } from './cell.ts';
import type { CellType, RecurrentConfig } from './config.ts';
import type { DropoutMasks } from './dropout.ts';
import { gruAfterPlan, gruBeforePlan } from './fused-gru.ts';
import { carryOf, initialGrads, inputGrad, rowsOf, stepAttrs, weightGrads, type Context, type Plan } from './plan.ts';

export interface FusedCache {
  readonly fused: true;
  readonly cfg: RecurrentConfig;
  readonly shape: readonly [number, number, number];
  readonly plan: Plan;
  readonly dropMask: Tensor | null;
  readonly hasInitialState: boolean;
}

export interface FusedRun {
  readonly output: Tensor;
  readonly states: readonly Tensor[];
  readonly cache: FusedCache;
}

export interface FusedGrads {
  readonly dx: Tensor | null;
  readonly dWeights: readonly Tensor[];
  readonly dInitialState: readonly Tensor[];
}

/** Whether this direction runs fused: kernels for the cell and its activations, no recurrent dropout. */
export function fusable(cfg: RecurrentConfig, dropout: DropoutMasks): boolean {
  return (
    fusedKernelsAvailable() &&
    dropout.recurrent.length === 0 &&
    dropout.input.length <= 1 &&
    actCode(cfg.activationName) !== null &&
    (cfg.type === 'SimpleRNN' || actCode(cfg.recurrentActivationName) !== null)
  );
}

/** Each cell's plan (a program `rnnc build` writes keeps those of the cells its model uses). */
const PLANS: Readonly<Record<CellType, (c: Context) => Plan>> = { LSTM: lstmPlan, SimpleRNN: simpleRnnPlan, GRU: (c: Context) => (c.cfg.resetAfter ? gruAfterPlan(c) : gruBeforePlan(c)) };

export function runFused(a: DirectionArgs): FusedRun {
  const { cfg } = a;
  const [batch, time, features] = a.x.shape as [number, number, number];
  const mask = a.mask && a.mask.dtype !== 'float32' ? tf.cast(a.mask, 'float32') : a.mask;
  const dropMask = a.dropout.input[0] ?? null;
  const xt = toTimeMajor(a.x, dropMask, { reverse: cfg.goBackwards });
  const out = workspace(cfg.returnSequences ? [batch, time, cfg.units] : [batch, cfg.units]);
  const initialState = a.initialState ?? [];
  const plan = PLANS[cfg.type]({ cfg, batch, time, features, units: cfg.units, weights: a.weights, xt, mask, out, initialState });
  let h: Tensor;
  if (plan.forwardAll) h = plan.forwardAll(initialState[0]);
  else {
    h = initialState[0] ?? tf.zeros([batch, cfg.units]);
    for (let t = 0; t < time; t++) {
      const next = plan.step(t, h);
      if (h !== initialState[0]) h.dispose();
      h = next;
    }
  }
  const cache: FusedCache = { fused: true, cfg, shape: [batch, time, features], plan, dropMask, hasInitialState: a.initialState !== undefined };
  return { output: out, states: plan.states(h), cache };
}

export function backFused(c: FusedCache, dOutput: Tensor | null, dStates: readonly (Tensor | null)[], wantDx: boolean): FusedGrads {
  const [batch, time] = c.shape;
  c.plan.begin(dOutput, dStates);
  let dhRec: Tensor | null = null;
  if (c.plan.backwardAll) dhRec = c.plan.backwardAll(c.hasInitialState);
  else {
    for (let t = time - 1; t >= 0; t--) {
      const next = c.plan.backStep(t, dhRec, t > 0 || c.hasInitialState);
      dhRec?.dispose();
      dhRec = next;
    }
  }
  const { dWeights, dxt, dInitialState } = c.plan.finish(dhRec, c.hasInitialState, wantDx);
  const dx = dxt && toBatchMajor(dxt, c.dropMask, { reverse: c.cfg.goBackwards, batch });
  return { dx, dWeights, dInitialState };
}

// ---- LSTM and SimpleRNN: one GEMM and one kernel per step, one buffer of gates ----

/** What distinguishes LSTM from SimpleRNN around the shared single-GEMM plan. */
interface SingleCell {
  /** How many state gradients are carried (h; h and c). */
  readonly slots: number;
  forward(t: number, hU: Tensor, h: Tensor, gates: Tensor, at: Tensor, rowWidth: number, bias: Tensor | null): Tensor;
  backward(t: number, dhRec: Tensor | null, carry: Tensor, gates: Tensor, dOut: Tensor | null): Tensor;
  states(h: Tensor): Tensor[];
  /** Frees the cell's own workspaces once BPTT is done. */
  release(): void;
  /** The whole sequence as one kernel, forward and backward (wasm only; see lstm-sequence.ts). */
  readonly sequence?: {
    forward(h0: Tensor | undefined, gates: Tensor, at: Tensor, rowWidth: number, bias: Tensor | null): Tensor;
    backward(carry: Tensor, gates: Tensor, dOut: Tensor | null, recurrentT: Tensor, wanted: boolean): Tensor;
  };
}

function singleGemmPlan(c: Context, cell: SingleCell): Plan {
  const { features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const gates = tf.matMul(c.xt, kernel);
  const rowWidth = F + H + (bias ? 1 : 0);
  const at = stacked(c.xt, { width: rowWidth, xCol: 0, onesCol: bias ? F + H : -1 });
  c.xt.dispose();
  let carry: Tensor;
  let dOut: Tensor | null = null;
  let recurrentT: Tensor;
  const sequence = cell.sequence && sequenceKernelsAvailable() ? cell.sequence : null;
  return {
    step(t, h) {
      const hU = tf.matMul(h, recurrentKernel);
      const next = cell.forward(t, hU, h, gates, at, rowWidth, bias);
      hU.dispose();
      return next;
    },
    ...(sequence
      ? {
          forwardAll: (h0: Tensor | undefined) => sequence.forward(h0, gates, at, rowWidth, bias),
          backwardAll: (wanted: boolean) => sequence.backward(carry, gates, dOut, recurrentT, wanted),
        }
      : {}),
    states: (h) => cell.states(h),
    begin(d, dStates) {
      dOut = d;
      carry = carryOf(c, cell.slots, dStates);
      recurrentT = tf.transpose(recurrentKernel);
    },
    backStep(t, dhRec, wanted) {
      const dz = cell.backward(t, dhRec, carry, gates, dOut);
      const rec = wanted ? tf.matMul(dz, recurrentT) : null;
      dz.dispose();
      return rec;
    },
    finish(dhRec, wantInitial, wantDx) {
      cell.release();
      const dWeights = rowsOf(weightGrads(at, gates), bias ? [F, H, 0] : [F, H]);
      const dxt = inputGrad(gates, kernel, wantDx);
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, carry, dhRec, cell.slots) : [] };
    },
  };
}

function lstmPlan(c: Context): Plan {
  const { batch, time, features: F, units: H, cfg, mask, out } = c;
  const cs = workspace([time + 1, batch, H], [c.initialState[1] ?? null]);
  const acs = workspace([time, batch, H]);
  return singleGemmPlan(c, {
    slots: 2,
    forward: (t, hU, h, gates, at, rowWidth, bias) =>
      lstmForwardStep({ hU, hPrev: h, gates, cs, acs, out, at, mask, bias }, { ...stepAttrs(cfg, t, time), cPrev: t, cNew: t + 1, rowWidth, hRow: F }),
    backward: (t, dhRec, carry, gates, dOut) => lstmBackwardStep({ dhRec, carry, gates, cs, acs, dOut, mask }, stepAttrs(cfg, t, time)),
    states: (h) => [h, piecesOf(cs, { offsets: [time * batch * H], shapes: [[batch, H]] })[0]!],
    release: () => tf.dispose([cs, acs]),
    sequence: {
      forward: (h0, gates, at, rowWidth, bias) =>
        lstmSequenceRun(
          { gates, cs, acs, out, at, recurrentKernel: c.weights[1]!, h0: h0 ?? null, mask, bias },
          { ...stepAttrs(cfg, 0, time), rowWidth, hRow: F },
        ),
      backward: (carry, gates, dOut, recurrentKernelT, wanted) =>
        lstmSequenceBackRun({ gates, cs, acs, carry, recurrentKernelT, dOut, mask }, { ...stepAttrs(cfg, 0, time), initialGrad: wanted }),
    },
  });
}

function simpleRnnPlan(c: Context): Plan {
  const { time, features: F, cfg, mask, out } = c;
  return singleGemmPlan(c, {
    slots: 1,
    forward: (t, hU, h, pre, at, rowWidth, bias) => simpleRnnForwardStep({ hU, hPrev: h, pre, out, at, mask, bias }, { ...stepAttrs(cfg, t, time), rowWidth, hRow: F }),
    backward: (t, dhRec, carry, pre, dOut) => simpleRnnBackwardStep({ dhRec, carry, pre, dOut, mask }, stepAttrs(cfg, t, time)),
    states: (h) => [h],
    release: () => {},
  });
}
