// The fused path of one recurrent direction: the cell's elementwise work of each step fused into
// custom kernels, so a step is two dispatches — the GEMM h·U and the fused cell — forward, and two
// backward (the fused cell backward and dz·Uᵀ); GRU with reset_after=false needs two of each, and
// on wasm a direction runs every step inside one kernel. Everything else is a handful of kernels per
// call (docs/performance.md, "Where time goes"):
//   forward:  x → time-major (one pass, reversed for go_backwards, input dropout applied), one
//             GEMM for the projection of every step (the step kernels add the bias as they read
//             it), and the stacked operand A = [x, h, 1] filled as the steps run;
//   backward: after the loop the projection's buffer holds dZ, and one GEMM Aᵀ·dZ gives dW, dU
//             and the bias gradient together; dx = dZ·Wᵀ.
// Weights are never transposed per step: Uᵀ and Wᵀ are made once per call, so XNNPACK packs each
// once. Per-step tensors are disposed as soon as the next kernel has read them, so a training step
// holds only what BPTT needs (the gates, the states per step) plus the layer's output.
//
// Each cell's plans are in cells/*/plan.ts; choose.ts names the one a call runs.

import { toBatchMajor, toTimeMajor, workspace } from '../../../kernels/registry.ts';
import { tf, type Tensor } from '../../../tf.ts';
import { gruSequencePlan, gruStepsPlan } from '../cells/gru/plan.ts';
import { lstmSequencePlan, lstmStepsPlan } from '../cells/lstm/plan.ts';
import { simpleRnnSequencePlan, simpleRnnStepsPlan } from '../cells/simple-rnn/plan.ts';
import type { PlanName } from '../choose.ts';
import type { ChosenArgs, DirectionGrads, DirectionPath, PathRun } from '../direction.ts';
import type { Context, Plan } from './plan.ts';

/** The plans by name: every name has one (a program `rnnc build` writes keeps those its model's
 *  layers run; the rest stand in as left out). */
const PLANS: Readonly<Record<PlanName, (c: Context) => Plan>> = {
  simpleRnnSteps: simpleRnnStepsPlan,
  simpleRnnSequence: simpleRnnSequencePlan,
  lstmSteps: lstmStepsPlan,
  lstmSequence: lstmSequencePlan,
  gruSteps: gruStepsPlan,
  gruSequence: gruSequencePlan,
};

interface FusedCache {
  readonly plan: Plan;
  readonly dropMask: Tensor | null;
  readonly hasInitialState: boolean;
}

function runFused(a: ChosenArgs): PathRun {
  const { cfg, kernel } = a;
  const [batch, time, features] = a.x.shape as [number, number, number];
  const mask = a.mask && a.mask.dtype !== 'float32' ? tf.cast(a.mask, 'float32') : a.mask;
  const dropMask = a.dropout.input[0] ?? null;
  const xt = toTimeMajor(a.x, dropMask, { reverse: cfg.goBackwards });
  const out = workspace(cfg.returnSequences ? [batch, time, cfg.units] : [batch, cfg.units]);
  const initialState = a.initialState ?? [];
  const plan = PLANS[kernel.plan!]({ cfg, kernel, batch, time, features, units: cfg.units, weights: a.weights, xt, mask, out, initialState });
  const h = plan.forward(initialState[0]);
  const cache: FusedCache = { plan, dropMask, hasInitialState: a.initialState !== undefined };
  return { output: out, states: plan.states(h), cache };
}

function backFused(a: ChosenArgs, cacheValue: unknown, dOutput: Tensor | null, dStates: readonly (Tensor | null)[], wantDx: boolean): DirectionGrads {
  const c = cacheValue as FusedCache;
  c.plan.begin(dOutput, dStates);
  const dhRec = c.plan.backward(c.hasInitialState);
  const { dWeights, dxt, dInitialState } = c.plan.finish(dhRec, c.hasInitialState, wantDx);
  const dx = dxt && toBatchMajor(dxt, c.dropMask, { reverse: a.cfg.goBackwards, batch: a.x.shape[0] });
  return { dx, dWeights, dInitialState };
}

export const FUSED_PATH: DirectionPath = { run: runFused, back: backFused };
