// The fast path of one recurrent direction: the cell's elementwise work of each step fused into
// one custom kernel (../../kernels), so a step is two dispatches — the GEMM h·U and the fused cell —
// forward, and two backward (the fused cell backward and dz·Uᵀ); GRU with reset_after=false needs
// two of each. Everything else is a handful of kernels per call (PERFORMANCE.md, "Where time goes"):
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
  gruBackCandidateStep,
  gruBackResetStep,
  gruBackwardStep,
  gruCandidateStep,
  gruForwardStep,
  gruGatesStep,
  joinedColumns,
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
import type { RecurrentConfig } from './config.ts';
import type { DropoutMasks } from './dropout.ts';
import type { DirectionArgs } from './sequence.ts';

/** One cell type's workspaces and kernels for one call, forward and backward. */
interface Plan {
  /** One step forward from h_{t−1}: returns h_t (every intermediate disposed). */
  step(t: number, h: Tensor): Tensor;
  /** Instead of `step`, when the whole sequence runs as one kernel: returns h_{T−1}. */
  forwardAll?(h0: Tensor | undefined): Tensor;
  /** The final states, from the last h. */
  states(h: Tensor): Tensor[];
  /** Before BPTT: the gradients of the output and of the final states. */
  begin(dOut: Tensor | null, dStates: readonly (Tensor | null)[]): void;
  /** One step backward; returns dh_{t−1} through U when `wanted` (it is not at t = 0 without
   *  an initial state), else null. `dhRec` is the previous call's result. */
  backStep(t: number, dhRec: Tensor | null, wanted: boolean): Tensor | null;
  /** Instead of `backStep`: all steps at once; returns dh_{−1}'s recurrent part when wanted. */
  backwardAll?(wanted: boolean): Tensor | null;
  /** After BPTT: the weight gradients in weight order, dx time-major [T·B, F], and the gradient
   *  of the initial states given dh_{−1}'s recurrent part. It frees the workspaces as it goes: a
   *  forward pass supports one backward pass (the trainer's contract). */
  finish(dhRec: Tensor | null, wantInitial: boolean): { dWeights: Tensor[]; dxt: Tensor; dInitialState: Tensor[] };
}

