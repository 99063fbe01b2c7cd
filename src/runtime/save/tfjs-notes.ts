// What TensorFlow.js Layers (4.22) will not load, or will compute differently, in a model rnnc
// saves. rnnc saves and loads every model faithfully to Keras 3; these notes tell the user what
// to expect when they hand the files to `tf.loadLayersModel`. Each rule names the tfjs-layers
// source that makes it so.

import { configEntries, isFn, isLayerValue } from '../../compiler/config-value.ts';
import type { LayerType } from '../../compiler/layers/registry.ts';
import type { CheckedLayer, CheckedLayerOf, CheckedModel, CheckedValue } from '../../compiler/ir.ts';
import { TFJS_MISSING_ACTIVATIONS } from './keras-objects.ts';

export interface SaveNote {
  /** The layer's name; a wrapped layer is `bidirectional/lstm`. */
  readonly layer: string;
  /** `not-loadable`: tf.loadLayersModel throws. `not-runnable`: it loads, and predict throws.
   *  `differs`: it loads and runs, and computes other numbers. */
  readonly effect: 'not-loadable' | 'not-runnable' | 'differs';
  readonly message: string;
}

type Note = Omit<SaveNote, 'layer'>;

/** What TensorFlow.js makes of a layer of each type that needs saying. */
type Rules = { readonly [K in LayerType]?: (layer: CheckedLayerOf<K>) => Note | undefined };

const cannotLoad = (message: string) => ({ effect: 'not-loadable' as const, message });

function activationNotes(config: object): Omit<SaveNote, 'layer'>[] {
  const notes: Omit<SaveNote, 'layer'>[] = [];
  for (const [key, name] of configEntries(config)) {
    if ((key !== 'activation' && key !== 'recurrent_activation') || typeof name !== 'string') continue;
    if (TFJS_MISSING_ACTIVATIONS.has(name)) {
      notes.push(cannotLoad(`${key}=${name}: TensorFlow.js has no ${name} activation`));
    } else if (name === 'hard_sigmoid') {
      notes.push({
        effect: 'differs',
        message: `${key}=hard_sigmoid: TensorFlow.js computes clip(0.2·x + 0.5, 0, 1) (Keras 2), where Keras 3 and rnnc compute relu6(x + 3) / 6`,
      });
    }
  }
  return notes;
}

const RESCALING_CONSTRAINTS = new Set(['max_norm', 'unit_norm', 'min_max_norm']);

/** Initializers, regularizers and constraints shape training, but tfjs-layers builds them on load. */
function functionNotes(config: object): Omit<SaveNote, 'layer'>[] {
  const notes: Omit<SaveNote, 'layer'>[] = [];
  for (const [key, value] of configEntries(config)) {
    if (!isFn(value)) continue;
    // engine/topology.ts, Layer.apply: "Layer invocation in the presence of activity
    // regularizer(s) is not supported yet."
    if (key === 'activity_regularizer') {
      notes.push(cannotLoad('activity_regularizer: TensorFlow.js cannot build a layer that has one'));
    } else if (key.endsWith('_constraint') && RESCALING_CONSTRAINTS.has(value.name)) {
      // variables.ts, LayerVariable.write applies the constraint to the loaded values; these
      // divide by (norm + epsilon), so even weights that satisfy them change a little.
      notes.push({
        effect: 'differs',
        message: `${key}=${value.name}: TensorFlow.js applies the constraint again to the loaded weights, which rescales them slightly`,
      });
    } else if (value.name === 'orthogonal_regularizer') {
      notes.push(cannotLoad(`${key}=orthogonal_regularizer: TensorFlow.js has only the L1L2 regularizer`));
    }
    if (value.name === 'variance_scaling' && value.args['distribution'] === 'untruncated_normal') {
      notes.push(cannotLoad(`${key}: TensorFlow.js's VarianceScaling has no untruncated_normal distribution`));
    }
  }
  return notes;
}

