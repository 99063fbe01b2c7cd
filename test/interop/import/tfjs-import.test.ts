// rnnc import of models written by tfjs-layers itself: each model is built and saved by
// @tensorflow/tfjs, imported, written (the .rnn file and the weights directory), compiled and
// loaded back through the library, and must predict what tfjs-layers predicts within 1e-5, with
// the summary's parameter count equal to tfjs's countParams(). tfjs-layers' LSTM and GRU are built
// with recurrentActivation 'sigmoid' (its own default, hard_sigmoid, means another function than
// Keras 3's: the import refuses it, tested below), and its GRU has only reset_after=false (the
// Keras 3 files of keras-import.test.ts cover reset_after=true).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { importModel, writeImported } from '../../../src/runtime/import-model.ts';
import { inputs, saveTfjs, tf, tfjsPredict } from './tfjs-files.ts';

let dir = '';
let count = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnc-import-tfjs-'));
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sigmoid = { recurrentActivation: 'sigmoid' } as const;

interface Case {
  readonly model: tf.LayersModel;
  readonly shape: readonly number[];
  readonly vocab?: number;
}

/** Import the saved model, load it with the library, and compare with tfjs on the same input. */
async function roundTrip({ model, shape, vocab }: Case): Promise<{ source: string; maxDiff: number }> {
  const folder = join(dir, `case-${count++}`);
  const file = await saveTfjs(model, join(folder, 'tfjs'));
  const x = inputs(shape, vocab);
  const expected = tfjsPredict(model, x, shape, vocab === undefined ? 'float32' : 'int32');
  const imported = await importModel(file);
  const rnnPath = join(folder, 'model.rnn');
  await writeImported(imported, rnnPath);
  expect(readFileSync(rnnPath, 'utf8')).toBe(imported.source);
  const rnn = await compileFile(rnnPath, { seed: 1 });
  await rnn.load(join(folder, 'model'));
  expect(rnn.summary()).toContain(`Total params: ${model.countParams().toLocaleString('en-US')} `);
  const got = rnn.predict(vocab === undefined ? { dtype: 'float32', shape, data: x } : { dtype: 'int32', shape, data: Int32Array.from(x) });
  rnn.dispose();
  expect(got.length).toBe(expected.length);
  let maxDiff = 0;
  got.forEach((g, k) => {
    expect(g.data.length).toBe(expected[k]!.length);
    g.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - expected[k]![i]!))));
  });
  return { source: imported.source, maxDiff };
}

describe('rnnc import of TensorFlow.js models', () => {
  it('Sequential: Embedding(mask_zero) → Bidirectional(LSTM) → GRU(reset_after=false) → Dense', async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputLength: 6 }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true, ...sigmoid }) }));
    m.add(tf.layers.gru({ units: 5, ...sigmoid }));
    m.add(tf.layers.dense({ units: 2, activation: 'tanh' }));
    const { source, maxDiff } = await roundTrip({ model: m, shape: [4, 6], vocab: 10 });
    expect(source).toMatch(/^ {2}Embedding\(10, 4, mask_zero=true, input=\(6,\)\)$/m);
    expect(source).toContain('reset_after=false');
    // tfjs-layers' default kernel initializer, written as VarianceScaling(1, fan_avg, normal), is Glorot's.
    expect(source).toContain('Dense(2, activation=tanh, kernel_initializer=glorot_normal)');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('Sequential: Masking → SimpleRNN → Dropout → TimeDistributed(Dense); Bidirectional merge modes and go_backwards', async () => {
    const m = tf.sequential();
    m.add(tf.layers.masking({ maskValue: 0, inputShape: [5, 3] }));
    m.add(tf.layers.simpleRNN({ units: 4, returnSequences: true, activation: 'relu' }));
    m.add(tf.layers.dropout({ rate: 0.3 }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, returnSequences: true, ...sigmoid }), mergeMode: 'sum' }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2, returnSequences: true }), mergeMode: 'ave' }));
    m.add(tf.layers.lstm({ units: 3, returnSequences: true, goBackwards: true, ...sigmoid }));
    m.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2, activation: 'sigmoid' }) }));
    const x = inputs([3, 5, 3]);
    for (const i of [12, 13, 14, 27, 28, 29]) x[i] = 0; // padded steps: example 0's step 4, example 1's step 4
    const { source, maxDiff } = await roundTrip({ model: m, shape: [3, 5, 3] });
    expect(source).toContain('Dropout(0.3)');
    expect(source).toContain('merge_mode=sum');
    expect(source).toContain('go_backwards=true');
    expect(source).toContain('TimeDistributed(Dense(2, activation=sigmoid');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('functional: return_state, initial_state, two outputs and Concatenate', async () => {
    const x = tf.input({ shape: [6, 3], name: 'series' });
    const [seq, h, c] = tf.layers.lstm({ units: 4, returnSequences: true, returnState: true, ...sigmoid }).apply(x) as tf.SymbolicTensor[];
    const y = tf.layers.lstm({ units: 4, ...sigmoid }).apply(seq!, { initialState: [h!, c!] }) as tf.SymbolicTensor;
    const a = tf.layers.dense({ units: 2 }).apply(y) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3, activation: 'relu' }).apply(h!) as tf.SymbolicTensor;
    const both = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: [both, a], name: 'two_heads' });
    const { source, maxDiff } = await roundTrip({ model, shape: [2, 6, 3] });
    expect(source).toMatch(/^model two_heads \{$/m);
    expect(source).toContain('series = Input(shape=(6, 3))');
    expect(source).toMatch(/initial_state=\[/);
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });
});

