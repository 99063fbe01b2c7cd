// One Keras layer config as a .rnn layer call: each key is matched to the registry's argument of
// the same name (src/compiler/layers), its value converted to the checked form, and written only
// when it differs from the registry's default, which is Keras 3's. A key rnnc does not know, or a
// value it would compute differently with, is refused (E0823) — never dropped — unless it is one
// of the keys below that cannot change what the layer computes.

import { isFn, type ConfigValue, type FnValue, type LayerValue } from '../../compiler/config-value.ts';
import { allArgs, lookupLayer, withDefaults } from '../../compiler/layers/registry.ts';
import type { ArgSpec, ArgType, LayerDef, VocabName } from '../../compiler/layers/layer-def.ts';
import { defaultArgs, VOCABS } from '../../compiler/vocab/index.ts';
import { lookupIn } from '../../compiler/vocab/vocab.ts';
import { isJsonObject, type Json, type JsonObject } from '../../runtime/save/json.ts';
import { asList, describe, importError, type SourceFormat } from './source-model.ts';

/** Keys a saved config holds that are not arguments of the computation. */
const BOOKKEEPING = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'input_shape', 'input_dtype', 'build_config', 'autocast']);

/** Keys rnnc has no argument for, with the values that leave the computation as rnnc does it. */
const HARMLESS: Readonly<Record<string, (v: Json) => boolean>> = {
  // Keras 2 / TensorFlow.js: how the cell batches its matmuls, not what it computes.
  implementation: () => true,
  time_major: (v) => v === false || v === null,
  // The input's length, which the input shape already gives.
  input_length: () => true,
  // Keras 3: low-rank adaptation and quantization only when set.
  lora_rank: (v) => v === null,
  lora_alpha: () => true,
  quantization_config: (v) => v === null,
  noise_shape: (v) => v === null,
  ragged: (v) => v === false || v === null,
  sparse: (v) => v === false || v === null,
  // Keras 3 leaves it out of get_config; rnnc ignores it (no cuDNN).
  use_cudnn: () => true,
  // rnnc's 1-D convolutions, poolings and Flatten read (batch, steps, channels), Keras's default.
  data_format: (v) => v === 'channels_last' || v === null,
};

/** What a missing key meant to the framework that wrote the file, where that is not Keras 3's default. */
const FORMAT_DEFAULTS: Readonly<Record<SourceFormat, Readonly<Record<string, JsonObject>>>> = {
  keras3: {},
  // tfjs-layers' LSTM and GRU default to hard_sigmoid gates, and its GRU has only reset_after=false.
  tfjs: { LSTM: { recurrent_activation: 'hard_sigmoid' }, GRU: { recurrent_activation: 'hard_sigmoid', reset_after: false } },
  keras2: { LSTM: { recurrent_activation: 'hard_sigmoid' }, GRU: { recurrent_activation: 'hard_sigmoid' } },
};

export interface Where {
  readonly file: string;
  readonly format: SourceFormat;
  /** `layer lstm`, `layer bidirectional/lstm`. */
  readonly layer: string;
}

export interface ConvertedLayer {
  readonly def: LayerDef;
  /** The arguments the source sets, in checked form (what the checker would bind). */
  readonly values: Readonly<Record<string, ConfigValue>>;
  /** The call's text: `LSTM(4, return_sequences=true)`. */
  readonly text: string;
}

const refuse = (where: Where, key: string, value: Json | undefined, why: string, hint?: string) =>
  importError('E0823', where.file, `${where.layer}: ${key}=${describe(value)} ${why}`, hint);

const MAX_NESTING = 8;

// ---- values ------------------------------------------------------------------------------------

/** Layers given as arguments, with the text to write for them. */
const LAYER_TEXT = new WeakMap<LayerValue, string>();