interface Context {
  readonly cfg: RecurrentConfig;
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
  readonly dx: Tensor;
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

const PLANS = { LSTM: lstmPlan, SimpleRNN: simpleRnnPlan, GRU: (c: Context) => (c.cfg.resetAfter ? gruAfterPlan(c) : gruBeforePlan(c)) };

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

export function backFused(c: FusedCache, dOutput: Tensor | null, dStates: readonly (Tensor | null)[]): FusedGrads {
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
  const { dWeights, dxt, dInitialState } = c.plan.finish(dhRec, c.hasInitialState);
  const dx = toBatchMajor(dxt, c.dropMask, { reverse: c.cfg.goBackwards, batch });
  return { dx, dWeights, dInitialState };
}

// ---- shared pieces of the plans ----

function stepAttrs(cfg: RecurrentConfig, t: number, time: number) {
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


/** The rows of a [K, N] tensor as separate tensors: `counts[i]` rows each (0: one row as [N]). */
function rowsOf(g: Tensor, counts: readonly number[]): Tensor[] {
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
 * Aᵀ·dZ: A is row-major [T·B, K], so it is transposed once here (one kernel) for an untransposed
 * GEMM. A is freed as soon as Aᵀ exists, and Aᵀ after the GEMM: the backward pass consumes the
 * forward pass's workspaces (see `finish`), so the step's peak memory stays near what BPTT needs.
 */
function weightGrads(a: Tensor, dz: Tensor): Tensor {
  const at = tf.transpose(a);
  a.dispose();
  const g = tf.matMul(at, dz);
  at.dispose();
  return g;
}

/** dZ·Wᵀ, then dZ's buffer is freed. */
function inputGrad(dz: Tensor, kernel: Tensor): Tensor {
  const dxt = tf.matMul(dz, tf.transpose(kernel));
  dz.dispose();
  return dxt;
}

/** The carried gradients' initial values (dL/d final states), zeros where none flows. */
const carryOf = (c: Context, slots: number, dStates: readonly (Tensor | null)[]) =>
  workspace([slots, c.batch, c.units], Array.from({ length: slots }, (_, i) => dStates[i] ?? null));

function initialGrads(c: Context, carry: Tensor, dhRec: Tensor | null, slots: number): Tensor[] {
  const size = c.batch * c.units;
  const parts = piecesOf(carry, {
    offsets: Array.from({ length: slots }, (_, i) => i * size),
    shapes: Array.from({ length: slots }, () => [c.batch, c.units]),
  });
  return [dhRec ? tf.add(parts[0]!, dhRec) : parts[0]!, ...parts.slice(1)];
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
    finish(dhRec, wantInitial) {
      cell.release();
      const dWeights = rowsOf(weightGrads(at, gates), bias ? [F, H, 0] : [F, H]);
      const dxt = inputGrad(gates, kernel);
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

// ---- GRU ----

/** reset_after=true: one GEMM h·U per step (the step adds both biases); input and recurrent sides get separate dZ. */
function gruAfterPlan(c: Context): Plan {
  const { batch, time, features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const gates = tf.matMul(c.xt, kernel);
  const aux = workspace([time * batch, 3 * H]);
  const hWidth = H + (cfg.useBias ? 1 : 0);
  const atH = stacked(c.xt, { width: hWidth, xCol: -1, onesCol: cfg.useBias ? H : -1 });
  const atX = cfg.useBias ? stacked(c.xt, { width: F + 1, xCol: 0, onesCol: F }) : c.xt;
  if (atX !== c.xt) c.xt.dispose();
  const rowAttrs = (t: number) => ({ ...stepAttrs(cfg, t, time), rowWidth: hWidth, hRow: 0 });
  let carry: Tensor;
  let dOut: Tensor | null = null;
  let recurrentT: Tensor;
  return {
    step(t, h) {
      const hU = tf.matMul(h, recurrentKernel);
      const next = gruForwardStep({ hU, hPrev: h, gates, aux, at: atH, out: c.out, mask: c.mask, bias }, rowAttrs(t));
      hU.dispose();
      return next;
    },
    states: (h) => [h],
    begin(d, dStates) {
      dOut = d;
      carry = carryOf(c, 1, dStates);
      recurrentT = tf.transpose(recurrentKernel);
    },
    backStep(t, dhRec, wanted) {
      const d = gruBackwardStep({ dhRec, carry, gates, aux, at: atH, dOut, mask: c.mask }, rowAttrs(t));
      const rec = wanted ? tf.matMul(d, recurrentT) : null;
      d.dispose();
      return rec;
    },
    finish(dhRec, wantInitial) {
      const [dKernel, dInputBias] = rowsOf(weightGrads(atX, gates), cfg.useBias ? [F, 0] : [F]);
      const [dRecurrent, dRecurrentBias] = rowsOf(weightGrads(atH, aux), cfg.useBias ? [H, 0] : [H]);
      aux.dispose();
      const dWeights = [dKernel!, dRecurrent!, ...(cfg.useBias ? [tf.stack([dInputBias!, dRecurrentBias!])] : [])];
      const dxt = inputGrad(gates, kernel);
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, carry, dhRec, 1) : [] };
    },
  };
}

/** reset_after=false: h·U_zr, then (r ⊙ h)·U_h; z, r and the candidate keep separate dZ blocks. */
function gruBeforePlan(c: Context): Plan {
  const { batch, time, features: F, units: H, cfg } = c;
  const [kernel, recurrentKernel] = c.weights as [Tensor, Tensor];
  const bias = cfg.useBias ? c.weights[2]! : null;
  const [kernelZr, kernelH] = tf.split(kernel, [2 * H, H], 1) as [Tensor, Tensor];
  const [recurrentZr, recurrentH] = tf.split(recurrentKernel, [2 * H, H], 1) as [Tensor, Tensor];
  const zr = tf.matMul(c.xt, kernelZr);
  const hh = tf.matMul(c.xt, kernelH);
  const rowWidth = F + H + (bias ? 1 : 0);
  const operand = { width: rowWidth, xCol: 0, onesCol: bias ? F + H : -1 };
  const atZr = stacked(c.xt, operand);
  const atH = stacked(c.xt, operand);
  c.xt.dispose();
  const rowAttrs = (t: number) => ({ ...stepAttrs(cfg, t, time), rowWidth, hRow: F });
  let carry: Tensor;
  let dOut: Tensor | null = null;
  let recurrentZrT: Tensor;
  let recurrentHT: Tensor;
  return {
    step(t, h) {
      const hU = tf.matMul(h, recurrentZr);
      const rh = gruGatesStep({ hU, hPrev: h, zr, atZr, atH, mask: c.mask, bias }, rowAttrs(t));
      hU.dispose();
      const hc = tf.matMul(rh, recurrentH);
      rh.dispose();
      const next = gruCandidateStep({ hc, hPrev: h, zr, hh, out: c.out, mask: c.mask, bias }, stepAttrs(cfg, t, time));
      hc.dispose();
      return next;
    },
    states: (h) => [h],
    begin(d, dStates) {
      dOut = d;
      carry = carryOf(c, 1, dStates);
      recurrentZrT = tf.transpose(recurrentZr);
      recurrentHT = tf.transpose(recurrentH);
    },
    backStep(t, dhRec, wanted) {
      const dhp = gruBackCandidateStep({ dhRec, carry, zr, hh, atZr, dOut, mask: c.mask }, rowAttrs(t));
      const dRh = tf.matMul(dhp, recurrentHT);
      dhp.dispose();
      const dzr = gruBackResetStep({ dRh, carry, zr, atZr, mask: c.mask }, rowAttrs(t));
      dRh.dispose();
      const rec = wanted ? tf.matMul(dzr, recurrentZrT) : null;
      dzr.dispose();
      return rec;
    },
    finish(dhRec, wantInitial) {
      const dWeights = joinedColumns([weightGrads(atZr, zr), weightGrads(atH, hh)], {
        rowStarts: [0, F, F + H],
        rowCounts: bias ? [F, H, 1] : [F, H],
        shapes: bias ? [[F, 3 * H], [H, 3 * H], [3 * H]] : [[F, 3 * H], [H, 3 * H]],
      });
      const dxt = tf.add(inputGrad(zr, kernelZr), inputGrad(hh, kernelH));
      return { dWeights, dxt, dInitialState: wantInitial ? initialGrads(c, carry, dhRec, 1) : [] };
    },
  };
}
