// The notes saveModel returns are true of the real tfjs-layers 4.22: a model noted
// `not-loadable` makes tf.loadLayersModel throw, `not-runnable` loads and cannot predict, and
// `differs` loads, runs, and gives other numbers or shapes than Keras 3. rnnc itself saves and
// loads every one of them.

import * as tfl from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../../src/compiler/ir.ts';
import { formatNote, loadModelFiles, saveModel, type SaveNote } from '../../../src/runtime/save/index.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { checkModel, loadWithTfjs, randomWeights, scratchDir, tfjsWeights } from './helpers.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const root = scratchDir();
const GRU_EXAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/gru.rnn'), 'utf8');

interface Case {
  readonly source: string;
  /** [layer, effect] of each note, in order. */
  readonly notes: readonly (readonly [string, SaveNote['effect']])[];
}

const CASES: Readonly<Record<string, Case>> = {
  'GRU with reset_after=true (gru.rnn)': { source: GRU_EXAMPLE, notes: [['gru', 'not-loadable'], ['gru_1', 'not-loadable']] },
  'activations tfjs lacks': {
    source: 'model m { Dense(2, activation=hard_silu, input=(3,)) Dense(2, activation=exponential) Dense(2, activation=leaky_relu) }',
    notes: [['dense', 'not-loadable'], ['dense_1', 'not-loadable'], ['dense_2', 'not-loadable']],
  },
  Subtract: { source: 'model m { x = Input(shape=(3,))\n y = Input(shape=(3,))\n output Subtract()([x, y]) }', notes: [['subtract', 'not-loadable']] },
  'grouped Conv1D': { source: 'model m { Conv1D(4, 2, groups=2, input=(5, 2)) }', notes: [['conv1d', 'not-loadable']] },
  'LayerNormalization with rms_scaling': { source: 'model m { LayerNormalization(rms_scaling=true, input=(3,)) }', notes: [['layer_normalization', 'not-loadable']] },
  'Bidirectional with backward_layer': {
    source: 'model m { Bidirectional(LSTM(3), backward_layer=LSTM(3, go_backwards=true), input=(4, 2)) }',
    notes: [['bidirectional', 'not-loadable']],
  },
  'Bidirectional over a layer named forward_…': {
    source: 'model m { Bidirectional(LSTM(3, name="forward_x"), input=(4, 2)) }',
    notes: [['bidirectional', 'not-loadable']],
  },
  'a mask into GlobalAveragePooling1D': { source: 'model m { Masking(input=(None, 2)) GlobalAveragePooling1D() }', notes: [['global_average_pooling1d', 'differs']] },
  activity_regularizer: { source: 'model m { Dense(2, activity_regularizer=l2(0.01), input=(3,)) }', notes: [['dense', 'not-loadable']] },
  orthogonal_regularizer: { source: 'model m { Dense(2, kernel_regularizer=orthogonal_regularizer(0.01), input=(3,)) }', notes: [['dense', 'not-loadable']] },
  'untruncated_normal VarianceScaling': {
    source: 'model m { Dense(2, kernel_initializer=variance_scaling(distribution="untruncated_normal"), input=(3,)) }',
    notes: [['dense', 'not-loadable']],
  },
  'causal Conv1D': { source: 'model m { Conv1D(2, 3, padding=causal, input=(5, 2)) }', notes: [['conv1d', 'not-runnable']] },
  hard_sigmoid: {
    source: 'model m { LSTM(2, recurrent_activation=hard_sigmoid, input=(3, 2)) Dense(3, activation=hard_sigmoid) }',
    notes: [['lstm', 'differs'], ['dense', 'differs']],
  },
  'rescaling constraints': {
    source: 'model m { Dense(3, kernel_constraint=max_norm(100), bias_constraint=non_neg, input=(2,)) Dense(2, kernel_constraint=unit_norm()) }',
    notes: [['dense', 'differs'], ['dense_1', 'differs']],
  },
  'GlobalAveragePooling1D with keepdims': { source: 'model m { GlobalAveragePooling1D(keepdims=true, input=(4, 2)) }', notes: [['global_average_pooling1d', 'differs']] },
};

