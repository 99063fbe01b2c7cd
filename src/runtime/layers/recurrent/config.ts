// What a recurrent kernel reads from a checked layer's config (every Keras default is already
// filled in by the registry, src/compiler/layers/recurrent.ts).

import type { LayerConfig } from '../../../compiler/config-value.ts';
import { bool, num, optStr } from '../../../compiler/layers/args.ts';
import { STATE_COUNT } from '../../../compiler/layers/recurrent.ts';
import { activation, type Activation } from '../../activations.ts';

export type CellType = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface RecurrentConfig {
  readonly type: CellType;
  readonly units: number;
  readonly activation: Activation;
  /** SimpleRNN has none; it is never read there. */
  readonly recurrentActivation: Activation;
  /** The two activations' names (null: linear), which pick the fused kernels' activation codes. */
  readonly activationName: string | null;
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

/** How many gates share the kernel's columns: Keras's order i, f, c, o for LSTM; z, r, h for GRU. */
export const GATES: Readonly<Record<CellType, number>> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

/** How many states a cell carries (h; h and c for LSTM): the registry's count. */
export const stateCount = (type: CellType): number => STATE_COUNT[type]!;

/** kernel and recurrent_kernel, and bias with use_bias: the registry's weights. */
export const weightCount = (cfg: RecurrentConfig): number => (cfg.useBias ? 3 : 2);

export function isCellType(type: string): type is CellType {
  return Object.hasOwn(GATES, type);
}

export function readRecurrentConfig(type: string, config: LayerConfig): RecurrentConfig {
  if (!isCellType(type)) throw new Error(`${type} is not a recurrent layer`);
  return {
    type,
    units: num(config, 'units', 1),
    // A null activation is Keras's None: linear.
    activation: activation(optStr(config, 'activation')),
    recurrentActivation: activation(type === 'SimpleRNN' ? null : optStr(config, 'recurrent_activation')),
    activationName: optStr(config, 'activation'),
    recurrentActivationName: type === 'SimpleRNN' ? null : optStr(config, 'recurrent_activation'),
    useBias: bool(config, 'use_bias', true),
    dropout: num(config, 'dropout', 0),
    recurrentDropout: num(config, 'recurrent_dropout', 0),
    returnSequences: bool(config, 'return_sequences', false),
    returnState: bool(config, 'return_state', false),
    goBackwards: bool(config, 'go_backwards', false),
    stateful: bool(config, 'stateful', false),
    resetAfter: type === 'GRU' && bool(config, 'reset_after', true),
    zeroOutputForMask: bool(config, 'zero_output_for_mask', false),
  };
}
