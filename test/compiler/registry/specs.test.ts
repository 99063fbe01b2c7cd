// The registry and vocabularies as data: every argument and entry documented, every default of
// its own type, names resolving as Keras resolves them, mask support as in Keras 3.

import { describe, expect, it } from 'vitest';
import { isFn, isLayerValue, type ConfigValue } from '../../../src/compiler/config-value.ts';
import type { ArgSpec, ArgType } from '../../../src/compiler/layers/layer-def.ts';
import { COMMON_ARGS, LAYERS, layerNames, lookupLayer } from '../../../src/compiler/layers/registry.ts';
import {
  CALLBACKS,
  fnDefault,
  INITIALIZERS,
  lookup,
  LOSSES,
  METRICS,
  OPTIMIZERS,
  spellings,
  VOCABS,
  type Vocab,
} from '../../../src/compiler/vocab/index.ts';

const ALL_VOCABS: [string, Vocab][] = [...Object.entries(VOCABS), ['loss', LOSSES], ['optimizer', OPTIMIZERS], ['metric', METRICS], ['callback', CALLBACKS]];

/** Whether a checked value fits its type: the test's own reading of ArgType's documentation. */
function satisfies(type: ArgType, v: ConfigValue): boolean {
  switch (type.kind) {
    case 'optional':
      return v === null || satisfies(type.inner, v);
    case 'int':
    case 'int_or_tuple':
      return typeof v === 'number' && Number.isInteger(v) && (type.min === undefined || v >= type.min) && (type.kind !== 'int' || type.max === undefined || v <= type.max);
    case 'float': {
      if (typeof v !== 'number') return false;
      const lo = type.min === undefined || (type.minExclusive ? v > type.min : v >= type.min);
      const hi = type.max === undefined || (type.maxExclusive ? v < type.max : v <= type.max);
      return lo && hi;
    }
    case 'float_or_schedule':
      if (isFn(v)) return lookup('schedule', v.name)?.name === v.name;
      return typeof v === 'number' && (type.min === undefined || (type.minExclusive ? v > type.min : v >= type.min));
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'vocab': {
      if (typeof v === 'string') return ['activation', 'merge_mode', 'padding', 'dtype', 'standardize', 'split', 'output_mode', 'text_replace'].includes(type.vocab) && lookup(type.vocab, v)?.name === v;
      if (!isFn(v)) return false;
      const entry = lookup(type.vocab, v.name);
      return entry?.name === v.name && (entry.args ?? []).every((a) => a.name in v.args && satisfies(a.type, v.args[a.name]!));
    }
    case 'shape':
      return Array.isArray(v) && v.length > 0 && v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 1));
    case 'ints':
      return Array.isArray(v) && v.every((d) => typeof d === 'number' && Number.isInteger(d));
    case 'floats':
      return typeof v === 'number' || (Array.isArray(v) && v.length > 0 && v.every((d) => typeof d === 'number'));
    case 'layer':
      return isLayerValue(v);
  }
}

function checkSpecs(owner: string, specs: readonly ArgSpec[]) {
  const names = new Set<string>();
  for (const spec of specs) {
    expect(spec.doc.trim(), `${owner}.${spec.name} has a doc line`).not.toBe('');
    expect(spec.doc, `${owner}.${spec.name}: one line`).not.toContain('\n');
    expect(names.has(spec.name), `${owner}.${spec.name} is declared once`).toBe(false);
    names.add(spec.name);
    if (spec.default !== undefined) {
      expect(satisfies(spec.type, spec.default), `${owner}.${spec.name}'s default ${JSON.stringify(spec.default)} fits its type`).toBe(true);
    }
  }
  // Positional arguments come first: a positional one never follows a keyword-only one.
  const firstKeyword = specs.findIndex((s) => !s.positional);
  if (firstKeyword >= 0) expect(specs.slice(firstKeyword).some((s) => s.positional), `${owner}: positional arguments lead`).toBe(false);
}

