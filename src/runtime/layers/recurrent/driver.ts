// The sequence driver: one direction of a SimpleRNN, LSTM or GRU layer, forward and backward, for
// rnn-kernel.ts and bidirectional.ts (which add return_state, stateful and the merge around it).
// Keras's loop is keras/src/backend/tensorflow/rnn.py, rnn(); what both paths share is its rules:
// - masks: at a masked step every state keeps its previous value; the output is the previous
//   step's output — zeros before the first real step — or zeros with zero_output_for_mask;
// - go_backwards processes the reversed sequence and returns outputs in processing order;
// - return_sequences gives every step's output, else the last;
// - dropout masks are drawn once per call (dropout.ts) and reused at every step.
// choose.ts picks the path and the cell's implementation for each call; the paths are
// fused/run.ts (rnnc's kernels) and ops/run.ts (tfjs ops per step).

import { tf, type Tensor } from '../../tf.ts';
import { chooseCellKernel, type Path } from './choose.ts';
import type { ChosenArgs, DirectionArgs, DirectionGrads, DirectionPath } from './direction.ts';
import { FUSED_PATH } from './fused/run.ts';
import { OPS_PATH } from './ops/run.ts';
import { stateCount } from './config.ts';

/** The paths by name (a program `rnnc build` writes keeps those its model's layers run). */
const PATHS: { readonly [K in Path]?: DirectionPath } = { fused: FUSED_PATH, ops: OPS_PATH };

export interface DirectionRun {
  /** [batch, time, units] with return_sequences, else [batch, units]. */
  readonly output: Tensor;
  /** The final states (h; h and c for LSTM), after masking. */
  readonly states: readonly Tensor[];
  readonly cache: DirectionCache;
}

interface DirectionCache {
  readonly args: ChosenArgs;
  readonly path: DirectionPath;
  readonly inner: unknown;
}

export function runDirection(a: DirectionArgs): DirectionRun {
  const { cfg } = a;
  const time = a.x.shape[1]!;
  if (time < 1) throw new Error(`${cfg.type} needs at least one time step`);
  if (a.initialState && a.initialState.length !== stateCount(cfg.type)) {
    throw new Error(`${cfg.type} takes ${stateCount(cfg.type)} initial states, got ${a.initialState.length}`);
  }
  const kernel = chooseCellKernel(cfg, { input: a.dropout.input.length, recurrent: a.dropout.recurrent.length }, tf.getBackend());
  const args: ChosenArgs = { ...a, kernel };
  const path = PATHS[kernel.path]!;
  const run = path.run(args);
  return { output: run.output, states: run.states, cache: { args, path, inner: run.cache } };
}

/** dOutput: gradient of `output` (null if none); dStates: of each final state (null if none);
 *  wantDx: whether anything reads the input's gradient. */
export function backDirection(cacheValue: unknown, dOutput: Tensor | null, dStates: readonly (Tensor | null)[], wantDx = true): DirectionGrads {
  const cache = cacheValue as DirectionCache;
  return cache.path.back(cache.args, cache.inner, dOutput, dStates, wantDx);
}
