// The checked intermediate representation: what the back ends (runtime, emitter, summary,
// language server) read. Every default is filled in, every name resolved, every shape known
// when the model checked clean. A model with errors is still built, with `unknown` types where
// inference stopped, so the editor can show what is known.

import type { Range } from '../source/text.ts';
import { isLayerValue, type ConfigValue, type FnValue, type LayerValue } from './config-value.ts';
import type { Wrapped, WeightSpec } from './layers/layer-def.ts';
import type { RecurrentType } from './layers/recurrent.ts';
import type { ConfigOfType, LayerType } from './layers/registry.ts';
import type { TensorType, ValueType } from './tensor-type.ts';

/** A checked layer of one type: its config is that layer's, typed from its registry entry. */
export interface CheckedLayerOfType<K extends LayerType> {
  /** Registry key (the layer's class name): `LSTM`. */
  readonly type: K;
  /** Unique within the model, Keras style: `lstm`, `lstm_1`, or the user's `name=`. */
  readonly name: string;
  /**
   * Every argument, by Keras's name, every default filled in (ConfigOf, layers/layer-def.ts). In a
   * model with errors, a layer whose arguments did not bind has what could be bound.
   */
  readonly config: ConfigOfType<K, InIR>;
  readonly inputTypes: readonly ValueType[];
  readonly outputTypes: readonly ValueType[];
  /** Empty when the input types were unknown. */
  readonly weights: readonly WeightSpec[];
  readonly params: { readonly trainable: number; readonly nonTrainable: number };
  /** The constructor call in the source (`LSTM(64, …)`). */
  readonly range: Range;
}

/** A checked layer of one of the types K: a union discriminated by `type`. (An emitted program,
 *  which carries no registry, has one CheckedLayer for every K: src/emit/program/overrides.ts.) */
export type CheckedLayerOf<K extends LayerType> = K extends LayerType ? CheckedLayerOfType<K> : never;

/** Any checked layer; `layer.type === 'LSTM'` narrows its config to LSTM's. */
export type CheckedLayer = CheckedLayerOf<LayerType>;

/** An argument's value in the IR: a ConfigValue whose layers are CheckedLayers. */
export type CheckedValue = number | string | boolean | null | readonly CheckedValue[] | FnValue | LayerValue<CheckedLayer>;

/** Every argument name some layer type takes. */
export type ArgumentName = CheckedLayer extends infer L ? (L extends { readonly config: infer C } ? keyof C & string : never) : never;

/** The value of argument N in the layer types that take it. */
export type ArgumentValue<N extends ArgumentName> = CheckedLayer extends infer L
  ? L extends { readonly config: { readonly [K in N]: infer V } }
    ? V
    : never
  : never;

/**
 * A layer's argument N when its type takes one (`seed`, `stateful`, `activity_regularizer`), else
 * undefined: for code that handles every layer type alike. N is checked against the registry, so
 * a renamed argument is a compile error here as in `layer.config.units`.
 */
export function argumentOf<N extends ArgumentName>(layer: CheckedLayer, name: N): ArgumentValue<N> | undefined {
  return (layer.config as unknown as Readonly<Record<string, ArgumentValue<N> | undefined>>)[name];
}

/** The layers a layer holds as arguments (Bidirectional's one or two, TimeDistributed's one), in argument order. */
export function wrappedLayers(layer: CheckedLayer): CheckedLayer[] {
  // A walk over the values rather than Object.entries: a recurrent layer's config has some
  // thirty arguments, and the checker asks this of every model's output layer.
  const out: CheckedLayer[] = [];
  const config = layer.config as unknown as Readonly<Record<string, CheckedValue>>;
  for (const key in config) {
    const v = config[key];
    if (isLayerValue(v)) out.push(v.layer);
  }
  return out;
}

/** In the IR a layer given as an argument is a CheckedLayer (a recurrent one for Bidirectional). */
interface InIR extends Wrapped {
  readonly any: CheckedLayer;
  readonly recurrent: CheckedLayerOf<RecurrentType>;
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
  /** Keras's name for the input: `Input(name=)`, else the name Keras would give it (input_layer…);
   *  data files and .npz entries are matched to inputs by it. */
  readonly name: string;
  readonly type: TensorType;
  readonly range: Range;
}

