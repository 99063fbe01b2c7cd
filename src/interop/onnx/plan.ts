// Which layers `rnnc export --onnx` writes, and why it refuses the rest. A layer is exported only
// when every argument it was given has a meaning the ONNX graph reproduces exactly (Keras 3's, as
// rnnc's runtime computes it); an argument this file does not know refuses the layer, so a layer
// or an argument added to the registry later is refused until it is exported right, never
// exported wrong.

import { configEntries, formatValue, isLayerValue } from '../../compiler/config-value.ts';
import type { CheckedLayer, CheckedModel, CheckedValue } from '../../compiler/ir.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { diagnostic } from '../../diagnostics/make.ts';

/** The layers the ONNX export writes; every other layer of the registry is refused. */
export const EXPORTED_LAYERS: readonly string[] = [
  'Dense', 'Activation', 'Dropout', 'Embedding', 'Masking', 'RepeatVector', 'Flatten', 'Reshape', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'TimeDistributed',
  'Concatenate', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum',
  'LayerNormalization', 'BatchNormalization', 'Normalization', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D',
  'Conv1D', 'MaxPooling1D', 'AveragePooling1D',
];

/** The merge layers: plain operators over their inputs, their masks and-ed (keras/src/layers/merging/base_merge.py). */
export const MERGE_LAYERS: readonly string[] = ['Concatenate', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'];

/** Activations as plain ONNX operators (Dense, Activation). */
export const PLAIN_ACTIVATIONS: readonly string[] = ['linear', 'tanh', 'sigmoid', 'hard_sigmoid', 'relu', 'relu6', 'leaky_relu', 'elu', 'selu', 'gelu', 'softplus', 'softsign', 'silu', 'hard_silu', 'mish', 'exponential', 'softmax', 'log_softmax'];

/**
 * Activations ONNX's LSTM, GRU and RNN operators take (ONNX's operator documentation, "Activation functions"), with
 * the alpha and beta that make them Keras 3's: hard_sigmoid is relu6(x + 3) / 6, HardSigmoid with
 * alpha 1/6 and beta 0.5 (Keras 2's 0.2x + 0.5 would be alpha 0.2); leaky_relu's slope is 0.2;
 * linear (None) is Affine(1, 0).
 */
export const RNN_ACTIVATIONS: Readonly<Record<string, { readonly op: string; readonly alpha?: number; readonly beta?: number }>> = {
  tanh: { op: 'Tanh' },
  sigmoid: { op: 'Sigmoid' },
  relu: { op: 'Relu' },
  hard_sigmoid: { op: 'HardSigmoid', alpha: 1 / 6, beta: 0.5 },
  linear: { op: 'Affine', alpha: 1, beta: 0 },
  softsign: { op: 'Softsign' },
  softplus: { op: 'Softplus' },
  elu: { op: 'Elu', alpha: 1 },
  leaky_relu: { op: 'LeakyRelu', alpha: 0.2 },
};

/** Arguments that change nothing a trained model computes when it predicts (an Embedding's
 *  `weights` file is where training starts; the saved weights are what it predicts with). */
const NEUTRAL = new Set(['name', 'input', 'trainable', 'seed', 'unroll', 'use_cudnn', 'dropout', 'recurrent_dropout', 'rate', 'activity_regularizer', 'weights']);
const isNeutral = (key: string) => NEUTRAL.has(key) || /_(initializer|regularizer|constraint)$/.test(key);

/** Arguments whose only exported value is the default (null or false). */
const DEFAULT_ONLY: Readonly<Record<string, string>> = {
  stateful: 'a stateful layer carries its state from one call to the next, which a graph run once per batch does not',
  noise_shape: 'noise_shape is not exported',
  backward_layer: 'a separate backward_layer is not exported yet',
};

/** The arguments each exported layer's translation reads (export.ts). */
const READ: Readonly<Record<string, readonly string[]>> = {
  Dense: ['units', 'activation', 'use_bias'],
  Activation: ['activation'],
  Dropout: [],
  Embedding: ['input_dim', 'output_dim', 'mask_zero'],
  Masking: ['mask_value'],
  RepeatVector: ['n'],
  Flatten: [],
  Reshape: ['target_shape'],
  SimpleRNN: ['units', 'activation', 'use_bias', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  LSTM: ['units', 'activation', 'recurrent_activation', 'use_bias', 'unit_forget_bias', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  GRU: ['units', 'activation', 'recurrent_activation', 'use_bias', 'reset_after', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  Bidirectional: ['layer', 'merge_mode'],
  TimeDistributed: ['layer'],
  Concatenate: ['axis'],
  Add: [],
  Subtract: [],
  Multiply: [],
  Average: [],
  Maximum: [],
  Minimum: [],
  LayerNormalization: ['axis', 'epsilon', 'center', 'scale', 'rms_scaling'],
  Normalization: ['axis', 'mean', 'variance', 'invert'],
  // momentum moves the statistics in training; a trained model predicts with the moving ones.
  BatchNormalization: ['axis', 'epsilon', 'center', 'scale', 'momentum', 'synchronized'],
  GlobalAveragePooling1D: ['keepdims'],
  GlobalMaxPooling1D: ['keepdims'],
  Conv1D: ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'groups', 'activation', 'use_bias'],
  MaxPooling1D: ['pool_size', 'strides', 'padding'],
  AveragePooling1D: ['pool_size', 'strides', 'padding'],
};

/** Why a layer cannot be exported: the layer refused (the inner one for a wrapper) and what to do. */
export interface Refusal {
  readonly layer: CheckedLayer;
  readonly message: string;
  readonly hint: string;
}

export const readArg = (layer: CheckedLayer, key: string): CheckedValue | undefined => configEntries<CheckedValue>(layer.config).find(([k]) => k === key)?.[1];
/** An argument read as the translation reads it: a number (0 when absent), true only when true, an activation's name (None is linear). */
export const argNumber = (layer: CheckedLayer, key: string): number => {
  const v = readArg(layer, key);
  return typeof v === 'number' ? v : 0;
};
export const argBool = (layer: CheckedLayer, key: string): boolean => readArg(layer, key) === true;
export const argString = (layer: CheckedLayer, key: string): string => {
  const v = readArg(layer, key);
  return typeof v === 'string' ? v : 'linear';
};
export const innerLayer = (layer: CheckedLayer): CheckedLayer | null => {
  const v = readArg(layer, 'layer');
  return isLayerValue(v) ? (v as { readonly layer: CheckedLayer }).layer : null;
};

/** Null when `layer` is exported exactly, else why not. */
export function refusal(layer: CheckedLayer): Refusal | null {
  const refuse = (message: string, hint: string): Refusal => ({ layer, message, hint });
  const read = READ[layer.type];
  if (read === undefined) {
    return refuse(`rnnc export cannot write ${layer.type} \`${layer.name}\` to ONNX yet`, `the layers it exports are ${EXPORTED_LAYERS.join(', ')}`);
  }
  for (const key of Object.keys(layer.config)) {
    if (read.includes(key) || isNeutral(key)) continue;
    const v = readArg(layer, key);
    const why = DEFAULT_ONLY[key];
    if (why !== undefined && (v === null || v === false)) continue;
    return refuse(`rnnc export cannot write ${layer.type} \`${layer.name}\` with \`${key}\` to ONNX${why ? `: ${why}` : ', an argument it does not know'}`, `remove \`${key}\`, or run the model with rnnc predict`);
  }
  const act = (key: string, table: readonly string[], where: string): Refusal | null => {
    const v = readArg(layer, key);
    const name = typeof v === 'string' ? v : 'linear';
    return table.includes(name) ? null : refuse(`rnnc export cannot write ${layer.type} \`${layer.name}\` with ${key}=${name} to ONNX: ${where}`, `use one of ${table.join(', ')}`);
  };
  switch (layer.type) {
    case 'Dense':
    case 'Activation':
    case 'Conv1D':
      return act('activation', PLAIN_ACTIVATIONS, 'it has no exact ONNX form here');
    case 'SimpleRNN':
      return act('activation', Object.keys(RNN_ACTIVATIONS), "ONNX's RNN operator has no such activation");
    case 'LSTM':
    case 'GRU':
      return act('activation', Object.keys(RNN_ACTIVATIONS), `ONNX's ${layer.type} operator has no such activation`) ?? act('recurrent_activation', Object.keys(RNN_ACTIVATIONS), `ONNX's ${layer.type} operator has no such activation`);
    case 'Concatenate': {
      // Concatenate.compute_mask and-s the masks only when joining along the last axis.
      const rank = (layer.inputTypes[0] as { readonly shape?: readonly unknown[] } | undefined)?.shape?.length ?? 0;
      const axis = readArg(layer, 'axis');
      const last = axis === -1 || axis === rank - 1;
      const masked = layer.inputTypes.some((t) => 'masked' in t && t.masked);
      return masked && !last ? refuse(`rnnc export cannot write Concatenate \`${layer.name}\` along axis ${formatValue(axis)} of masked inputs to ONNX`, 'concatenate along the last axis, or run the model with rnnc predict') : null;
    }
    case 'Bidirectional':
    case 'TimeDistributed': {
      const inner = innerLayer(layer);
      if (!inner) return refuse(`${layer.type} \`${layer.name}\` wraps no layer`, 'give it a layer');
      const innerRefusal = refusal(inner);
      if (innerRefusal) return innerRefusal;
      if (layer.type === 'TimeDistributed' && !['Dense', 'Activation', 'Dropout'].includes(inner.type)) {
        return { layer: inner, message: `rnnc export writes TimeDistributed only around Dense, Activation and Dropout, not around ${inner.type} (\`${layer.name}\`)`, hint: 'use TimeDistributed(Dense(…)), or run the model with rnnc predict' };
      }
      return null;
    }
  }
  return null;
}

/** What the export refuses in `model`, one diagnostic per layer (at its call in the .rnn file). Free
 *  of the protobuf writer, so that rnnc build --onnx refuses without loading it. */
export function onnxRefusals(model: CheckedModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of model.nodes) {
    const r = refusal(node.layer);
    if (r) {
      out.push(diagnostic('E0906', r.layer.range, r.message, { label: `${r.layer.type} cannot be exported to ONNX`, hint: r.hint }));
    } else if (node.initialState?.length && node.layer.type === 'Bidirectional') {
      out.push(diagnostic('E0906', node.range, `rnnc export cannot write Bidirectional \`${node.layer.name}\` with initial_state to ONNX yet`, { hint: 'remove initial_state, or run the model with rnnc predict' }));
    }
  }
  return out;
}
