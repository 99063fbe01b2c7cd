// What the PyTorch target makes of each checked layer: a plan the code writer reads, or the reason
// it refuses the layer (E0903). This is the only file of src/emit/pytorch that reads a layer's
// config, and it reads it only through `read` below — the place to change when configs become
// typed.
//
// A layer is emitted only when every argument it was given has a meaning the Python program
// reproduces exactly (Keras 3's); an argument this file does not know refuses the layer, so an
// argument added to the registry later cannot be emitted wrong by default.

import { configEntries, isLayerValue, type FnValue } from '../../compiler/config-value.ts';
import type { CheckedLayer, CheckedValue } from '../../compiler/ir.ts';

export type CellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

/** One direction of a recurrent layer, Keras's semantics spelled out. */
export interface RnnPlan {
  readonly cell: CellKind;
  readonly units: number;
  readonly activation: string | null;
  /** Null for SimpleRNN, which has no gates. */
  readonly recurrentActivation: string | null;
  readonly useBias: boolean;
  /** GRU only (false elsewhere). */
  readonly resetAfter: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly zeroOutputForMask: boolean;
}

export type LayerPlan =
  | { readonly kind: 'Dense'; readonly units: number; readonly activation: string | null; readonly useBias: boolean }
  | { readonly kind: 'Embedding'; readonly inputDim: number; readonly outputDim: number; readonly maskZero: boolean }
  | { readonly kind: 'Masking'; readonly maskValue: number }
  | { readonly kind: 'Dropout'; readonly rate: number }
  | { readonly kind: 'RepeatVector'; readonly n: number }
  /** axis as written (null: every value); mean and variance null when adapted on the training data. */
  | { readonly kind: 'Normalization'; readonly axis: number | null; readonly mean: number | readonly number[] | null; readonly variance: number | readonly number[] | null; readonly invert: boolean }
  | { readonly kind: 'Recurrent'; readonly rnn: RnnPlan }
  | { readonly kind: 'Bidirectional'; readonly forward: RnnPlan; readonly backward: RnnPlan; readonly merge: 'concat' | 'sum' | 'mul' | 'ave' | null }
  | { readonly kind: 'TimeDistributed'; readonly inner: Extract<LayerPlan, { kind: 'Dense' }> };

/** Why a layer cannot be emitted: what is refused, and what the user can do. */
export interface Refusal {
  readonly refused: true;
  /** The layer (the inner one when a wrapper's layer is refused). */
  readonly layer: CheckedLayer;
  readonly message: string;
  readonly hint: string;
}

/** The layer types the PyTorch target emits. Every other registry layer is refused. */
export const EMITTED_LAYERS: readonly string[] = ['Dense', 'Embedding', 'Masking', 'Dropout', 'RepeatVector', 'Normalization', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'TimeDistributed'];

// ---- reading a config (the one place that does) -------------------------------------------------

// By key, not as `layer.config.units`: this file walks every argument a layer was given (and
// refuses the ones it does not know), so it reads the typed config as the table of entries it is.
const read = (layer: CheckedLayer, key: string): CheckedValue | undefined => configEntries<CheckedValue>(layer.config).find(([k]) => k === key)?.[1];

/** Arguments every layer takes that change nothing the program computes: names, the input shape,
 *  initializers (the program draws its own, or loads --init), seeds, and Keras's speed switches. */
const NEUTRAL = new Set(['name', 'input', 'trainable', 'seed', 'unroll', 'use_cudnn']);
const isInitializer = (key: string) => key.endsWith('_initializer');

/** Arguments whose only value the program supports is the default (null or false). */
const DEFAULT_ONLY: Readonly<Record<string, string>> = {
  kernel_regularizer: 'regularizers',
  recurrent_regularizer: 'regularizers',
  bias_regularizer: 'regularizers',
  embeddings_regularizer: 'regularizers',
  activity_regularizer: 'regularizers',
  kernel_constraint: 'constraints',
  recurrent_constraint: 'constraints',
  bias_constraint: 'constraints',
  embeddings_constraint: 'constraints',
  stateful: 'stateful layers',
  noise_shape: 'Dropout with a noise_shape',
  backward_layer: 'a separate backward_layer',
  weights: 'pre-trained tables (weights=) loaded from .npy files',
};

