// The shape of one entry of the layer registry. Each layer of the language is defined once —
// its arguments (types, defaults, ranges, one line of documentation each), its shape rule, its
// mask rule and its weights (from which the parameter count follows) — and the checker, the
// summary, the runtime, the emitter and the editor all read that one definition.

import type { ConfigValue, FnValue, LayerConfig, LayerValue, WrappedLayer } from '../config-value.ts';
import type { TensorType } from '../tensor-type.ts';

/** Named sets of enum-like values, defined in src/compiler/vocab. */
export type VocabName =
  | 'activation'
  | 'initializer'
  | 'regularizer'
  | 'constraint'
  | 'merge_mode'
  | 'padding'
  | 'dtype'
  | 'schedule'
  | 'standardize'
  | 'split'
  | 'output_mode'
  | 'text_replace';

/** A whole number. Checked value: number. */
export interface IntType {
  readonly kind: 'int';
  readonly min?: number;
  readonly max?: number;
}

/** A number. Checked value: number. */
export interface FloatType {
  readonly kind: 'float';
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is not allowed (`rate` in [0, 1)). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
}

export interface BoolType {
  readonly kind: 'bool';
}

export interface StringType {
  readonly kind: 'string';
}

/** A name from a vocabulary, bare or quoted (`tanh`, "tanh"), or a call for parameterised
 *  ones (`l2(0.01)`, `random_normal(stddev=0.05)`). Checked values are canonical names
 *  (activations, merge modes, paddings, dtypes: string) or FnValue (initializers, regularizers,
 *  constraints). */
export interface VocabType<V extends VocabName = VocabName> {
  readonly kind: 'vocab';
  readonly vocab: V;
}

/** A shape without the batch axis: `(5, 1)`, `(None,)`, `(None, 8)`; a bare int `5` means `(5,)`. */
export interface ShapeType {
  readonly kind: 'shape';
}

/** A number or a tuple of numbers (Normalization's mean and variance). Checked value: number or
 *  readonly number[]. */
export interface FloatsType {
  readonly kind: 'floats';
  readonly min?: number;
}

/** A learning rate: a number, or one of Keras's schedules as a call
 *  (`ExponentialDecay(1e-2, decay_steps=100, decay_rate=0.9)`). Checked value: number or FnValue. */
export interface FloatOrScheduleType {
  readonly kind: 'float_or_schedule';
  readonly min?: number;
  readonly minExclusive?: boolean;
}

/** A tuple of ints, -1 allowed once (Reshape's target_shape). */
export interface IntsType {
  readonly kind: 'ints';
}

/** An int or a 1-tuple of int (Conv1D's kernel_size). Checked value: number. */
export interface IntOrTupleType {
  readonly kind: 'int_or_tuple';
  readonly min?: number;
}

/** A layer constructor (`Bidirectional(LSTM(64))`). */
export interface LayerArgType<R extends boolean = boolean> {
  readonly kind: 'layer';
  readonly recurrentOnly: R;
}

/** The same type or None. */
export interface OptionalType<I extends ArgType = ArgType> {
  readonly kind: 'optional';
  readonly inner: I;
}

export type ArgType =
  | IntType
  | FloatType
  | BoolType
  | StringType
  | VocabType
  | ShapeType
  | IntsType
  | FloatsType
  | FloatOrScheduleType
  | IntOrTupleType
  | LayerArgType
  | OptionalType;

export interface ArgSpec<N extends string = string, A extends ArgType = ArgType> {
  readonly name: N;
  readonly type: A;
  /** Keras's default; `undefined` makes the argument required. */
  readonly default?: ConfigValue;
  /** One line, shown on hover and completion. */
  readonly doc: string;
  /** May be given without its name, in declaration order (`LSTM(64)`, `Embedding(1000, 64)`). */
  readonly positional?: boolean;
  /** Other accepted spellings (`input_shape` for `input`). */
  readonly aliases?: readonly string[];
}

// ---- the checked config's type, inferred from the argument specs ----------------------------------
// As zod's z.infer reads a schema, ConfigOf reads a layer's `args` list: one readonly field per
// argument, named as Keras names it, of the type the checker converts its value to. The checker
// fills every default and binds every argument of a layer that checks, so a back end reads
// `layer.config.units` and a renamed argument is a compile error in every reader.

/** What a layer given as an argument is: any layer, or (`recurrentOnly`) a recurrent one. */
export interface Wrapped {
  readonly any: unknown;
  readonly recurrent: unknown;
}

