// Keras 3's recurrent dropout masks (keras/src/layers/rnn/dropout_rnn_cell.py): drawn once per
// call and reused at every time step, one [batch, features] mask for the inputs and one
// [batch, units] mask for the previous state h. How many of each (one per gate with recurrent
// dropout, Keras's implementation 1) is choose.ts's maskCounts: the count decides the path.

import type { Rng } from '../../rng.ts';
import { tf, type Tensor } from '../../tf.ts';
import { maskCounts } from './choose.ts';
import type { RecurrentConfig } from './config.ts';

export interface DropoutMasks {
  /** Applied to x_t: none, one shared by every gate, or one per gate. Each [batch, features]. */
  readonly input: readonly Tensor[];
  /** Applied to h_{t-1} before its matmul: none, one, or one per gate. Each [batch, units]. */
  readonly recurrent: readonly Tensor[];
}

export const NO_DROPOUT: DropoutMasks = { input: [], recurrent: [] };

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
  const counts = maskCounts(cfg, training);
  const draw = (count: number, rate: number, cols: number) => Array.from({ length: count }, () => dropoutMask(rng, batch, cols, rate));
  const input = draw(counts.input, cfg.dropout, features);
  const recurrent = draw(counts.recurrent, cfg.recurrentDropout, cfg.units);
  return { input, recurrent };
}
