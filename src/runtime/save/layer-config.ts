// One checked layer as a saved Keras model holds it: `{class_name, config}`. The checked config
// already has Keras's snake_case argument names with every default filled in, so most of a
// layer is a walk over it; what differs is below, layer by layer.
//
// Every activation is written out, recurrent_activation included: tfjs-layers' own default for
// it is hard_sigmoid, so a missing one would silently change the gates.

import { configEntries, isFn, isLayerValue } from '../../compiler/config-value.ts';
import type { CheckedLayer, CheckedValue } from '../../compiler/ir.ts';
import type { Json, KerasObject } from './json.ts';
import { kerasActivation, kerasConstraint, kerasInitializer, kerasRegularizer, plainJson } from './keras-objects.ts';

type MutableConfig = Record<string, Json>;

/** Arguments the checker keeps that are not part of a Keras layer's config: the input shape of
 *  a Sequential model's first layer becomes the InputLayer in front of it. */
const NOT_KERAS = new Set(['name', 'input', 'trainable']);

function configValue(key: string, value: CheckedValue): Json {
  if (isLayerValue(value)) return kerasLayer(value.layer);
  if (isFn(value)) {
    if (key.endsWith('_initializer')) return kerasInitializer(value);
    if (key.endsWith('_regularizer')) return kerasRegularizer(value);
    if (key.endsWith('_constraint')) return kerasConstraint(value);
    throw new Error(`rnnc: cannot serialize ${key}=${value.name}`);
  }
  if (key === 'activation' || key === 'recurrent_activation') {
    return kerasActivation(typeof value === 'string' ? value : 'linear');
  }
  return plainJson(value);
}

/** Keras writes the 1-D sizes of convolutions and pooling as 1-tuples. */
const tuple = (v: Json | undefined): Json => (typeof v === 'number' ? [v] : (v ?? null));

const CHANNELS_LAST = (c: MutableConfig) => {
  c['data_format'] = 'channels_last';
};

const windowPooling = (c: MutableConfig) => {
  // Keras resolves strides=None to pool_size before it serializes.
  c['strides'] = tuple(c['strides'] ?? c['pool_size']);
  c['pool_size'] = tuple(c['pool_size']);
  CHANNELS_LAST(c);
};

/** Keras 3 takes use_cudnn but leaves it out of get_config (lstm.py, gru.py); so do we. tfjs-layers
 *  knows no zero_output_for_mask, so it is written only when it is on (its default is off). */
const withoutCudnn = (c: MutableConfig) => {
  delete c['use_cudnn'];
  if (c['zero_output_for_mask'] === false) delete c['zero_output_for_mask'];
};

const ADJUST: Readonly<Record<string, (c: MutableConfig, layer: CheckedLayer) => void>> = {
  Conv1D: (c) => {
    c['kernel_size'] = tuple(c['kernel_size']);
    c['strides'] = tuple(c['strides']);
    c['dilation_rate'] = tuple(c['dilation_rate']);
    CHANNELS_LAST(c);
  },
  MaxPooling1D: windowPooling,
  AveragePooling1D: windowPooling,
  GlobalAveragePooling1D: CHANNELS_LAST,
  GlobalMaxPooling1D: CHANNELS_LAST,
  Flatten: CHANNELS_LAST,
  Dropout: (c) => {
    c['noise_shape'] = null;
  },
  SimpleRNN: withoutCudnn,
  LSTM: withoutCudnn,
  GRU: withoutCudnn,
  Reshape: (c, layer) => {
    // tfjs-layers' Reshape leaves a -1 unknown when it infers shapes, so the layer after it
    // cannot build (a Dense gets a kernel of shape [null, n]). The checker knows the size.
    const out = layer.outputTypes[0];
    const shape = out?.kind === 'tensor' ? out.shape.slice(1) : [];
    if (shape.length > 0 && shape.every((d) => d !== null)) c['target_shape'] = shape;
  },
  // normalization.py get_config: axis as a tuple (None as the empty tuple), mean and variance
  // through np.array(...).tolist() (None stays None).
  Normalization: (c) => {
    const axis = c['axis'];
    c['axis'] = typeof axis === 'number' ? [axis] : [];
  },
  // text_vectorization.py: the layer computes in strings (variable_dtype "string"); `replace` is
  // rnnc's own, left out when not used so that Keras's from_config takes the rest.
  TextVectorization: (c) => {
    c['dtype'] = 'string';
    if (c['replace'] === null) delete c['replace'];
  },
  // embedding.py get_config has no `weights`: the table itself is in weights.bin.
  Embedding: (c) => {
    delete c['weights'];
  },
  Bidirectional: (c) => {
    // Keras writes backward_layer only when one was given.
    if (c['backward_layer'] === null) delete c['backward_layer'];
  },
};

export function kerasLayer(layer: CheckedLayer): KerasObject {
  const config: MutableConfig = {
    name: layer.name,
    trainable: layer.config.trainable,
    dtype: 'float32',
  };
  for (const [key, value] of configEntries<CheckedValue>(layer.config)) {
    if (!NOT_KERAS.has(key)) config[key] = configValue(key, value);
  }
  ADJUST[layer.type]?.(config, layer);
  return { class_name: layer.type, config };
}
