// What a recurrent kernel reads from a checked layer's config (every Keras default is already
// filled in by the registry, src/compiler/layers/recurrent.ts), and each cell's gate layout.
// Plain data and no TensorFlow.js, so that `rnnc build` can choose a model's kernels (choose.ts)
// without loading it; the plain-op path turns the activations' names into functions (ops/run.ts).

import type { CheckedLayerOf } from '../../../compiler/ir.ts';
import { STATE_COUNT, type RecurrentType } from '../../../compiler/layers/recurrent.ts';

export type CellType = RecurrentType;

/**
 * How many gates share the kernel's columns, in Keras's order: LSTM i, f, c, o (cells/lstm),
 * GRU z, r, h (cells/gru), SimpleRNN its one block (cells/simple-rnn).
 */
export const GATES: Readonly<Record<CellType, number>> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

/** How many states a cell carries (h; h and c for LSTM): the registry's count. */
export const stateCount = (type: CellType): number => STATE_COUNT[type]!;

export function isCellType(type: string): type is CellType {
  return Object.hasOwn(GATES, type);
}

export interface RecurrentConfig {
  readonly type: CellType;
  readonly units: number;
  /** The two activations' names (null: linear), which pick the fused kernels' activation codes. */
  readonly activationName: string | null;
  /** SimpleRNN has none; it is never read there. */
  readonly recurrentActivationName: string | null;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  /** GRU only: Keras 3's default, the reset gate applied after the recurrent matmul. */
  readonly resetAfter: boolean;
  /**
   * rnn.py, RNN.__init__: masked steps output zeros instead of the previous output. Keras's
   * layers default to false; Bidirectional forces it to return_sequences on both directions.
   */
  readonly zeroOutputForMask: boolean;
}

/** kernel and recurrent_kernel, and bias with use_bias: the registry's weights. */
export const weightCount = (cfg: RecurrentConfig): number => (cfg.useBias ? 3 : 2);

/** A recurrent layer's settings; `goBackwards` overrides the layer's (Bidirectional's backward copy). */
export function readRecurrentConfig(layer: CheckedLayerOf<CellType>, goBackwards = layer.config.go_backwards): RecurrentConfig {
  const { type, config: c } = layer;
  // Checked by TypeScript in rnnc; an emitted program, which has no registry, checks it here.
  if (!isCellType(type)) throw new Error(`${type} is not a recurrent layer`);
  return {
    type,
    units: c.units,
    activationName: c.activation,
    // SimpleRNN has no gates; GRU alone has reset_after.
    recurrentActivationName: layer.type === 'SimpleRNN' ? null : layer.config.recurrent_activation,
    useBias: c.use_bias,
    dropout: c.dropout,
    recurrentDropout: c.recurrent_dropout,
    returnSequences: c.return_sequences,
    returnState: c.return_state,
    goBackwards,
    stateful: c.stateful,
    resetAfter: layer.type === 'GRU' && layer.config.reset_after,
    zeroOutputForMask: c.zero_output_for_mask,
  };
}