/** An entry of a train block's record of data files: a path or an option's value, or one path
 *  per named model input or output (`x = { src = "src.npy", tgt = "tgt.npy" }`). */
export type DataEntry = ConfigValue | { readonly [name: string]: string };

/** Whether a data entry is one path per name: the checker writes no other object into a record
 *  of files (no function or layer values), so any object is one. */
export function isNamedEntry(v: DataEntry | undefined): v is { readonly [name: string]: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One output's metrics: canonical names, and the keys they were written as (`mae`). */
export interface OutputMetrics {
  readonly names: readonly string[];
  readonly keys: readonly string[];
}

export interface TrainConfig {
  /** Canonical loss name (`mean_squared_error`) with its arguments (`from_logits`): the first
   *  output's, and every output's unless the block gives them one each (`losses`). */
  readonly loss: FnValue;
  /** Per output, in the model's order: the loss it is trained with. */
  readonly losses: readonly FnValue[];
  /** Per output, the weight of its loss in the total (Keras's loss_weights); null: every one 1. */
  readonly lossWeights: readonly number[] | null;
  /** Canonical optimizer (`adam`) with every argument filled in (learning_rate, clipnorm, …). */
  readonly optimizer: FnValue;
  /** Canonical metric names (of every output, for a model of several). */
  readonly metrics: readonly string[];
  /** Each metric's key in the logs, as Keras names it: the string the user wrote (`mae`). */
  readonly metricKeys: readonly string[];
  /** Per output, in the model's order: its metrics. A model of several outputs logs each under
   *  `<output>_<key>` (Keras 3's CompileMetrics); one of a single output under its key. */
  readonly outputMetrics: readonly OutputMetrics[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  /** Shuffle the samples (seeded) before validation_split takes the last fraction. */
  readonly shuffleBeforeSplit: boolean;
  readonly shuffle: boolean;
  readonly seed: number | null;
  readonly callbacks: readonly FnValue[];
  /** `data = { x = "x.npy", y = "y.npy" }`, paths as written (relative to the .rnn file). */
  readonly data: Readonly<Record<string, DataEntry>>;
  /** Held-out samples, Keras's validation_data: the same record as `data`; empty when not given. */
  readonly validationData: Readonly<Record<string, DataEntry>>;
  /** Steps per window of truncated backpropagation through time; null: the whole sequence. */
  readonly truncatedBptt: number | null;
  /** Threads each training step's batch is split across (runtime/train/workers); 1 runs none. */
  readonly workers: number;
  readonly range: Range;
}

/**
 * How a model generates, derived from its `decode` block (compiler/decode.ts): the training graph
 * split into the nodes that run once per source (the encoder) and the nodes that run once per
 * generated token (the step), which carry their recurrent states from call to call.
 */
export interface DecodePlan {
  /** The model input fed back (index into `inputs`): the target shifted by one step in training. */
  readonly feed: number;
  /** The first token fed; null for a language model that starts from a prompt. */
  readonly start: number | null;
  /** The token that ends a sequence; null when sequences run to maxLength. */
  readonly end: number | null;
  readonly maxLength: number;
  /** The output's last axis: the number of tokens (the fed Embedding's input_dim). */
  readonly vocabulary: number;
  /** What the output holds per step: a softmax's probabilities, or logits (a linear output trained with from_logits). */
  readonly scores: 'probabilities' | 'logits';
  /** For a fed text input (compiler/decode-text.ts): its TextVectorization and the start and end
   *  tokens, reserved ids of that vocabulary; the labels are the target's ids shifted by one. */
  readonly text?: DecodeText;
  /** Nodes that do not depend on the fed input, in IR order: run once per source. */
  readonly encoderNodes: readonly number[];
  /** Nodes that depend on the fed input, in IR order: run one time step per call. */
  readonly stepNodes: readonly number[];
  /** The decode block. */
  readonly range: Range;
}

/** The fed text of a decode block: `start` and `end` are ids start, start + 1 of `layer`'s vocabulary. */
export interface DecodeText {
  /** The fed TextVectorization's layer name. */
  readonly layer: string;
  readonly start: string;
  readonly end: string;
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
  /** From the model's `decode` block, when it has one and it checked. */
  readonly decode?: DecodePlan;
  readonly range: Range;
  /** The name's range in `model NAME {`. */
  readonly nameRange: Range;
}
