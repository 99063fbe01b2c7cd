// What rnnc saves, the real tfjs-layers 4.22 loads: for every example TensorFlow.js can
// represent and for small models of every layer type, `tf.loadLayersModel` succeeds and the
// loaded model has the layers rnnc named, the weights rnnc wrote (by value), and outputs of the
// shapes rnnc's checker inferred when it runs.

import * as tfl from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../../src/compiler/ir.ts';
import type { TensorType } from '../../../src/compiler/tensor-type.ts';
import { saveModel, tfjsNotes, type SavedWeight } from '../../../src/runtime/save/index.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkModel, expectSameValues, loadWithTfjs, random, randomWeights, scratchDir, tfjsWeights } from './helpers.ts';
import { LAYER_MODELS } from './layer-models.ts';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const BATCH = 2;
const STEPS = 3;

beforeAll(async () => {
  await initBackend('wasm');
});

const root = scratchDir();

/** Concrete input for each model input: batch 2, unknown lengths 3, token ids from 1 to 4. */
function inputsFor(model: CheckedModel, seed: number): tfl.Tensor[] {
  const next = random(seed);
  return model.inputs.map(({ type }) => {
    const shape = type.shape.map((d, i) => d ?? (i === 0 ? BATCH : STEPS));
    const size = shape.reduce((a, b) => a * b, 1);
    return type.dtype === 'int32'
      ? tfl.tensor(Array.from({ length: size }, () => 1 + Math.floor(next() * 4)), shape, 'int32')
      : tfl.tensor(Array.from({ length: size }, () => next() * 2 - 1), shape, 'float32');
  });
}

/** rnnc's inferred shape, where it knows a dimension, is the shape tfjs computes. */
function expectShape(actual: readonly number[], inferred: TensorType) {
  expect(actual.length).toBe(inferred.shape.length);
  inferred.shape.forEach((d, i) => {
    if (d !== null) expect(actual[i]).toBe(d);
  });
}

async function expectTfjsLoadsFaithfully(model: CheckedModel, weights: readonly SavedWeight[], dir: string) {
  const loaded = await loadWithTfjs(dir);
  const names = loaded.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
  expect([...names].sort()).toEqual(model.nodes.map((n) => n.layer.name).sort());
  if (model.kind === 'sequential') expect(names).toEqual(model.nodes.map((n) => n.layer.name));

  const values = tfjsWeights(loaded);
  expect([...values.keys()].sort()).toEqual(weights.map((w) => w.name).sort());
  for (const w of weights) expectSameValues(values.get(w.name), w.data, w.name);

  const xs = inputsFor(model, 7);
  const ys = loaded.predict(xs.length === 1 ? xs[0]! : xs);
  const outputs = Array.isArray(ys) ? ys : [ys];
  expect(outputs).toHaveLength(model.outputTypes.length);
  outputs.forEach((y, i) => {
    const inferred = model.outputTypes[i];
    if (inferred?.kind !== 'tensor') throw new Error('untyped output');
    expectShape(y.shape, inferred);
    expect([...y.dataSync()].every(Number.isFinite)).toBe(true);
  });
  tfl.dispose([...xs, ...outputs]);
  loaded.dispose();
}

describe('tfjs-layers loads every example it can represent', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn'));

  // Beyond tfjs-layers: gru.rnn (reset_after=true), next_number_normalized.rnn (no Normalization)
  // and sentiment_text.rnn and translate_text.rnn (no TextVectorization).
  const beyond = ['gru.rnn', 'next_number_normalized.rnn', 'sentiment_text.rnn', 'translate_text.rnn'];

  it('finds the examples, and only gru.rnn (reset_after=true) and the Normalization and TextVectorization examples are beyond tfjs-layers', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const unloadable = files.filter((f) =>
      tfjsNotes(checkModel(readFileSync(join(EXAMPLES, f), 'utf8'))).some((n) => n.effect === 'not-loadable'),
    );
    expect(unloadable).toEqual(beyond);
  });

  for (const file of files.filter((f) => !beyond.includes(f))) {
    it(file, async () => {
      const model = checkModel(readFileSync(join(EXAMPLES, file), 'utf8'));
      const weights = randomWeights(model, file.length);
      const dir = join(root, file);
      const notes = await saveModel(dir, model, weights);
      expect(notes).toEqual([]);
      await expectTfjsLoadsFaithfully(model, weights, dir);
    });
  }
});

describe('tfjs-layers loads a model of every layer type', () => {
  for (const [name, source] of Object.entries(LAYER_MODELS)) {
    it(name, async () => {
      const model = checkModel(source);
      const weights = randomWeights(model, name.length);
      const dir = join(root, name);
      expect(await saveModel(dir, model, weights)).toEqual([]);
      await expectTfjsLoadsFaithfully(model, weights, dir);
    });
  }
});