describe('layer definitions', () => {
  it.each(layerNames())('%s: documented arguments whose defaults fit their types', (name) => {
    const def = LAYERS.get(name)!;
    expect(def.doc.trim()).not.toBe('');
    checkSpecs(name, def.args);
    for (const spec of def.args) expect(COMMON_ARGS.map((c) => c.name)).not.toContain(spec.name);
  });

  it('common arguments are documented too, with input_shape as an alias of input', () => {
    checkSpecs('common', COMMON_ARGS);
    expect(COMMON_ARGS.map((a) => a.name)).toEqual(['name', 'input', 'trainable']);
    expect(COMMON_ARGS[1]?.aliases).toEqual(['input_shape']);
  });

  it('autoName is Keras’s to_snake_case of the class name', () => {
    const snake = (s: string) =>
      s.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    for (const [name, def] of LAYERS) if (name !== 'Input') expect(def.autoName).toBe(snake(name));
    expect(lookupLayer('Input')?.autoName).toBe('input_layer');
  });

  it('mask support mirrors Keras 3’s supports_masking', () => {
    const accepting = [...LAYERS.values()].filter((d) => d.acceptsMask).map((d) => d.name).sort();
    expect(accepting).toEqual(
      [
        'Activation', 'Add', 'Average', 'BatchNormalization', 'Bidirectional', 'Concatenate', 'Dense', 'Dropout', 'GRU',
        'GlobalAveragePooling1D', 'LSTM', 'LayerNormalization', 'Masking', 'Maximum', 'Minimum', 'Multiply', 'Normalization', 'SimpleRNN',
        'Subtract', 'TimeDistributed',
      ].sort(),
    );
  });

  it('resolves Keras’s alias class names', () => {
    expect(lookupLayer('Convolution1D')?.name).toBe('Conv1D');
    expect(lookupLayer('MaxPool1D')?.name).toBe('MaxPooling1D');
    expect(lookupLayer('GlobalAvgPool1D')?.name).toBe('GlobalAveragePooling1D');
    expect(lookupLayer('lstm')).toBeUndefined();
    expect(layerNames()).not.toContain('MaxPool1D');
  });

  it('every recurrent layer takes Keras 3’s full argument list', () => {
    const names = (n: string) => LAYERS.get(n)!.args.map((a) => a.name);
    const shared = [
      'units', 'activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
      'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
      'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'seed', 'return_sequences',
      'return_state', 'go_backwards', 'stateful', 'unroll',
      // RNN.__init__'s, reached through **kwargs
      'zero_output_for_mask',
    ];
    expect(names('SimpleRNN').sort()).toEqual([...shared].sort());
    expect(names('LSTM').sort()).toEqual([...shared, 'recurrent_activation', 'unit_forget_bias', 'use_cudnn'].sort());
    expect(names('GRU').sort()).toEqual([...shared, 'recurrent_activation', 'reset_after', 'use_cudnn'].sort());
    const lstm = LAYERS.get('LSTM')!.args;
    const dflt = (n: string) => lstm.find((a) => a.name === n)?.default;
    expect([dflt('activation'), dflt('recurrent_activation'), dflt('dropout'), dflt('return_sequences')]).toEqual(['tanh', 'sigmoid', 0, false]);
    expect(lstm[0]).toMatchObject({ name: 'units', positional: true });
    expect(lstm[0]?.default).toBeUndefined();
  });
});