function vocabValue(vocab: VocabName, v: Json, key: string, where: Where): ConfigValue {
  if (vocab === 'activation') {
    if (v === null) return 'linear';
    if (typeof v !== 'string') throw refuse(where, key, v, 'is not an activation rnnc knows', 'rnnc takes the activations Keras names; a custom one cannot be imported');
    const entry = lookupIn(VOCABS.activation, v);
    if (!entry) throw refuse(where, key, v, 'is not an activation rnnc knows');
    // keras/src/activations/activations.py: Keras 3's hard_sigmoid is relu6(x + 3) / 6; Keras 2 and
    // tfjs-layers (activations.ts, HardSigmoid) compute clip(0.2·x + 0.5, 0, 1).
    if (entry.name === 'hard_sigmoid' && where.format !== 'keras3') {
      throw refuse(where, key, v, `means clip(0.2·x + 0.5, 0, 1) in ${where.format === 'tfjs' ? 'TensorFlow.js' : 'Keras 2'}, while rnnc (as Keras 3) computes relu6(x + 3) / 6`, where.format === 'tfjs' ? "tfjs-layers' LSTM and GRU default to it: build them with recurrentActivation: 'sigmoid'" : 'retrain with sigmoid, or write the model by hand');
    }
    return entry.name;
  }
  if (vocab === 'initializer' || vocab === 'regularizer' || vocab === 'constraint') return fnValue(vocab, v, key, where);
  if (typeof v !== 'string') throw refuse(where, key, v, `is not one of rnnc's ${vocab} values`);
  const entry = lookupIn(VOCABS[vocab], v);
  if (!entry) throw refuse(where, key, v, `is not one of rnnc's ${vocab} values`);
  return entry.name;
}

/** `{class_name: "GlorotUniform", config: {seed: null}}` (or a bare name) as rnnc's FnValue. */
function fnValue(vocab: 'initializer' | 'regularizer' | 'constraint', v: Json, key: string, where: Where): FnValue {
  const className = typeof v === 'string' ? v : isJsonObject(v) && typeof v['class_name'] === 'string' ? v['class_name'] : undefined;
  const entry = className === undefined ? undefined : lookupIn(VOCABS[vocab], className);
  if (!entry) throw refuse(where, key, v, `is not an ${vocab} rnnc knows`);
  const given = isJsonObject(v) && isJsonObject(v['config']) ? v['config'] : {};
  const args: Record<string, ConfigValue> = defaultArgs(entry);
  for (const [name, raw] of Object.entries(given)) {
    const spec = entry.args?.find((a) => a.name === name);
    if (!spec) {
      if (raw === null) continue;
      throw refuse(where, `${key}.${name}`, raw, `is an argument of ${className} that rnnc's ${entry.name} does not take`);
    }
    // keras/src/initializers/random_initializers.py, VarianceScaling: "normal" means truncated_normal.
    const value = entry.name === 'variance_scaling' && name === 'distribution' && raw === 'normal' ? 'truncated_normal' : raw;
    args[name] = convertValue(spec.type, value, `${key}.${name}`, where);
  }
  if (entry.name === 'variance_scaling') return namedScaling(args);
  // TensorFlow.js has only the L1L2 class, so l1(…) and l2(…) come back as it; name them again.
  if (entry.name === 'l1_l2' && (args['l1'] === 0 || args['l2'] === 0) && args['l1'] !== args['l2']) {
    const which = args['l1'] === 0 ? 'l2' : 'l1';
    return { kind: 'fn', name: which, args: { [which]: args[which] ?? 0 } };
  }
  return { kind: 'fn', name: entry.name, args };
}

/** keras/src/initializers/random_initializers.py: Glorot, He and LeCun are VarianceScaling with these
 *  arguments, which TensorFlow.js and Keras 2 files spell out (tfjs writes glorotNormal so). */
const SCALINGS: readonly (readonly [name: string, scale: number, mode: string, distribution: string])[] = [
  ['glorot_uniform', 1, 'fan_avg', 'uniform'],
  ['glorot_normal', 1, 'fan_avg', 'truncated_normal'],
  ['he_uniform', 2, 'fan_in', 'uniform'],
  ['he_normal', 2, 'fan_in', 'truncated_normal'],
  ['lecun_uniform', 1, 'fan_in', 'uniform'],
  ['lecun_normal', 1, 'fan_in', 'truncated_normal'],
];

function namedScaling(args: Readonly<Record<string, ConfigValue>>): FnValue {
  const named = SCALINGS.find(([, scale, mode, distribution]) => args['scale'] === scale && args['mode'] === mode && args['distribution'] === distribution);
  const entry = named && lookupIn(VOCABS.initializer, named[0]);
  if (!entry) return { kind: 'fn', name: 'variance_scaling', args };
  return { kind: 'fn', name: entry.name, args: { ...defaultArgs(entry), seed: args['seed'] ?? null } };
}