const RULES: Rules = {
  // layers/recurrent.ts, GRUCell: "GRUCell does not support reset_after parameter set to true."
  GRU: (l) =>
    l.config.reset_after
      ? cannotLoad('GRU with reset_after=true (Keras 3’s default): TensorFlow.js implements only reset_after=false')
      : undefined,
  // No Subtract in layers/merge.ts.
  Subtract: () => cannotLoad('TensorFlow.js has no Subtract layer'),
  Conv1D: ({ config: c }) => {
    // layers/convolutional.ts has no `groups`: it would build a kernel of another shape.
    if (c.groups !== 1) return cannotLoad(`Conv1D with groups=${c.groups}: TensorFlow.js has no grouped convolution`);
    // conv1dWithBias: "The support for CAUSAL padding mode in conv1dWithBias is not implemented yet."
    if (c.padding === 'causal') {
      return { effect: 'not-runnable', message: 'Conv1D with padding=causal: TensorFlow.js loads it, but cannot run it' };
    }
    return undefined;
  },
  // layers/normalization.ts has no rms_scaling: it would expect a beta the file does not have.
  LayerNormalization: (l) =>
    l.config.rms_scaling ? cannotLoad('LayerNormalization with rms_scaling=true: TensorFlow.js has no rms_scaling') : undefined,
  GlobalAveragePooling1D: globalPooling,
  GlobalMaxPooling1D: globalPooling,
  // tfjs-layers 4.22's layers/preprocessing holds CategoryEncoding, CenterCrop, Resizing,
  // Rescaling and RandomWidth/RandomHeight; no class named Normalization is registered.
  // No class named TextVectorization is registered either; TensorFlow.js has no string tensors
  // a layer could read.
  TextVectorization: () => cannotLoad('TensorFlow.js has no TextVectorization layer (rnnc reads the saved model back; the vocabulary is in model.json under "rnnc" → "vocabularies": turn text into ids with it, then feed the layers after it)'),
  Normalization: () => cannotLoad('TensorFlow.js has no Normalization layer (rnnc reads the saved model back; to use it in TensorFlow.js, apply (x - mean) / sqrt(variance) from weights.bin yourself)'),
  // layers/wrappers.ts, Bidirectional: the backward layer is always a copy of the forward one,
  // named 'forward_' + its name with no prefix removed.
  Bidirectional: ({ config: c }) => {
    if (c.backward_layer) {
      return cannotLoad('Bidirectional with backward_layer: TensorFlow.js ignores it and builds its own backward copy');
    }
    const inner = c.layer;
    if (inner.layer.name.startsWith('forward_')) {
      return cannotLoad(`the wrapped layer is named ${inner.layer.name}: TensorFlow.js would name its weights forward_${inner.layer.name}`);
    }
    return undefined;
  },
};

function globalPooling(layer: CheckedLayerOf<'GlobalAveragePooling1D' | 'GlobalMaxPooling1D'>): Note | undefined {
  // layers/pooling.ts: GlobalPooling1D takes no mask into account and has no keepdims.
  const input = layer.inputTypes[0];
  if (input?.kind === 'tensor' && input.masked) {
    return { effect: 'differs', message: `${layer.type} on a masked input: TensorFlow.js ignores the mask and pools the padded steps too` };
  }
  if (layer.config.keepdims) {
    return { effect: 'differs', message: `keepdims=true: TensorFlow.js’s ${layer.type} drops the time axis anyway` };
  }
  return undefined;
}

function layerNotes(layer: CheckedLayer, path: string): SaveNote[] {
  const rule = (RULES as Readonly<Record<string, ((l: CheckedLayer) => Note | undefined) | undefined>>)[layer.type];
  const found = [rule?.(layer), ...activationNotes(layer.config), ...functionNotes(layer.config)];
  const own = found.filter((n) => n !== undefined).map((n) => ({ layer: path, ...n }));
  const wrapped = configEntries<CheckedValue>(layer.config)
    .map(([, v]) => v)
    .filter(isLayerValue)
    .flatMap((v) => layerNotes(v.layer, `${path}/${v.layer.name}`));
  return [...own, ...wrapped];
}

export function tfjsNotes(model: CheckedModel): SaveNote[] {
  return model.nodes.flatMap((n) => layerNotes(n.layer, n.layer.name));
}

const CONSEQUENCE: Readonly<Record<SaveNote['effect'], string>> = {
  'not-loadable': 'tf.loadLayersModel cannot load this model',
  'not-runnable': 'TensorFlow.js cannot run this model',
  differs: 'TensorFlow.js will compute different outputs',
};

export const formatNote = (note: SaveNote): string => `${note.layer}: ${note.message} — ${CONSEQUENCE[note.effect]}`;