/** What a shape rule sees of a wrapped layer (the IR sees CheckedLayer, ir.ts). */
export interface WrappedInRules extends Wrapped {
  readonly any: WrappedLayer;
  readonly recurrent: WrappedLayer;
}

/** The checked value of an argument of type A. */
export type ValueOf<A extends ArgType, W extends Wrapped = WrappedInRules> =
  A extends OptionalType<infer I> ? ValueOf<I, W> | null
  : A extends IntType | FloatType | IntOrTupleType ? number
  : A extends BoolType ? boolean
  : A extends StringType ? string
  : A extends VocabType<infer V> ? (V extends 'initializer' | 'regularizer' | 'constraint' ? FnValue : string)
  : A extends ShapeType ? readonly (number | null)[]
  : A extends IntsType ? readonly number[]
  : A extends FloatsType ? number | readonly number[]
  : A extends FloatOrScheduleType ? number | FnValue
  : A extends LayerArgType<true> ? LayerValue<W['recurrent']>
  : A extends LayerArgType ? LayerValue<W['any']>
  : never;

/** The arguments every layer accepts, which the checker handles itself (not in a LayerDef's
 *  `args`): the layer's name, the input shape of a Sequential model's first layer, and whether
 *  its weights train. The registry offers them as COMMON_ARGS. */
export const COMMON_ARGS = [
  {
    name: 'name',
    type: { kind: 'optional', inner: { kind: 'string' } },
    default: null,
    doc: 'The layer’s name, unique in the model (None: Keras-style automatic, e.g. lstm_1).',
  },
  {
    name: 'input',
    type: { kind: 'optional', inner: { kind: 'shape' } },
    default: null,
    doc: 'The input shape without the batch axis, on the first layer of a Sequential model.',
    aliases: ['input_shape'],
  },
  { name: 'trainable', type: { kind: 'bool' }, default: true, doc: 'Whether the layer’s weights are updated in training (false freezes them).' },
] as const satisfies readonly ArgSpec[];

type Fields<Specs extends readonly ArgSpec[], W extends Wrapped> = { readonly [S in Specs[number] as S['name']]: ValueOf<S['type'], W> };

/**
 * The checked config of a layer whose arguments are `Specs` (a tuple), common arguments
 * included. For a list of unknown length — a LayerDef read from the registry by name — the
 * untyped LayerConfig.
 */
export type ConfigOf<Specs extends readonly ArgSpec[], W extends Wrapped = WrappedInRules> = number extends Specs['length']
  ? LayerConfig
  : Fields<Specs, W> & Fields<typeof COMMON_ARGS, W>;

/** The common arguments' part of every checked config. */
export type CommonConfig = Fields<typeof COMMON_ARGS, WrappedInRules>;

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
  | 'normalization'
  | 'preprocessing';

export interface LayerDef<N extends string = string, Specs extends readonly ArgSpec[] = readonly ArgSpec[]> {
  /** The name written in .rnn files and Keras's class name: `LSTM`, `SimpleRNN`. */
  readonly name: N;
  readonly category: LayerCategory;
  /** Keras's automatic layer name stem: `lstm`, `simple_rnn`, `time_distributed`. */
  readonly autoName: string;
  /** One paragraph for hover. */
  readonly doc: string;
  readonly args: Specs;
  /** How many tensor inputs it takes: one, or several (Concatenate, Add). */
  readonly arity: 'one' | 'many';
  /** Whether a masked input is allowed (Keras's `supports_masking`). Otherwise E0306. */
  readonly acceptsMask: boolean;
  /**
   * Output types from input types and the checked config (all defaults filled). Also sets each
   * output's `masked` flag (the mask rule). Called only with known input types.
   */
  inferShape(inputs: readonly TensorType[], config: NoInfer<ConfigOf<Specs>>): ShapeResult;
  /** The weights, in Keras's order. Called only after inferShape succeeded. */
  weights(inputs: readonly TensorType[], config: NoInfer<ConfigOf<Specs>>): readonly WeightSpec[];
  /** Number of outputs given the config (return_state adds states). Defaults to 1. */
  outputCount?(config: NoInfer<ConfigOf<Specs>>): number;
}

export function paramCount(weights: readonly WeightSpec[]): { trainable: number; nonTrainable: number } {
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of weights) {
    let n = 1;
    for (const d of w.shape) n *= d;
    if (w.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { trainable, nonTrainable };
}

export interface WeightSpec {
  /** Keras's weight name: kernel, recurrent_kernel, bias, embeddings, gamma, beta, … */
  readonly name: string;
  readonly shape: readonly number[];
  readonly initializer: FnValue;
  readonly trainable: boolean;
  readonly regularizer?: FnValue | null;
}