function isDims(v: Json): v is (number | null)[] {
  return Array.isArray(v) && v.every((d) => d === null || Number.isInteger(d));
}

export function convertValue(type: ArgType, v: Json, key: string, where: Where): ConfigValue {
  const bad = (what: string) => refuse(where, key, v, `is not ${what}`);
  switch (type.kind) {
    case 'optional':
      // Keras writes an axis as a tuple, None as the empty one (normalization.py, get_config).
      if (type.inner.kind === 'int' && Array.isArray(v) && v.length === 0) return null;
      return v === null ? null : convertValue(type.inner, v, key, where);
    case 'int': {
      const one = asList(v);
      const n = one?.length === 1 ? one[0] : v;
      if (!Number.isInteger(n)) throw bad('a whole number');
      return n as number;
    }
    case 'float':
    case 'float_or_schedule':
      if (typeof v !== 'number') throw bad('a number');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw bad('true or false');
      return v;
    case 'string':
      if (typeof v !== 'string') throw bad('a string');
      return v;
    case 'vocab':
      return vocabValue(type.vocab, v, key, where);
    case 'shape':
      if (!isDims(v)) throw bad('a shape');
      return v;
    case 'ints':
      if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d))) throw bad('a tuple of whole numbers');
      return v as number[];
    case 'floats':
      if (typeof v === 'number') return v;
      if (!Array.isArray(v) || !v.every((d) => typeof d === 'number')) throw bad('a number or a tuple of numbers');
      return v;
    case 'int_or_tuple':
      // Keras writes 1-D sizes as 1-tuples.
      if (Number.isInteger(v)) return v as number;
      if (Array.isArray(v) && v.length === 1 && Number.isInteger(v[0])) return v[0] as number;
      throw bad('a whole number or a 1-tuple of one');
    case 'layer': {
      if (!isJsonObject(v) || typeof v['class_name'] !== 'string' || !isJsonObject(v['config'])) throw bad('a layer');
      // Wrappers nest a layer or two deep; a file nesting hundreds is refused before the stack runs out.
      if (where.layer.split('/').length > MAX_NESTING) {
        throw importError('E0825', where.file, `${where.layer}: layers nested more than ${MAX_NESTING} deep`, 'rnnc imports wrappers (Bidirectional, TimeDistributed) around a layer, not deep towers of them');
      }
      const inner = convertLayer(v['class_name'], v['config'], { ...where, layer: `${where.layer}/${typeof v['config']['name'] === 'string' ? v['config']['name'] : v['class_name']}` });
      const value: LayerValue = { kind: 'layer', layer: { type: inner.def.name, name: '', config: withDefaults(inner.def, inner.values) } };
      LAYER_TEXT.set(value, inner.text);
      return value;
    }
  }
}

// ---- equality and text -------------------------------------------------------------------------

export function sameValue(a: ConfigValue | undefined, b: ConfigValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x as ConfigValue, b[i] as ConfigValue));
  if (isFn(a) && isFn(b)) {
    const keys = new Set([...Object.keys(a.args), ...Object.keys(b.args)]);
    return a.name === b.name && [...keys].every((k) => sameValue(a.args[k], b.args[k]));
  }
  return false;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? '1e999' : '-1e999';
}

/** A checked value as .rnn text (`type` says whether a string is a name or a quoted string). */
export function valueText(v: ConfigValue, type?: ArgType): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') {
    const inner = type?.kind === 'optional' ? type.inner : type;
    return inner?.kind === 'vocab' && IDENTIFIER.test(v) ? v : JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    const items = (v as readonly ConfigValue[]).map((x) => valueText(x));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  const value = v as FnValue | LayerValue;
  if (value.kind === 'layer') return LAYER_TEXT.get(value) ?? `${value.layer.type}()`;
  const entry = Object.values(VOCABS).map((vocab) => lookupIn(vocab, value.name)).find((e) => e?.name === value.name);
  const defaults = entry ? defaultArgs(entry) : {};
  const args = Object.entries(value.args).filter(([k, a]) => !sameValue(a, defaults[k]));
  return args.length ? `${value.name}(${args.map(([k, a]) => `${k}=${valueText(a, entry?.args?.find((s) => s.name === k)?.type)}`).join(', ')})` : value.name;
}

// ---- layers ------------------------------------------------------------------------------------

