// One time step of a recurrent cell, forward and backward, bound to its weights and dropout
// masks for one call, on the plain-op path. Its loop (run.ts) does everything around it: the input
// projection of all steps, masking, outputs, and the weight gradients after the loop.
//
// A cell sees xw_t = x_t·W (+ input bias) already computed, and computes only what depends on
// the previous state: h·U (one GEMM, all gates in one matrix) and the gates' elementwise work.
// Its backward step returns the gradient of xw_t and of the previous states, plus the gradient of
// each recurrent block's output (`dRec`), which the loop stacks over time for dU.

import type { Activation } from '../../../activations.ts';
import type { Tensor } from '../../../tf.ts';
import type { RecurrentConfig } from '../config.ts';

/** A layer's config with its activations as functions, as the ops cells apply them. */
export interface OpsConfig extends RecurrentConfig {
  readonly activation: Activation;
  readonly recurrentActivation: Activation;
}

export interface StepCache {
  /** The operand of each recurrent block at this step, in U's column order (see projection.ts). */
  readonly recIn: readonly Tensor[];
}

export interface BackStep {
  /** Gradient of this step's input projection xw_t: [batch, gates·units]. */
  readonly dxw: Tensor;
  /** Gradient of each recurrent block's output, aligned with the cache's `recIn`. */
  readonly dRec: readonly Tensor[];
  /** Gradient of the states the step read. */
  readonly dStates: readonly Tensor[];
}

export interface Cell<C extends StepCache = StepCache> {
  /** Added to x·W for every step at once; null without a bias. */
  readonly inputBias: Tensor | null;
  step(xw: Tensor, states: readonly Tensor[]): { states: Tensor[]; cache: C };
  backStep(cache: C, dStates: readonly Tensor[]): BackStep;
  /**
   * The bias gradient from the input projection's gradient summed over steps and batch, and —
   * for a cell with a separate recurrent bias (GRU reset_after) — the recurrent blocks' summed.
   */
  biasGrad(dInputBias: Tensor, dRecurrentBias: () => Tensor): Tensor;
}

export interface CellWeights {
  readonly kernel: Tensor;
  readonly recurrentKernel: Tensor;
  readonly bias: Tensor | null;
}
