// rnnc import of Keras files: Keras 3 .keras archives and a legacy Keras 2 .h5 file laid out as Keras
// writes them (make-keras-files.py, with Debian's python3-h5py: Keras itself is not installed here),
// whose expected outputs the script computes with numpy from Keras 3's formulas, independently of
// rnnc; and the files rnnc's own save writes, imported back. Each import is written, compiled and
// loaded through the library and must predict within 1e-5, with Keras's parameter count.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, compileFile } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { importModel, writeImported } from '../../../src/runtime/import-model.ts';
import { SAMPLES } from '../../runtime/layers/samples.ts';
import { textArray } from '../../../src/runtime/data/nd-array.ts';
import { inputs } from './tfjs-files.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('make-keras-files.py', import.meta.url));
const hasH5py = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import h5py, numpy'], { stdio: 'ignore' }).status === 0;

interface Expected {
  readonly x: number[];
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly y: number[][];
  readonly params: number;
}

let dir = '';
let expected: Record<string, Expected> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnc-import-keras-'));
  if (hasH5py) {
    execFileSync(PYTHON, [SCRIPT, dir]);
    expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importAndPredict(file: string, name: string, x: Expected): Promise<{ source: string; maxDiff: number }> {
  const imported = await importModel(file);
  const rnnPath = join(dir, `${name}.rnn`);
  await writeImported(imported, rnnPath);
  const rnn = await compileFile(rnnPath, { seed: 1 });
  await rnn.load(join(dir, name));
  expect(rnn.summary()).toContain(`Total params: ${x.params.toLocaleString('en-US')} `);
  const data = x.dtype === 'int32' ? Int32Array.from(x.x) : Float32Array.from(x.x);
  const got = rnn.predict({ dtype: x.dtype, shape: x.shape, data });
  rnn.dispose();
  expect(got.length).toBe(x.y.length);
  let maxDiff = 0;
  got.forEach((g, k) => {
    expect(g.data.length).toBe(x.y[k]!.length);
    g.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - x.y[k]![i]!))));
  });
  return { source: imported.source, maxDiff };
}

async function failure(file: string): Promise<RnncError> {
  try {
    await importModel(file);
  } catch (e) {
    if (e instanceof RnncError) return e;
    throw e;
  }
  throw new Error('the import did not fail');
}

/** A copy of a .keras archive with its config.json changed. */
function editConfig(from: string, to: string, edit: (config: string) => string): string {
  const files = unzipSync(new Uint8Array(readFileSync(join(dir, from))));
  files['config.json'] = strToU8(edit(strFromU8(files['config.json']!)));
  writeFileSync(join(dir, to), zipSync(files, { level: 0 }));
  return join(dir, to);
}

