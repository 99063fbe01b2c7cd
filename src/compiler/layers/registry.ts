// The layer registry: every layer of the language, by its Keras class name. The checker, the
// summary, the runtime, the emitter and the editor all read these definitions.

import type { ConfigValue, LayerConfig } from '../config-value.ts';
import { BIDIRECTIONAL } from './bidirectional.ts';
import { CONV1D } from './conv1d.ts';
import { ACTIVATION, DROPOUT } from './core.ts';
import { DENSE } from './dense.ts';
import { EMBEDDING } from './embedding.ts';
import { INPUT } from './input.ts';
import { COMMON_ARGS, type ArgSpec, type ConfigOf, type LayerDef, type Wrapped } from './layer-def.ts';
import { MASKING } from './masking.ts';
import { ADD, AVERAGE, CONCATENATE, MAXIMUM, MINIMUM, MULTIPLY, SUBTRACT } from './merge.ts';
import { BATCH_NORMALIZATION, LAYER_NORMALIZATION } from './normalization.ts';
import { NORMALIZATION } from './preprocessing.ts';
import { AVERAGE_POOLING_1D, GLOBAL_AVERAGE_POOLING_1D, GLOBAL_MAX_POOLING_1D, MAX_POOLING_1D } from './pooling.ts';
import { GRU, LSTM, SIMPLE_RNN } from './recurrent.ts';
import { FLATTEN, REPEAT_VECTOR, RESHAPE } from './reshaping.ts';
import { TEXT_VECTORIZATION } from './text-vectorization.ts';
import { makeTimeDistributed } from './time-distributed.ts';

export { COMMON_ARGS };

const DEFS = [
  INPUT,
  SIMPLE_RNN,
  LSTM,
  GRU,
  BIDIRECTIONAL,
  makeTimeDistributed(lookupLayer),
  DENSE,
  ACTIVATION,
  EMBEDDING,
  MASKING,
  DROPOUT,
  REPEAT_VECTOR,
  FLATTEN,
  RESHAPE,
  CONV1D,
  MAX_POOLING_1D,
  AVERAGE_POOLING_1D,
  GLOBAL_AVERAGE_POOLING_1D,
  GLOBAL_MAX_POOLING_1D,
  CONCATENATE,
  ADD,
  SUBTRACT,
  MULTIPLY,
  AVERAGE,
  MAXIMUM,
  MINIMUM,
  LAYER_NORMALIZATION,
  BATCH_NORMALIZATION,
  NORMALIZATION,
  TEXT_VECTORIZATION,
] as const;

type Def = (typeof DEFS)[number];

/** Every layer type of the language: `'LSTM' | 'Dense' | …`. */
export type LayerType = Def['name'];

/** The checked config of a layer of type K (a layer given as an argument being W's). */
export type ConfigOfType<K extends LayerType, W extends Wrapped> = ConfigOf<Extract<Def, { readonly name: K }>['args'], W>;

// Looked up by a name known only at run time, a definition's config is the untyped LayerConfig
// (define.ts, erased); TypeScript cannot relate 28 typed definitions to that in one step.
const ERASED = DEFS as unknown as readonly LayerDef[];

export const LAYERS: ReadonlyMap<string, LayerDef> = new Map(ERASED.map((d) => [d.name, d]));

/** Other class names Keras exports for the same layers (keras_export aliases). */
export const LAYER_ALIASES: ReadonlyMap<string, string> = new Map([
  ['Convolution1D', 'Conv1D'],
  ['MaxPool1D', 'MaxPooling1D'],
  ['AvgPool1D', 'AveragePooling1D'],
  ['GlobalAvgPool1D', 'GlobalAveragePooling1D'],
  ['GlobalMaxPool1D', 'GlobalMaxPooling1D'],
]);

/** A layer by its class name or a Keras alias of it (case-sensitive, as in Keras). */
export function lookupLayer(name: string): LayerDef | undefined {
  return LAYERS.get(name) ?? LAYERS.get(LAYER_ALIASES.get(name) ?? '');
}

/** Canonical layer names, in registry order (for completion and "did you mean"). */
export function layerNames(): string[] {
  return [...LAYERS.keys()];
}

/** The layer's arguments followed by the common ones: everything a call may name. */
export function allArgs(def: LayerDef): readonly ArgSpec[] {
  return [...def.args, ...COMMON_ARGS];
}

/** `given` with every missing argument set to its default (layer arguments and common ones). */
export function withDefaults(def: LayerDef, given: Readonly<Record<string, ConfigValue>> = {}): LayerConfig {
  const config: Record<string, ConfigValue> = {};
  for (const a of allArgs(def)) if (a.default !== undefined) config[a.name] = a.default;
  return { ...config, ...given };
}
