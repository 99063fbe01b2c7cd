// Keras 3's recurrent dropout masks (keras/src/layers/rnn/dropout_rnn_cell.py): drawn once per
// call and reused at every time step, one [batch, features] mask for the inputs and one
// [batch, units] mask for the previous state h.
//
// How many masks: LSTM and GRU switch to "implementation 1" whenever recurrent_dropout != 0
// (lstm.py / gru.py __init__, since Keras 3.8, keras-team/keras#20656 and #20663), and then draw
// one mask per gate (dropout_mask_count = 4 or 3) for the inputs and for h alike; otherwise a
// single input mask shared by all gates. SimpleRNN always draws single masks.
// A mask applies only when training and 0 < rate < 1 (the cells' `training and 0.0 < rate < 1.0`).

import type { Rng } from '../../rng.ts';
import { tf, type Tensor } from '../../tf.ts';
import { GATES, type RecurrentConfig } from './config.ts';

export interface DropoutMasks {
  /** Applied to x_t: none, one shared by every gate, or one per gate. Each [batch, features]. */
  readonly input: readonly Tensor[];
  /** Applied to h_{t-1} before its matmul: none, one, or one per gate. Each [batch, units]. */
  readonly recurrent: readonly Tensor[];
}

export const NO_DROPOUT: DropoutMasks = { input: [], recurrent: [] };

const active = (rate: number) => 0 < rate && rate < 1;

/**
 * backend.random.dropout(ones, rate): each entry kept with probability 1 - rate and scaled by
 * 1 / (1 - rate), so the expected input is unchanged.
 */
export function dropoutMask(rng: Rng, rows: number, cols: number, rate: number): Tensor {
  const values = new Float32Array(rows * cols);
  const kept = 1 / (1 - rate);
  for (let i = 0; i < values.length; i++) values[i] = rng.next() >= rate ? kept : 0;
  return tf.tensor2d(values, [rows, cols]);
}

/** The masks for one call: input masks first, then recurrent ones, as Keras draws them. */
export function drawDropoutMasks(cfg: RecurrentConfig, batch: number, features: number, rng: Rng, training: boolean): DropoutMasks {
  if (!training) return NO_DROPOUT;
  const perGate = cfg.type !== 'SimpleRNN' && cfg.recurrentDropout !== 0;
  const count = perGate ? GATES[cfg.type] : 1;
  const draw = (rate: number, cols: number) =>
    active(rate) ? Array.from({ length: count }, () => dropoutMask(rng, batch, cols, rate)) : [];
  const input = draw(cfg.dropout, features);
  const recurrent = draw(cfg.recurrentDropout, cfg.units);
  return { input, recurrent };
}