describe.skipIf(!hasH5py)('rnnc import of Keras 3 and legacy Keras files (python3-h5py)', () => {
  it('Sequential .keras: Embedding(mask_zero) → Bidirectional(LSTM) → GRU(reset_after=true) → Dense, against numpy', async () => {
    const { source, maxDiff } = await importAndPredict(join(dir, 'sentiment.keras'), 'sentiment', expected['sentiment']!);
    expect(source).toBe('model sentiment {\n  Embedding(10, 4, mask_zero=true, input=(6,))\n  Bidirectional(LSTM(3, return_sequences=true))\n  GRU(5)\n  Dense(2, activation=tanh)\n}\n');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('functional .keras: return_state into initial_state, TimeDistributed named by class in the h5 file, two outputs', async () => {
    const { source, maxDiff } = await importAndPredict(join(dir, 'encoder.keras'), 'encoder', expected['encoder']!);
    expect(source).toContain('lstm, lstm_h, _ = LSTM(4, return_sequences=true, return_state=true)(series)');
    expect(source).toContain('gru = GRU(4, return_sequences=true)(lstm, initial_state=[lstm_h])');
    expect(source).toContain('TimeDistributed(Dense(2), name="steps")(gru)');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('functional .keras whose LSTM call carries the mask Keras 3 passes implicitly (Embedding mask_zero)', async () => {
    const { source, maxDiff } = await importAndPredict(join(dir, 'masked.keras'), 'masked', expected['masked']!);
    expect(source).toContain('tokens = Input(shape=(5,), dtype=int32)');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    // A mask taken from another layer's output was passed by hand: rnnc cannot say that.
    const byHand = await failure(editConfig('masked.keras', 'by-hand.keras', (c) => c.replace('["not_equal", 0, 0]', '["tokens", 0, 0]')));
    expect(byHand.code).toBe('E0823');
    expect(byHand.message).toMatch(/^layer lstm is called with mask=/);
  });

  it('a legacy Keras 2 .h5 file (model_config, model_weights with weight_names)', async () => {
    const { source, maxDiff } = await importAndPredict(join(dir, 'legacy.h5'), 'legacy', expected['legacy']!);
    // Its training_config becomes the train block: Adam's float32 learning rate as typed, Keras 2's wrapped metric by the key it logs.
    expect(source).toBe('model legacy {\n  LSTM(2, input=(4, 2))\n  Dense(1)\n}\n\ntrain {\n  loss = mse\n  optimizer = Adam(learning_rate=0.01)\n  metrics = [mae]\n}\n');
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it("a Keras 3 compile_config as the train block (trainer.py's compile, serialize_keras_object); a loss rnnc refuses for the output, as a comment", async () => {
    const compileConfig = {
      optimizer: { module: 'keras.optimizers', class_name: 'Adam', registered_name: null, config: { name: 'adam', learning_rate: 9.999999747378752e-6, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false } },
      loss: { module: 'keras.losses', class_name: 'MeanSquaredError', config: { name: 'mean_squared_error', reduction: 'sum_over_batch_size' }, registered_name: null },
      loss_weights: null, metrics: ['mae'], weighted_metrics: null, run_eagerly: false, steps_per_execution: 1, jit_compile: false,
    };
    const compiled = editConfig('sentiment.keras', 'compiled.keras', (c) => c.replace('"compile_config": null', `"compile_config": ${JSON.stringify(compileConfig)}`));
    const imported = await importModel(compiled);
    expect(imported.source).toContain('\ntrain {\n  loss = mean_squared_error\n  optimizer = Adam(learning_rate=1e-5)\n  metrics = [mae]\n}\n');
    expect(imported.model.train?.optimizer.name).toBe('adam');

    const sparse = { ...compileConfig, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] };
    // masked.keras ends in Dense(1, sigmoid): one unit, no classes to score (E0506).
    const refused = await importModel(editConfig('masked.keras', 'refused.keras', (c) => c.replace('"compile_config": null', `"compile_config": ${JSON.stringify(sparse)}`)));
    expect(refused.model.nodes.map((n) => n.layer.type)).toEqual(['Embedding', 'LSTM', 'Dense']);
    expect(refused.model.train).toBeUndefined();
    expect(refused.source).toMatch(/\n# rnnc's checker refuses this block: E0506 [^\n]+\n# train \{\n# {3}loss = sparse_categorical_crossentropy\n# {3}optimizer = Adam\(learning_rate=1e-5\)\n# {3}metrics = \[accuracy\]\n# \}\n$/);
  });

  it('TextVectorization adapted in Keras: its vocabulary asset imported, so the model predicts from raw text as Keras does', async () => {
    const x = expected['reviews']! as Expected & { texts: string[]; vocabulary: string[] };
    for (const file of ['reviews.keras', 'reviews-given.keras']) {
      const imported = await importModel(join(dir, file));
      expect(imported.source).toBe('model reviews {\n  TextVectorization(max_tokens=11, output_sequence_length=6, input=(1,))\n  Embedding(11, 4, mask_zero=true)\n  LSTM(3)\n  Dense(1, activation=sigmoid)\n}\n');
      expect(imported.vocabularies).toEqual({ text_vectorization: x.vocabulary });
      const name = file.replace('.keras', '');
      await writeImported(imported, join(dir, `${name}.rnn`));
      expect(JSON.parse(readFileSync(join(dir, name, 'model.json'), 'utf8')).rnnc.vocabularies).toEqual({ text_vectorization: x.vocabulary });
      const rnn = await compileFile(join(dir, `${name}.rnn`), { seed: 1 });
      await rnn.load(join(dir, name));
      const [got] = rnn.predict(textArray(x.texts, 2));
      rnn.dispose();
      let maxDiff = 0;
      got!.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - x.y[0]![i]!))));
      expect(maxDiff, file).toBeLessThanOrEqual(1e-5);
    }
  });

  it('TextVectorization: what rnnc does not compute is named (E0830); no vocabulary at all is E0831', async () => {
    const multiHot = await failure(editConfig('reviews.keras', 'multi-hot.keras', (c) => c.replace('"output_mode": "int"', '"output_mode": "multi_hot"')));
    expect(multiHot.code).toBe('E0830');
    expect(multiHot.message).toBe('layer text_vectorization: TextVectorization\'s output_mode="multi_hot" is not computed by rnnc, which makes one id per token (int)');
    const ngrams = await failure(editConfig('reviews.keras', 'ngrams.keras', (c) => c.replace('"ngrams": null', '"ngrams": [2, 3]')));
    expect(ngrams.message).toMatch(/ngrams=\[2,3\] is not \(1, …, n\)/);
    const split = await failure(editConfig('reviews.keras', 'split.keras', (c) => c.replace('"split": "whitespace"', '"split": {"module": "builtins", "class_name": "function", "config": "my_split", "registered_name": "function"}')));
    expect([split.code, split.message]).toEqual(['E0830', expect.stringContaining('is a Python function') as unknown]);

    const files = unzipSync(new Uint8Array(readFileSync(join(dir, 'reviews.keras'))));
    const withoutAssets = Object.fromEntries(Object.entries(files).filter(([k]) => !k.startsWith('assets/')));
    writeFileSync(join(dir, 'no-vocabulary.keras'), zipSync(withoutAssets, { level: 0 }));
    const none = await failure(join(dir, 'no-vocabulary.keras'));
    expect(none.code).toBe('E0831');
    expect(none.message).toContain('no assets/layers/text_vectorization/vocabulary.txt');
    writeFileSync(join(dir, 'bad-vocabulary.keras'), zipSync({ ...files, 'assets/layers/text_vectorization/vocabulary.txt': strToU8('the\nfilm') }, { level: 0 }));
    expect((await failure(join(dir, 'bad-vocabulary.keras'))).code).toBe('E0831');
  });

  it('bad files: a cut archive (E0821), an unknown layer (E0822), weights of another shape (E0824); nothing written', async () => {
    const whole = readFileSync(join(dir, 'sentiment.keras'));
    writeFileSync(join(dir, 'cut.keras'), whole.subarray(0, 4000));
    const cut = await failure(join(dir, 'cut.keras'));
    expect(cut.code).toBe('E0821');
    expect(cut.where).toBe(join(dir, 'cut.keras'));

    const unknown = await failure(editConfig('sentiment.keras', 'unknown.keras', (c) => c.replace('"class_name": "Dense"', '"class_name": "EinsumDense"')));
    expect(unknown.code).toBe('E0822');
    expect(unknown.message).toBe('layer dense is a EinsumDense, a layer rnnc does not have');

    const shapes = await failure(editConfig('sentiment.keras', 'shapes.keras', (c) => c.replace('"reset_after": true', '"reset_after": false')));
    expect(shapes.code).toBe('E0824');
    expect(shapes.message).toMatch(/^layer gru: weight bias has shape \[2, 15\] in .*shapes\.keras, but the layer's config makes it \[15\]$/);

    const arg = await failure(editConfig('sentiment.keras', 'arg.keras', (c) => c.replace('"mask_zero": true', '"mask_zero": true, "sparse": true')));
    expect(arg.code).toBe('E0823');
    expect(arg.message).toBe('layer embedding: sparse=true is an argument rnnc\'s Embedding does not have');
    expect(existsSync(join(dir, 'cut'))).toBe(false);
  });
});

/** Inputs for each of a checked model's inputs: ids below 10 for int32, values in [-1, 1) otherwise. */
function inputsOf(model: { readonly inputs: readonly { readonly type: { readonly shape: readonly (number | null)[]; readonly dtype: string } }[] }) {
  return model.inputs.map((i, k) => {
    const shape = [3, ...i.type.shape.slice(1).map((d) => d ?? 4)]; // the type's shape starts with the batch axis
    const data = inputs(shape, i.type.dtype === 'int32' ? 10 : undefined).map((v, j) => v + k * 0.01 * (j % 3));
    return i.type.dtype === 'int32' ? { dtype: 'int32' as const, shape, data: Int32Array.from(data) } : { dtype: 'float32' as const, shape, data };
  });
}

describe('rnnc import of a model rnnc saved', () => {
  it('every layer of the registry (the kernel tests\' sample models): save → import → the same predictions', async () => {
    // TextVectorization predicts only once adapted: its import is tested above, from Keras's files.
    for (const [name, body] of Object.entries(SAMPLES).filter(([n]) => n !== 'TextVectorization')) {
      const source = `model m {\n  ${body}\n}\n`;
      const original = await compile(source, { seed: 5 });
      const saved = join(dir, `sample-${name}`);
      await original.save(saved, source);
      const x = inputsOf(original.model);
      const want = original.predict(x);
      original.dispose();
      const imported = await importModel(join(saved, 'model.json'));
      const rnnPath = join(dir, `sample-${name}.rnn`);
      await writeImported(imported, rnnPath);
      const back = await compileFile(rnnPath, { seed: 1 });
      await back.load(join(dir, `sample-${name}`));
      const got = back.predict(x);
      back.dispose();
      expect(got.map((g) => [...g.data]), name).toEqual(want.map((w) => [...w.data]));
    }
  });


  it('a TextVectorization rnnc adapted: its vocabulary comes back from rnnc.vocabularies, the same predictions from raw text', async () => {
    const source = 'model reviews {\n  TextVectorization(max_tokens=20, output_sequence_length=4, input=(1,))\n  Embedding(20, 4, mask_zero=true)\n  LSTM(3)\n  Dense(1, activation=sigmoid)\n}\n\ntrain {\n  loss = binary_crossentropy\n  batch_size = 2\n  shuffle = false\n}\n';
    const original = await compile(source, { seed: 3 });
    const texts = ['Good film.', 'bad film', 'good, GOOD plot', 'bad bad', 'dull film'];
    await original.fit({ x: [textArray(texts, 2)], y: [{ dtype: 'float32', shape: [5, 1], data: new Float32Array([1, 0, 1, 0, 0]) }] });
    await original.save(join(dir, 'rnnc-text'), source);
    const probe = textArray(['good plot', 'zebra dull film'], 2);
    const [want] = original.predict(probe);
    original.dispose();
    const imported = await importModel(join(dir, 'rnnc-text', 'model.json'));
    const saved = JSON.parse(readFileSync(join(dir, 'rnnc-text', 'model.json'), 'utf8')) as { rnnc: { vocabularies: Record<string, string[]> } };
    expect(saved.rnnc.vocabularies['text_vectorization']).toHaveLength(7);
    expect(imported.vocabularies).toEqual(saved.rnnc.vocabularies);
    await writeImported(imported, join(dir, 'rnnc-text-back.rnn'));
    const back = await compileFile(join(dir, 'rnnc-text-back.rnn'), { seed: 1 });
    await back.load(join(dir, 'rnnc-text-back'));
    const [got] = back.predict(probe);
    back.dispose();
    expect([...got!.data]).toEqual([...want!.data]);
  });

  it('round trip: compile → save → import → the same predictions, the same source', async () => {
    const source = 'model round {\n  x = Input(shape=(None, 3))\n  a = GRU(4, return_sequences=true, recurrent_activation=hard_sigmoid)(x)\n  b = Bidirectional(LSTM(2), merge_mode=mul)(a)\n  output Dense(2, activation=softmax)(b)\n}\n';
    const original = await compile(source, { seed: 7 });
    const saved = join(dir, 'rnnc-saved');
    await original.save(saved, source);
    const shape = [3, 5, 3];
    const x = { dtype: 'float32' as const, shape, data: inputs(shape) };
    const [want] = original.predict(x);
    original.dispose();

    const imported = await importModel(join(saved, 'model.json'));
    expect(imported.source).toContain('GRU(4, recurrent_activation=hard_sigmoid, return_sequences=true)');
    const rnnPath = join(dir, 'round.rnn');
    await writeImported(imported, rnnPath);
    const back = await compileFile(rnnPath, { seed: 1 });
    await back.load(join(dir, 'round'));
    const [got] = back.predict(x);
    back.dispose();
    let maxDiff = 0;
    got!.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - want!.data[i]!))));
    expect(maxDiff).toBe(0);
  });
});