describe('what rnnc import refuses, naming the file and the layer', () => {
  const failure = async (file: string): Promise<RnncError> => {
    try {
      await importModel(file);
    } catch (e) {
      if (e instanceof RnncError) return e;
      throw e;
    }
    throw new Error('the import did not fail');
  };

  it("tfjs-layers' default hard_sigmoid gates (another function than Keras 3's): E0823 with the layer and argument", async () => {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ units: 2, inputShape: [3, 2] }));
    const file = await saveTfjs(m, join(dir, 'hard'));
    const e = await failure(file);
    expect(e.code).toBe('E0823');
    expect(e.message).toMatch(/^layer lstm_LSTM\d+: recurrent_activation="hard_sigmoid" means clip\(0\.2·x \+ 0\.5, 0, 1\)/);
    expect(e.where).toBe(file);
    expect(e.hint).toMatch(/recurrentActivation: 'sigmoid'/);
  });

  it('an unknown layer: E0822', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ filters: 2, kernelSize: 2, inputShape: [4, 4, 1] }));
    const e = await failure(await saveTfjs(m, join(dir, 'conv2d')));
    expect(e.code).toBe('E0822');
    expect(e.message).toMatch(/^layer conv2d_Conv2D\d+ is a Conv2D, a layer rnnc does not have$/);
  });

  it('an argument rnnc does not have: E0823', async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 2, inputShape: [3] }));
    const file = await saveTfjs(m, join(dir, 'extra-arg'));
    const json = JSON.parse(readFileSync(file, 'utf8')) as { modelTopology: { config: { layers: { config: Record<string, unknown> }[] } } };
    json.modelTopology.config.layers[0]!.config['lora_rank'] = 4;
    writeFileSync(file, JSON.stringify(json));
    const e = await failure(file);
    expect(e.code).toBe('E0823');
    expect(e.message).toMatch(/: lora_rank=4 is an argument rnnc's Dense does not have$/);
  });

  it('a layer applied twice (shared) or nested too deep: E0825; a model rnnc checks differently: E0826', async () => {
    const x = tf.input({ shape: [4, 2] });
    const shared = tf.layers.dense({ units: 2 });
    const a = shared.apply(x) as tf.SymbolicTensor;
    const b = shared.apply(a) as tf.SymbolicTensor;
    const e = await failure(await saveTfjs(tf.model({ inputs: x, outputs: b }), join(dir, 'shared')));
    expect(e.code).toBe('E0825');
    expect(e.message).toMatch(/^layer dense_Dense\d+ is called 2 times; a \.rnn layer is applied once$/);

    // Keras 3 and tfjs accept a Bidirectional around a layer with go_backwards=true; rnnc does not.
    const m = tf.sequential();
    m.add(tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2, goBackwards: true }), inputShape: [3, 2] }));
    const check = await failure(await saveTfjs(m, join(dir, 'backwards')));
    expect(check.code).toBe('E0826');
    expect(check.message).toMatch(/does not check as \.rnn: E0309 Bidirectional needs its forward and backward layers to read in opposite directions/);

    const deep = join(dir, 'deep');
    const td = tf.sequential();
    td.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }), inputShape: [3, 2] }));
    const file = await saveTfjs(td, deep);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { modelTopology: { config: { layers: { config: { layer: unknown } }[] } } };
    let inner = json.modelTopology.config.layers[0]!.config.layer;
    for (let i = 0; i < 1000; i++) inner = { class_name: 'TimeDistributed', config: { layer: inner } };
    json.modelTopology.config.layers[0]!.config.layer = inner;
    writeFileSync(file, JSON.stringify(json));
    expect((await failure(file)).code).toBe('E0825');
  });

  it('a weight whose shape does not match the config: E0824; weight files cut short or corrupt JSON: E0821', async () => {
    const m = tf.sequential();
    m.add(tf.layers.simpleRNN({ units: 3, inputShape: [4, 2] }));
    const file = await saveTfjs(m, join(dir, 'shapes'));
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"units":3', '"units":4'));
    const shape = await failure(file);
    expect(shape.code).toBe('E0824');
    expect(shape.message).toMatch(/^layer simple_rnn_SimpleRNN\d+: weight kernel has shape \[2, 3\] in .*model\.json, but the layer's config makes it \[2, 4\]$/);

    writeFileSync(file, text);
    const bin = join(dir, 'shapes', 'weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 20));
    expect((await failure(file)).code).toBe('E0821');
    writeFileSync(file, text.slice(0, 50));
    expect((await failure(file)).message).toMatch(/is not a TensorFlow.js Layers model: it is not valid JSON/);
    expect(existsSync(join(dir, 'shapes', 'model'))).toBe(false);
  });
});