async function saveCase(name: string, c: Case): Promise<{ model: CheckedModel; dir: string; notes: SaveNote[] }> {
  const model = checkModel(c.source);
  const dir = join(root, name.replace(/\W+/g, '_'));
  const notes = await saveModel(dir, model, randomWeights(model));
  return { model, dir, notes };
}

describe('the notes name what tfjs-layers cannot load, run, or computes differently', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const { model, dir, notes } = await saveCase(name, c);
      expect(notes.map((n) => [n.layer, n.effect])).toEqual(c.notes);
      for (const n of notes) expect(formatNote(n)).toMatch(new RegExp(`^${n.layer}: .+ — (tf.loadLayersModel|TensorFlow.js) `));
      expect((await loadModelFiles(dir, model)).weights.length).toBe(model.nodes.flatMap((n) => n.layer.weights).length);

      const effect = c.notes[0]?.[1];
      if (effect === 'not-loadable') {
        await expect(loadWithTfjs(dir)).rejects.toThrow();
      } else {
        const loaded = await loadWithTfjs(dir);
        const run = () => tfl.dispose(loaded.predict(tfl.ones(model.inputs.map((i) => i.type.shape.map((d) => d ?? 2)).at(0) ?? [])));
        if (effect === 'not-runnable') expect(run).toThrow();
        else run();
        loaded.dispose();
      }
    });
  }
});

describe('what `differs` means, measured', () => {
  it('hard_sigmoid: tfjs computes clip(0.2·x + 0.5, 0, 1), not Keras 3’s relu6(x + 3) / 6', async () => {
    const { dir } = await saveCase('hs', { source: 'model m { Dense(1, activation=hard_sigmoid, use_bias=false, input=(1,)) }', notes: [] });
    const loaded = await loadWithTfjs(dir);
    loaded.layers[1]?.setWeights([tfl.tensor2d([[1]])]);
    const y = loaded.predict(tfl.tensor2d([[1], [-2]])) as tfl.Tensor;
    const [one, minusTwo] = y.dataSync();
    expect(one).toBeCloseTo(0.7, 6); // Keras 3: 4/6
    expect(minusTwo).toBeCloseTo(0.1, 6); // Keras 3: 1/6
    loaded.dispose();
  });

  it('rescaling constraints: tfjs rescales the loaded weights a little', async () => {
    const model = checkModel('model m { Dense(3, kernel_constraint=max_norm(100), input=(2,)) }');
    const dir = join(root, 'max_norm');
    const weights = randomWeights(model);
    const kernel = weights[0];
    await saveModel(dir, model, weights);
    const loaded = tfjsWeights(await loadWithTfjs(dir)).get('dense/kernel');
    expect(loaded).not.toEqual(kernel?.data);
    loaded?.forEach((v, i) => expect(v).toBeCloseTo(kernel?.data[i] ?? NaN, 5));
  });

  it('a masked GlobalAveragePooling1D: tfjs averages the padded steps too', async () => {
    const { dir } = await saveCase('masked-pool', CASES['a mask into GlobalAveragePooling1D'] ?? { source: '', notes: [] });
    const y = (await loadWithTfjs(dir)).predict(tfl.tensor3d([[[1, 1], [3, 3], [0, 0], [0, 0]]])) as tfl.Tensor;
    expect([...y.dataSync()]).toEqual([1, 1]); // Keras 3 averages the two real steps: 2
  });

  it('keepdims: tfjs drops the time axis anyway', async () => {
    const { model, dir } = await saveCase('keepdims', CASES['GlobalAveragePooling1D with keepdims'] ?? { source: '', notes: [] });
    const y = (await loadWithTfjs(dir)).predict(tfl.ones([1, 4, 2])) as tfl.Tensor;
    expect(model.outputTypes[0]).toMatchObject({ shape: [null, 1, 2] });
    expect(y.shape).toEqual([1, 2]);
  });
});
