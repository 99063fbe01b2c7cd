// The checked intermediate representation: what the back ends (runtime, emitter, summary,
// language server) read. Every default is filled in, every name resolved, every shape known
// when the model checked clean. A model with errors is still built, with `unknown` types where
// inference stopped, so the editor can show what is known.

import type { Range } from '../source/text.ts';
import type { TensorType, ValueType } from './tensor-type.ts';

// ---- argument values after checking: plain data, every default filled in ------------------------

/** A named function with arguments: an initializer (`random_normal(stddev=0.1)`),
 *  a regularizer (`l2(0.01)`), an optimizer, a callback. `name` is canonical (Keras's). */
export interface FnValue {
  readonly kind: 'fn';
  readonly name: string;
  readonly args: Readonly<Record<string, ConfigValue>>;
}

/** A layer given as an argument (`Bidirectional(LSTM(64))`, `TimeDistributed(Dense(1))`). */
export interface LayerValue {
  readonly kind: 'layer';
  readonly layer: CheckedLayer;
}

export type ConfigValue =
  | number
  | string
  | boolean
  | null
  | readonly ConfigValue[]
  | FnValue
  | LayerValue;

export type LayerConfig = Readonly<Record<string, ConfigValue>>;

export interface WeightSpec {
  /** Keras's weight name: kernel, recurrent_kernel, bias, embeddings, gamma, beta, … */
  readonly name: string;
  readonly shape: readonly number[];
  readonly initializer: FnValue;
  readonly trainable: boolean;
  readonly regularizer?: FnValue | null;
}

export interface CheckedLayer {
  /** Registry key (the layer's class name): `LSTM`. */
  readonly type: string;
  /** Unique within the model, Keras style: `lstm`, `lstm_1`, or the user's `name=`. */
  readonly name: string;
  readonly config: LayerConfig;
  readonly inputTypes: readonly ValueType[];
  readonly outputTypes: readonly ValueType[];
  /** Empty when the input types were unknown. */
  readonly weights: readonly WeightSpec[];
  readonly params: { readonly trainable: number; readonly nonTrainable: number };
  /** The constructor call in the source (`LSTM(64, …)`). */
  readonly range: Range;
}

/** A value: output `index` of node `node`, or model input `index` when node is -1. */
export interface ValueRef {
  readonly node: number;
  readonly index: number;
}

export interface IRNode {
  readonly id: number;
  readonly layer: CheckedLayer;
  readonly inputs: readonly ValueRef[];
  /** `initial_state=[h, c]` of a recurrent layer in a functional model. */
  readonly initialState?: readonly ValueRef[];
  /** The range of the whole application (`LSTM(64)(x)`), or of the call in a Sequential model. */
  readonly range: Range;
}

export interface ModelInput {
  /** The binding name in a functional model; `input` for a Sequential model. */
  readonly name: string;
  readonly type: TensorType;
  readonly range: Range;
}

export interface TrainConfig {
  /** Canonical loss name (`mean_squared_error`) with its arguments (`from_logits`). */
  readonly loss: FnValue;
  /** Canonical optimizer (`adam`) with every argument filled in (learning_rate, clipnorm, …). */
  readonly optimizer: FnValue;
  /** Canonical metric names. */
  readonly metrics: readonly string[];
  /** Each metric's key in the logs, as Keras names it: the string the user wrote (`mae`). */
  readonly metricKeys: readonly string[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  readonly shuffle: boolean;
  readonly seed: number | null;
  readonly callbacks: readonly FnValue[];
  /** `data = { x = "x.npy", y = "y.npy" }`, paths as written (relative to the .rnn file). */
  readonly data: Readonly<Record<string, ConfigValue>>;
  readonly range: Range;
}

export interface CheckedModel {
  readonly name: string;
  readonly kind: 'sequential' | 'functional';
  readonly inputs: readonly ModelInput[];
  /** In an order where every node comes after the nodes it reads. */
  readonly nodes: readonly IRNode[];
  readonly outputs: readonly ValueRef[];
  readonly outputTypes: readonly ValueType[];
  readonly params: { readonly trainable: number; readonly nonTrainable: number };
  readonly train?: TrainConfig;
  readonly range: Range;
  /** The name's range in `model NAME {`. */
  readonly nameRange: Range;
}