/** The arguments each emitted layer's plan reads. */
const PLAN_ARGS: Readonly<Record<string, readonly string[]>> = {
  Dense: ['units', 'activation', 'use_bias'],
  Embedding: ['input_dim', 'output_dim', 'mask_zero'],
  Masking: ['mask_value'],
  Dropout: ['rate'],
  RepeatVector: ['n'],
  Normalization: ['axis', 'mean', 'variance', 'invert'],
  SimpleRNN: ['units', 'activation', 'use_bias', 'dropout', 'recurrent_dropout', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  LSTM: ['units', 'activation', 'recurrent_activation', 'use_bias', 'unit_forget_bias', 'dropout', 'recurrent_dropout', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  GRU: ['units', 'activation', 'recurrent_activation', 'use_bias', 'reset_after', 'dropout', 'recurrent_dropout', 'return_sequences', 'return_state', 'go_backwards', 'zero_output_for_mask'],
  Bidirectional: ['layer', 'merge_mode'],
  TimeDistributed: ['layer'],
};

/** The first argument of `layer` the program cannot reproduce, as a refusal. */
function unsupportedArgument(layer: CheckedLayer): Refusal | null {
  const known = new Set(PLAN_ARGS[layer.type] ?? []);
  for (const key of Object.keys(layer.config)) {
    if (known.has(key) || NEUTRAL.has(key) || isInitializer(key)) continue;
    const v = read(layer, key);
    const what = DEFAULT_ONLY[key];
    if (what !== undefined && (v === null || v === false)) continue;
    return refuse(
      layer,
      `the PyTorch target cannot emit ${layer.type} \`${layer.name}\` with \`${key}\`${what ? `: ${what} are not emitted yet` : ', an argument it does not know'}`,
      `remove \`${key}\`, or build the TypeScript program (rnnc build without --target), which supports it`,
    );
  }
  return null;
}

const refuse = (layer: CheckedLayer, message: string, hint: string): Refusal => ({ refused: true, layer, message, hint });

// The checker fills in every default, so the fallbacks below are never what a layer says.
const numArg = (layer: CheckedLayer, key: string): number => {
  const v = read(layer, key);
  return typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : 0;
};
const boolArg = (layer: CheckedLayer, key: string): boolean => read(layer, key) === true;
const strArg = (layer: CheckedLayer, key: string): string | null => {
  const v = read(layer, key);
  return typeof v === 'string' ? v : null;
};
const innerLayer = (layer: CheckedLayer): CheckedLayer | null => {
  const v = read(layer, 'layer');
  return isLayerValue(v) ? (v as { readonly layer: CheckedLayer }).layer : null;
};
/** merge_mode: absent is Keras's default concat; null is merge_mode=None (two outputs). */
const mergeMode = (layer: CheckedLayer) => (read(layer, 'merge_mode') === undefined ? 'concat' : strArg(layer, 'merge_mode'));

// ---- plans -----------------------------------------------------------------------------------

function rnnPlan(layer: CheckedLayer): RnnPlan {
  const cell = layer.type as CellKind;
  return {
    cell,
    units: numArg(layer, 'units'),
    activation: strArg(layer, 'activation'),
    recurrentActivation: cell === 'SimpleRNN' ? null : strArg(layer, 'recurrent_activation'),
    useBias: boolArg(layer, 'use_bias'),
    resetAfter: cell === 'GRU' && boolArg(layer, 'reset_after'),
    dropout: numArg(layer, 'dropout'),
    recurrentDropout: numArg(layer, 'recurrent_dropout'),
    returnSequences: boolArg(layer, 'return_sequences'),
    returnState: boolArg(layer, 'return_state'),
    goBackwards: boolArg(layer, 'go_backwards'),
    zeroOutputForMask: boolArg(layer, 'zero_output_for_mask'),
  };
}

/** The plan for `layer`, or why the PyTorch target refuses it. */
export function planLayer(layer: CheckedLayer): LayerPlan | Refusal {
  if (!EMITTED_LAYERS.includes(layer.type)) {
    return refuse(layer, `the PyTorch target cannot emit ${layer.type} (\`${layer.name}\`) yet`, `the layers it emits are ${EMITTED_LAYERS.join(', ')}; build the TypeScript program (rnnc build without --target) for this model`);
  }
  const bad = unsupportedArgument(layer);
  if (bad) return bad;
  switch (layer.type) {
    case 'Dense':
      return { kind: 'Dense', units: numArg(layer, 'units'), activation: strArg(layer, 'activation'), useBias: boolArg(layer, 'use_bias') };
    case 'Embedding':
      return { kind: 'Embedding', inputDim: numArg(layer, 'input_dim'), outputDim: numArg(layer, 'output_dim'), maskZero: boolArg(layer, 'mask_zero') };
    case 'Masking':
      return { kind: 'Masking', maskValue: numArg(layer, 'mask_value') };
    case 'Dropout':
      return { kind: 'Dropout', rate: numArg(layer, 'rate') };
    case 'RepeatVector':
      return { kind: 'RepeatVector', n: numArg(layer, 'n') };
    case 'Normalization': {
      const axis = read(layer, 'axis');
      const stat = (key: string) => {
        const v = read(layer, key);
        return typeof v === 'number' || (Array.isArray(v) && v.every((n) => typeof n === 'number')) ? (v as number | readonly number[]) : null;
      };
      return { kind: 'Normalization', axis: typeof axis === 'number' ? axis : null, mean: stat('mean'), variance: stat('variance'), invert: boolArg(layer, 'invert') };
    }
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return { kind: 'Recurrent', rnn: rnnPlan(layer) };
    case 'Bidirectional': {
      const inner = innerLayer(layer);
      if (!inner) return refuse(layer, `Bidirectional \`${layer.name}\` wraps no layer`, 'give it a recurrent layer');
      const innerPlan = planLayer(inner);
      if ('refused' in innerPlan) return innerPlan;
      if (innerPlan.kind !== 'Recurrent') return refuse(inner, `Bidirectional \`${layer.name}\` wraps ${inner.type}`, 'wrap SimpleRNN, LSTM or GRU');
      // bidirectional.py: both directions return zeros at masked steps when they return sequences.
      const forward = { ...innerPlan.rnn, zeroOutputForMask: innerPlan.rnn.returnSequences };
      return {
        kind: 'Bidirectional',
        forward,
        backward: { ...forward, goBackwards: !forward.goBackwards },
        merge: mergeMode(layer) as 'concat' | 'sum' | 'mul' | 'ave' | null,
      };
    }
    case 'TimeDistributed': {
      const inner = innerLayer(layer);
      if (!inner) return refuse(layer, `TimeDistributed \`${layer.name}\` wraps no layer`, 'give it a layer');
      const innerPlan = planLayer(inner);
      if ('refused' in innerPlan) return innerPlan;
      if (innerPlan.kind !== 'Dense') {
        return refuse(inner, `the PyTorch target emits TimeDistributed only around Dense, not around ${inner.type} (\`${layer.name}\`)`, 'use TimeDistributed(Dense(…)), or build the TypeScript program');
      }
      return { kind: 'TimeDistributed', inner: innerPlan };
    }
  }
  return refuse(layer, `the PyTorch target cannot emit ${layer.type} (\`${layer.name}\`) yet`, 'build the TypeScript program (rnnc build without --target)');
}

/** Whether the layer's weights train (`trainable=false` freezes them). */
export const isTrainable = (layer: CheckedLayer): boolean => read(layer, 'trainable') !== false;

/** An initializer as the program draws it: its canonical name and arguments (nested for unit_forget_bias). */
export function initializerValue(fn: FnValue): unknown {
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fn.args)) args[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v && v.kind === 'fn' ? initializerValue(v) : v;
  return [fn.name, args];
}
