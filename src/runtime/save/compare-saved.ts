// Does a saved model belong to the model in the .rnn file? The saved topology is compared with
// the one the file's model would save, so both sides are in the same (Keras) terms:
//   E0804 — other layers (number, order, type, name), inputs or connections;
//   E0806 — a layer argument that changes what it computes;
//   E0805 — other weights (names, shapes, dtypes).
// Arguments that only shape training (dropout, initializers, regularizers, constraints, seeds,
// trainable, …) may differ, so a model can be fine-tuned with another dropout.

import { RnncError } from '../errors.ts';
import { isJsonObject, type Json, type JsonObject, type WeightEntry } from './json.ts';

const TRAINING_ONLY = new Set([
  'dropout', 'recurrent_dropout', 'rate', 'seed', 'noise_shape', 'trainable', 'momentum', 'unroll',
  'use_cudnn', 'synchronized', 'unit_forget_bias',
]);
const isTrainingOnly = (key: string) => TRAINING_ONLY.has(key) || /_(initializer|regularizer|constraint)$/.test(key);

const show = (v: Json | undefined): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

const equal = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface Where {
  /** model.json's path. */
  readonly file: string;
  /** `model sentiment`: the model being loaded, for messages. */
  readonly source: string;
}

type LayerEntry = JsonObject & { readonly class_name: string; readonly config: JsonObject };

function layersOf(topology: JsonObject): LayerEntry[] {
  const config = topology['config'];
  const layers = isJsonObject(config) ? config['layers'] : undefined;
  if (!Array.isArray(layers)) return [];
  return layers.filter((l): l is LayerEntry => isJsonObject(l) && typeof l['class_name'] === 'string' && isJsonObject(l['config']));
}

const describe = (l: LayerEntry | undefined) => (l ? `${show(l.config['name'])} (${l.class_name})` : 'nothing');

/** The first argument that differs, as `path: key`, comparing wrapped layers too. */
function firstConfigDifference(saved: JsonObject, expected: JsonObject, path: string): { path: string; saved: Json; expected: Json } | undefined {
  for (const [key, want] of Object.entries(expected)) {
    const have = saved[key];
    if (have === undefined || isTrainingOnly(key)) continue;
    if (isJsonObject(want) && isJsonObject(have) && isJsonObject(want['config']) && isJsonObject(have['config']) && key.endsWith('layer')) {
      const inner = firstConfigDifference(have['config'], want['config'], `${path}/${show(want['config']['name'])}`);
      if (inner) return inner;
    } else if (!equal(have, want)) {
      return { path: `${path}: ${key}`, saved: have, expected: want };
    }
  }
  return undefined;
}

export function compareTopology(saved: JsonObject, expected: JsonObject, where: Where): void {
  const otherLayers = (message: string) =>
    new RnncError('E0804', message, where.file, `load it with the .rnn file it was trained from (model.json keeps it under rnnc.source), or train ${where.source} again`);
  if (saved['class_name'] !== expected['class_name']) {
    throw otherLayers(`the saved model is ${show(saved['class_name'])}, but ${where.source} defines a ${show(expected['class_name'])} model`);
  }
  const have = layersOf(saved);
  const want = layersOf(expected);
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const h = have[i];
    const w = want[i];
    if (!h || !w || h.class_name !== w.class_name || h.config['name'] !== w.config['name']) {
      throw otherLayers(`layer ${i + 1} of the saved model is ${describe(h)}, but in ${where.source} it is ${describe(w)}`);
    }
    if (w.class_name === 'InputLayer') {
      for (const key of ['batch_input_shape', 'dtype']) {
        if (!equal(h.config[key], w.config[key])) {
          throw otherLayers(`the saved model's input ${show(w.config['name'])} has ${key} ${show(h.config[key])}, but in ${where.source} ${show(w.config[key])}`);
        }
      }
    }
    if (!equal(h['inbound_nodes'], w['inbound_nodes'])) {
      throw otherLayers(`the saved layer ${describe(w)} reads other inputs than in ${where.source}`);
    }
  }
  for (const key of ['input_layers', 'output_layers']) {
    const savedConfig = saved['config'];
    const expectedConfig = expected['config'];
    if (isJsonObject(savedConfig) && isJsonObject(expectedConfig) && !equal(savedConfig[key], expectedConfig[key])) {
      throw otherLayers(`the saved model's ${key.replace('_layers', 's')} are ${show(savedConfig[key])}, but in ${where.source} ${show(expectedConfig[key])}`);
    }
  }
  have.forEach((h, i) => {
    const w = want[i];
    const diff = w && firstConfigDifference(h.config, w.config, show(w.config['name']));
    if (diff) {
      throw new RnncError(
        'E0806',
        `${diff.path} is ${show(diff.saved)} in the saved model, but ${show(diff.expected)} in ${where.source}`,
        where.file,
        `set it back to ${show(diff.saved)}, or train the model again`,
      );
    }
  });
}

export function compareWeights(saved: readonly WeightEntry[], expected: readonly WeightEntry[], where: Where): void {
  const fail = (message: string) =>
    new RnncError('E0805', message, where.file, `load it with the .rnn file it was trained from, or train ${where.source} again`);
  const byName = new Map(saved.map((e) => [e.name, e]));
  for (const want of expected) {
    const have = byName.get(want.name);
    if (!have) throw fail(`the saved model has no weight ${want.name}, which ${where.source} needs`);
    if (!equal(have.shape, want.shape) || have.dtype !== want.dtype) {
      throw fail(`the saved weight ${want.name} is ${have.dtype} [${have.shape.join(', ')}], but ${where.source} needs ${want.dtype} [${want.shape.join(', ')}]`);
    }
    byName.delete(want.name);
  }
  const [extra] = byName.keys();
  if (extra !== undefined) throw fail(`the saved model has a weight ${extra} that ${where.source} does not have`);
  if (saved.length !== expected.length) throw fail('the saved model lists a weight twice');
}