describe('vocabularies', () => {
  it.each(ALL_VOCABS)('%s: every entry documented, its argument defaults of their types', (kind, vocab) => {
    const seen = new Set<string>();
    for (const entry of vocab) {
      expect(entry.doc.trim(), `${kind} ${entry.name} has a doc`).not.toBe('');
      checkSpecs(`${kind} ${entry.name}`, entry.args ?? []);
      for (const s of [entry.name, ...(entry.aliases ?? [])]) {
        expect(seen.has(s), `${kind}: ${s} names one entry`).toBe(false);
        seen.add(s);
      }
    }
  });

  it.each(ALL_VOCABS)('%s: every spelling resolves to its entry, even with its case changed', (_kind, vocab) => {
    for (const entry of vocab) {
      for (const s of [entry.name, ...(entry.aliases ?? [])]) {
        expect(lookup(vocab, s)).toBe(entry);
        expect(lookup(vocab, s.toUpperCase())).toBe(entry);
      }
    }
  });

  it('resolves Keras’s spellings', () => {
    expect(lookup(OPTIMIZERS, 'Adam')?.name).toBe('adam');
    expect(lookup(OPTIMIZERS, 'adam')?.name).toBe('adam');
    expect(lookup(OPTIMIZERS, 'RMSprop')?.name).toBe('rmsprop');
    expect(lookup(LOSSES, 'mse')?.name).toBe('mean_squared_error');
    expect(lookup(LOSSES, 'MAE')?.name).toBe('mean_absolute_error');
    expect(lookup(METRICS, 'acc')?.name).toBe('accuracy');
    expect(lookup('activation', 'swish')?.name).toBe('silu');
    expect(lookup('initializer', 'GlorotUniform')?.name).toBe('glorot_uniform');
    expect(lookup('initializer', 'uniform')?.name).toBe('random_uniform');
    expect(lookup('regularizer', 'L1L2')?.name).toBe('l1_l2');
    expect(lookup(CALLBACKS, 'EarlyStopping')?.name).toBe('EarlyStopping');
    expect(lookup('padding', 'nope')).toBeUndefined();
    expect(spellings(VOCABS.merge_mode)).toEqual(['concat', 'sum', 'mul', 'ave']);
  });

  it('has Keras 3’s defaults', () => {
    const defaults = (v: Vocab, n: string) => fnDefault(v, n).args;
    expect(defaults(INITIALIZERS, 'random_normal')).toEqual({ mean: 0, stddev: 0.05, seed: null });
    expect(defaults(INITIALIZERS, 'random_uniform')).toEqual({ minval: -0.05, maxval: 0.05, seed: null });
    expect(defaults(VOCABS.regularizer, 'l2')).toEqual({ l2: 0.01 });
    expect(defaults(VOCABS.regularizer, 'l1_l2')).toEqual({ l1: 0, l2: 0 });
    expect(defaults(OPTIMIZERS, 'sgd')).toMatchObject({ learning_rate: 0.01, momentum: 0, nesterov: false, clipnorm: null });
    expect(defaults(OPTIMIZERS, 'adam')).toEqual({
      learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false,
      weight_decay: null, clipnorm: null, clipvalue: null, global_clipnorm: null,
    });
    expect(defaults(OPTIMIZERS, 'rmsprop')).toMatchObject({ learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(defaults(OPTIMIZERS, 'adagrad')).toMatchObject({ learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 });
    expect(defaults(OPTIMIZERS, 'adamw')).toMatchObject({ weight_decay: 0.004 });
    expect(defaults(LOSSES, 'sparse_categorical_crossentropy')).toEqual({ from_logits: false, ignore_class: null });
    expect(defaults(LOSSES, 'binary_crossentropy')).toEqual({ from_logits: false, label_smoothing: 0, axis: -1 });
    expect(defaults(LOSSES, 'huber')).toEqual({ delta: 1 });
    expect(defaults(CALLBACKS, 'EarlyStopping')).toEqual({
      monitor: 'val_loss', min_delta: 0, patience: 0, verbose: 0, mode: 'auto', baseline: null, restore_best_weights: false, start_from_epoch: 0,
    });
    expect(defaults(CALLBACKS, 'ReduceLROnPlateau')).toMatchObject({ monitor: 'val_loss', factor: 0.1, patience: 10, min_lr: 0 });
    expect(() => fnDefault(CALLBACKS, 'nope')).toThrow();
    const filepath = CALLBACKS.find((c) => c.name === 'ModelCheckpoint')?.args?.[0];
    expect(filepath?.name).toBe('filepath');
    expect(filepath?.default).toBeUndefined();
  });
});
