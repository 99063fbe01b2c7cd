// A TextVectorization through the library API: fit adapts the vocabulary on the training split
// only, the vocabulary is saved in model.json and restored by load (predict then reads raw text
// to the same numbers), and the run-time errors: no vocabulary yet (E0530), an adapted
// vocabulary larger than the Embedding (E0531), a saved model without its vocabulary (E0813).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { emitProgram } from '../../../src/emit/emit-program.ts';
import { compile } from '../../../src/runtime/api.ts';
import { textArray } from '../../../src/runtime/data/nd-array.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { decodeIds } from '../../../src/runtime/text/saved.ts';
import { vocabulariesOf } from '../../../src/runtime/text/text-inputs.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-text-save-'));
beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = `model reviews {
  TextVectorization(max_tokens=20, output_sequence_length=4, input=(1,))
  Embedding(20, 4, mask_zero=true)
  LSTM(3)
  Dense(1, activation=sigmoid)
}
train { loss = binary_crossentropy, epochs = 1, batch_size = 2, validation_split = 0.25, shuffle = false }`;

// The last quarter (validation) holds the only "zebra": it must not enter the vocabulary.
const TEXTS = ['Good film.', 'bad film', 'good, GOOD plot', 'bad bad', 'good', 'dull film', 'zebra good', 'zebra bad'];
const data = (): Dataset => ({
  x: [textArray(TEXTS, 2)],
  y: [{ dtype: 'float32', shape: [8, 1], data: new Float32Array([1, 0, 1, 0, 1, 0, 1, 0]) }],
});

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof RnncError ? e.code : `not an RnncError: ${String(e)}`;
  }
  return undefined;
};

describe('TextVectorization in fit, save, load and predict', () => {
  it('adapts on the training split only, and predicts raw text alike after a save and a load', async () => {
    const rnn = await compile(SOURCE, { seed: 3 });
    await rnn.fit(data());
    // By hand over the first 6 texts: good 4, bad 3, film 3 (film > bad), plot 1, dull 1 (plot > dull).
    expect(vocabulariesOf(rnn.network).get('text_vectorization')).toEqual(['', '[UNK]', 'good', 'film', 'bad', 'plot', 'dull']);
    const before = rnn.predict([textArray(['good plot', 'zebra dull'], 2)]);
    await rnn.save(join(dir, 'm'));
    const json = JSON.parse(readFileSync(join(dir, 'm', 'model.json'), 'utf8')) as { rnnc: { vocabularies: Record<string, string[]> } };
    expect(json.rnnc.vocabularies['text_vectorization']).toEqual(['', '[UNK]', 'good', 'film', 'bad', 'plot', 'dull']);

    const again = await compile(SOURCE, { seed: 99 });
    await again.load(join(dir, 'm'));
    const after = again.predict([textArray(['good plot', 'zebra dull'], 2)]);
    expect(Array.from(after[0]!.data)).toEqual(Array.from(before[0]!.data));
    expect(Object.keys(again.evaluate(data()))).toContain('loss');
    expect(decodeIds(again.model, json.rnnc, 'model.json', [2, 5, 1, 0])).toEqual(['good', 'plot', '[UNK]']);
    rnn.dispose();
    again.dispose();
  });

  it('E0813: a saved model.json without the vocabulary', async () => {
    const rnn = await compile(SOURCE, { seed: 3 });
    await rnn.fit(data());
    await rnn.save(join(dir, 'n'));
    const path = join(dir, 'n', 'model.json');
    const json = JSON.parse(readFileSync(path, 'utf8')) as { rnnc: Record<string, unknown> };
    delete json.rnnc['vocabularies'];
    writeFileSync(path, JSON.stringify(json));
    const again = await compile(SOURCE, { seed: 3 });
    await expect(again.load(join(dir, 'n'))).rejects.toMatchObject({ code: 'E0813' });
    rnn.dispose();
    again.dispose();
  });

  it('E0530: predicting before any training or load', async () => {
    const rnn = await compile(SOURCE, { seed: 3 });
    expect(errorCode(() => rnn.predict([textArray(['good'], 2)]))).toBe('E0530');
    rnn.dispose();
  });

  it('E0531: without max_tokens, a vocabulary larger than the Embedding', async () => {
    const rnn = await compile(SOURCE.replace('max_tokens=20, ', '').replace('Embedding(20,', 'Embedding(5,'), { seed: 3 });
    await expect(rnn.fit(data())).rejects.toMatchObject({ code: 'E0531' });
    rnn.dispose();
  });

  it('vocabulary="words.txt": read relative to the .rnn file, not adapted; the TypeScript program reads it too', async () => {
    writeFileSync(join(dir, 'words.txt'), 'good\nbad\n');
    const withFile = SOURCE.replace('max_tokens=20, ', 'vocabulary="words.txt", ');
    const rnn = await compile(withFile, { seed: 3, path: join(dir, 'm.rnn') });
    await rnn.fit(data());
    expect(vocabulariesOf(rnn.network).get('text_vectorization')).toEqual(['', '[UNK]', 'good', 'bad']);
    rnn.dispose();
    const r = check(withFile, 'm.rnn');
    const emitted = emitProgram(r.models[0]!, r.parse.source, { rnnPath: 'm.rnn', programName: 'm.ts' });
    expect(emitted.ok).toBe(true);
    if (emitted.ok) expect(emitted.text).toMatch(/^ {6}setTextBaseDir\(net, modelDir\);$/m);
  });
});
