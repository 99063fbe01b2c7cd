// What one direction of a recurrent layer runs on, and what a path (fused/run.ts, ops/run.ts)
// gives the driver (driver.ts).

import type { Tensor } from '../../tf.ts';
import type { CellKernel } from './choose.ts';
import type { RecurrentConfig } from './config.ts';
import type { DropoutMasks } from './dropout.ts';

export interface DirectionArgs {
  readonly cfg: RecurrentConfig;
  /** [batch, time, features]. */
  readonly x: Tensor;
  /** [batch, time], 1 for a real step and 0 for padding; null without a mask. */
  readonly mask: Tensor | null;
  /** kernel, recurrent_kernel and, with use_bias, bias: the registry's order. */
  readonly weights: readonly Tensor[];
  readonly initialState?: readonly Tensor[];
  readonly dropout: DropoutMasks;
}

/** The arguments as a path gets them: with what choose.ts picked for the call. */
export interface ChosenArgs extends DirectionArgs {
  readonly kernel: CellKernel;
}

export interface PathRun {
  /** [batch, time, units] with return_sequences, else [batch, units]. */
  readonly output: Tensor;
  /** The final states (h; h and c for LSTM), after masking. */
  readonly states: readonly Tensor[];
  /** The path's own, for its backward pass. */
  readonly cache: unknown;
}

export interface DirectionGrads {
  /** Null when not wanted (the fused path then skips dZ·Wᵀ). */
  readonly dx: Tensor | null;
  /** In the order of the weights. */
  readonly dWeights: readonly Tensor[];
  readonly dInitialState: readonly Tensor[];
}

/** A way to run a direction, forward and backward (BPTT). */
export interface DirectionPath {
  run(a: ChosenArgs): PathRun;
  /** dOutput: gradient of the output (null if none); dStates: of each final state (null if none);
   *  wantDx: whether anything reads the input's gradient. */
  back(a: ChosenArgs, cache: unknown, dOutput: Tensor | null, dStates: readonly (Tensor | null)[], wantDx: boolean): DirectionGrads;
}
