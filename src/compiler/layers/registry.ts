// The layer registry: every layer of the language, by its Keras class name. The checker, the
// summary, the runtime, the emitter and the editor all read these definitions.

import type { ConfigValue, LayerConfig } from '../config-value.ts';
import { arg, T } from './args.ts';
import { BIDIRECTIONAL } from './bidirectional.ts';
import { CONV1D } from './conv1d.ts';
import { ACTIVATION, DROPOUT } from './core.ts';
import { DENSE } from './dense.ts';
import { EMBEDDING } from './embedding.ts';
import { INPUT } from './input.ts';
import type { ArgSpec, LayerDef } from './layer-def.ts';
import { MASKING } from './masking.ts';
import { ADD, AVERAGE, CONCATENATE, MAXIMUM, MINIMUM, MULTIPLY, SUBTRACT } from './merge.ts';
import { BATCH_NORMALIZATION, LAYER_NORMALIZATION } from './normalization.ts';
import { AVERAGE_POOLING_1D, GLOBAL_AVERAGE_POOLING_1D, GLOBAL_MAX_POOLING_1D, MAX_POOLING_1D } from './pooling.ts';
import { GRU, LSTM, SIMPLE_RNN } from './recurrent.ts';
import { FLATTEN, REPEAT_VECTOR, RESHAPE } from './reshaping.ts';
import { makeTimeDistributed } from './time-distributed.ts';

/**
 * Arguments every layer accepts, which the checker handles itself (they are not in each
 * LayerDef's `args`): the layer's name, the input shape of a Sequential model's first layer,
 * and whether its weights train.
 */
export const COMMON_ARGS: readonly ArgSpec[] = [
  arg('name', T.optional(T.string()), null, 'The layer’s name, unique in the model (None: Keras-style automatic, e.g. lstm_1).'),
  arg('input', T.optional(T.shape()), null, 'The input shape without the batch axis, on the first layer of a Sequential model.', {
    aliases: ['input_shape'],
  }),
  arg('trainable', T.bool(), true, 'Whether the layer’s weights are updated in training (false freezes them).'),
];

const DEFS: readonly LayerDef[] = [
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
];

export const LAYERS: ReadonlyMap<string, LayerDef> = new Map(DEFS.map((d) => [d.name, d]));

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
