// rnnc reads back exactly what it wrote — including models TensorFlow.js cannot represent
// (GRU with reset_after=true, hard_sigmoid): save → loadModelFiles gives the same weights, and
// saving those again gives the same bytes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFiles, saveModel, weightEntries } from '../../../src/runtime/save/index.ts';
import { checkModel, expectSameValues, randomWeights, scratchDir } from './helpers.ts';
import { LAYER_MODELS, RNNC_ONLY_MODELS } from './layer-models.ts';

const root = scratchDir();
const EXAMPLES = join(import.meta.dirname, '../../../examples');

const SOURCES: Readonly<Record<string, string>> = {
  gru: readFileSync(join(EXAMPLES, 'gru.rnn'), 'utf8'),
  sentiment: readFileSync(join(EXAMPLES, 'sentiment.rnn'), 'utf8'),
  ...RNNC_ONLY_MODELS,
  bidirectional_modes: LAYER_MODELS['bidirectional_modes'] ?? '',
  normalization: LAYER_MODELS['normalization'] ?? '',
};

describe('save → loadModelFiles', () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`${name}: the same weights come back, and saving them again writes the same bytes`, async () => {
      const model = checkModel(source);
      const weights = randomWeights(model, 3);
      const first = join(root, name, 'first');
      const second = join(root, name, 'second');
      await saveModel(first, model, weights, { rnnc: { source } });

      const loaded = await loadModelFiles(first, model);
      expect(loaded.weights.map((w) => [w.name, w.shape, w.dtype])).toEqual(weightEntries(model).map((e) => [e.name, e.shape, e.dtype]));
      loaded.weights.forEach((w, i) => expectSameValues(w.data, weights[i]?.data ?? new Float32Array(), w.name));
      expect(loaded.rnnc).toMatchObject({ source, model: model.name });

      await saveModel(second, model, loaded.weights, { rnnc: { source } });
      for (const file of ['weights.bin', 'model.json']) {
        expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file))), file).toBe(true);
      }
    });
  }

  it('keeps the weights of a model in any order given, and the training config and metadata beside them', async () => {
    const model = checkModel(LAYER_MODELS['lstm_states'] ?? '');
    const weights = randomWeights(model, 4);
    const trainingConfig = { loss: 'mean_squared_error', metrics: ['mae'], optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } };
    const dir = join(root, 'extras');
    await saveModel(dir, model, [...weights].reverse(), { trainingConfig, rnnc: { source: 'model m {}', file: 'm.rnn' } });

    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'layers-model', convertedBy: null, trainingConfig });
    expect(json.generatedBy).toMatch(/^rnnc \d+\.\d+\.\d+/);
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: weightEntries(model) }]);
    expect(json.rnnc).toMatchObject({ source: 'model m {}', file: 'm.rnn', model: 'm', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(json.rnnc.weightsSha256).toMatch(/^[0-9a-f]{64}$/);

    const loaded = await loadModelFiles(dir, model);
    expect(loaded.trainingConfig).toEqual(trainingConfig);
    expect(loaded.weights.map((w) => w.name)).toEqual(weights.map((w) => w.name));
  });

  it('refuses weights that do not fit the model: a bug in the caller, not a user mistake', async () => {
    const model = checkModel('model m { Dense(2, input=(3,)) }');
    const [kernel, bias] = randomWeights(model);
    if (!kernel || !bias) throw new Error('Dense has two weights');
    const dir = join(root, 'refused');
    await expect(saveModel(dir, model, [kernel])).rejects.toThrow('dense/bias was not given');
    await expect(saveModel(dir, model, [kernel, bias, { ...bias, name: 'dense/extra' }])).rejects.toThrow('no weight dense/extra');
    await expect(saveModel(dir, model, [kernel, { ...bias, shape: [3] }])).rejects.toThrow('float32 [2]');
    await expect(saveModel(dir, model, [kernel, { ...bias, data: new Int32Array(2) }])).rejects.toThrow('float32 [2]');
  });
});
