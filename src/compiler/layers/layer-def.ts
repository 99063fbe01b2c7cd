// The shape of one entry of the layer registry. Each layer of the language is defined once —
// its arguments (types, defaults, ranges, one line of documentation each), its shape rule, its
// mask rule and its weights (from which the parameter count follows) — and the checker, the
// summary, the runtime, the emitter and the editor all read that one definition.

import type { ConfigValue, LayerConfig, WeightSpec } from '../ir.ts';

export type { WeightSpec };
import type { TensorType } from '../tensor-type.ts';

/** Named sets of enum-like values, defined in src/compiler/vocab. */
export type VocabName =
  | 'activation'
  | 'initializer'
  | 'regularizer'
  | 'constraint'
  | 'merge_mode'
  | 'padding'
  | 'dtype';

export type ArgType =
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'float';
      readonly min?: number;
      readonly max?: number;
      /** The bound itself is not allowed (`rate` in [0, 1)). */
      readonly minExclusive?: boolean;
      readonly maxExclusive?: boolean;
    }
  | { readonly kind: 'bool' }
  | { readonly kind: 'string' }
  /** A name from a vocabulary, bare or quoted (`tanh`, "tanh"), or a call for parameterised
   *  ones (`l2(0.01)`, `random_normal(stddev=0.05)`). Checked values are canonical names
   *  (activations: string) or FnValue (initializers, regularizers, constraints). */
  | { readonly kind: 'vocab'; readonly vocab: VocabName }
  /** A shape without the batch axis: `(5, 1)`, `(None,)`, `(None, 8)`; a bare int `5` means `(5,)`. */
  | { readonly kind: 'shape' }
  /** A tuple of ints, -1 allowed once (Reshape's target_shape). */
  | { readonly kind: 'ints' }
  /** An int or a 1-tuple of int (Conv1D's kernel_size). Checked value: number. */
  | { readonly kind: 'int_or_tuple'; readonly min?: number }
  /** A layer constructor (`Bidirectional(LSTM(64))`). */
  | { readonly kind: 'layer'; readonly recurrentOnly: boolean }
  /** The same type or None. */
  | { readonly kind: 'optional'; readonly inner: ArgType };

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  /** Keras's default; `undefined` makes the argument required. */
  readonly default?: ConfigValue;
  /** One line, shown on hover and completion. */
  readonly doc: string;
  /** May be given without its name, in declaration order (`LSTM(64)`, `Embedding(1000, 64)`). */
  readonly positional?: boolean;
  /** Other accepted spellings (`input_shape` for `input`). */
  readonly aliases?: readonly string[];
}

/** What a shape rule reports when the input does not fit. The checker adds ranges. */
export interface ShapeError {
  readonly code: string;
  readonly message: string;
  /** Text under the ^^^. */
  readonly label?: string;
  readonly hint?: string;
  /** Point at this argument rather than at the whole layer (the narrowest culprit). */
  readonly arg?: string;
}

export type ShapeResult =
  | { readonly ok: true; readonly outputs: readonly TensorType[] }
  | { readonly ok: false; readonly error: ShapeError };

export type LayerCategory =
  | 'input'
  | 'recurrent'
  | 'wrapper'
  | 'core'
  | 'embedding'
  | 'masking'
  | 'regularization'
  | 'reshaping'
  | 'convolution'
  | 'pooling'
  | 'merge'
  | 'normalization';

export interface LayerDef {
  /** The name written in .rnn files and Keras's class name: `LSTM`, `SimpleRNN`. */
  readonly name: string;
  readonly category: LayerCategory;
  /** Keras's automatic layer name stem: `lstm`, `simple_rnn`, `time_distributed`. */
  readonly autoName: string;
  /** One paragraph for hover. */
  readonly doc: string;
  readonly args: readonly ArgSpec[];
  /** How many tensor inputs it takes: one, or several (Concatenate, Add). */
  readonly arity: 'one' | 'many';
  /** Whether a masked input is allowed (Keras's `supports_masking`). Otherwise E0306. */
  readonly acceptsMask: boolean;
  /**
   * Output types from input types and the checked config (all defaults filled). Also sets each
   * output's `masked` flag (the mask rule). Called only with known input types.
   */
  inferShape(inputs: readonly TensorType[], config: LayerConfig): ShapeResult;
  /** The weights, in Keras's order. Called only after inferShape succeeded. */
  weights(inputs: readonly TensorType[], config: LayerConfig): readonly WeightSpec[];
  /** Number of outputs given the config (return_state adds states). Defaults to 1. */
  outputCount?(config: LayerConfig): number;
}

export function paramCount(weights: readonly WeightSpec[]): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (w.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { trainable, nonTrainable };
}