/** Keras's automatic names (`lstm`, `lstm_2`), TensorFlow.js's (`lstm_LSTM1`) and a Bidirectional's
 *  directions (`forward_lstm`): not worth writing into the .rnn file. */
export function isAutoName(name: string, def: LayerDef): boolean {
  const stem = def.autoName;
  return new RegExp(`^(forward_|backward_)?${stem}(_\\d+)?$`).test(name) || new RegExp(`^${stem}_${def.name}\\d+$`).test(name);
}

function findArg(def: LayerDef, key: string): ArgSpec | undefined {
  return def.args.find((a) => a.name === key);
}

/** The layer config as a .rnn call, or E0822 / E0823. */
export function convertLayer(className: string, rawConfig: JsonObject, where: Where): ConvertedLayer {
  const def = lookupLayer(className);
  if (!def || def.category === 'input') {
    throw importError('E0822', where.file, `${where.layer} is a ${className}, a layer rnnc does not have`, 'rnnc imports the layers `rnnc explain E0822` lists; write the rest by hand');
  }
  const config: JsonObject = { ...FORMAT_DEFAULTS[where.format][def.name], ...rawConfig };
  const values: Record<string, ConfigValue> = {};
  for (const [key, raw] of Object.entries(config)) {
    if (BOOKKEEPING.has(key)) continue;
    const spec = findArg(def, key);
    if (!spec) {
      const harmless = HARMLESS[key];
      if (harmless?.(raw)) continue;
      throw refuse(where, key, raw, `is an argument rnnc's ${def.name} does not have`, 'remove it in the source framework, or write the layer by hand');
    }
    // tfjs-layers writes an LSTM's unset unit_forget_bias as null: its LSTMCell then leaves the
    // forget bias to the bias initializer, as false does.
    const value = key === 'unit_forget_bias' && raw === null ? false : raw;
    values[key] = convertValue(spec.type, value, key, where);
  }
  const trainable = config['trainable'];
  if (trainable === false) values['trainable'] = false;
  const dtype = config['dtype'];
  const dtypeName = isJsonObject(dtype) && isJsonObject(dtype['config']) ? dtype['config']['name'] : dtype;
  if (dtypeName !== undefined && dtypeName !== null && dtypeName !== 'float32') {
    throw refuse(where, 'dtype', dtypeName ?? null, 'is not float32, the one dtype rnnc computes layers in');
  }
  if (def.name === 'Bidirectional') dropMirroredBackward(values);
  // Keras resolves a pooling's strides=None to pool_size before it writes the config.
  if ((def.name === 'MaxPooling1D' || def.name === 'AveragePooling1D') && values['strides'] !== undefined && values['strides'] === (values['pool_size'] ?? 2)) {
    values['strides'] = null;
  }
  const name = config['name'];
  if (typeof name === 'string' && !isAutoName(name, def) && !where.layer.includes('/')) values['name'] = name;
  return { def, values, text: callText(def, values) };
}

/** Keras 3 writes a Bidirectional's backward layer even when it is the forward one mirrored;
 *  rnnc builds that mirror itself (bidirectional.py, Bidirectional.__init__). */
function dropMirroredBackward(values: Record<string, ConfigValue>): void {
  const forward = values['layer'] as LayerValue | undefined;
  const backward = values['backward_layer'] as LayerValue | null | undefined;
  if (!forward || !backward) return;
  const f = forward.layer.config;
  const b = backward.layer.config;
  const keys = new Set([...Object.keys(f), ...Object.keys(b)].filter((k) => k !== 'name' && k !== 'go_backwards'));
  if (backward.layer.type === forward.layer.type && b['go_backwards'] !== f['go_backwards'] && [...keys].every((k) => sameValue(f[k], b[k]))) {
    delete values['backward_layer'];
  }
}

function callText(def: LayerDef, values: Readonly<Record<string, ConfigValue>>): string {
  const args: string[] = [];
  let positional = true;
  for (const spec of allArgs(def)) {
    const v = values[spec.name];
    const isDefault = v === undefined || (spec.default !== undefined && sameValue(v, spec.default));
    if (isDefault) {
      positional = false;
      continue;
    }
    if (positional && spec.positional && spec.default === undefined) args.push(valueText(v, spec.type));
    else {
      positional = false;
      args.push(`${spec.name}=${valueText(v, spec.type)}`);
    }
  }
  return `${def.name}(${args.join(', ')})`;
}
