// Embedding(input_dim, output_dim, weights="table.npy"): Keras's Embedding(weights=[matrix]) with
// the matrix in a .npy file next to the .rnn file. The table is loaded before the first fit, stays
// exactly the file's values when trainable=false (and counts as non-trainable), moves when
// trainable, is refused with a code naming the file when it does not fit, and is not read again
// once a saved model's weights are loaded.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { emitProgram } from '../../../src/emit/emit-program.ts';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import { fitError as failedFit } from './fit-error.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const dir = mkdtempSync(join(tmpdir(), 'rnnc-pretrained-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 10×3 table whose every value says where it is: row r, column c holds r + c/10.
const TABLE = Float32Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) + (i % 3) / 10);
writeFileSync(join(dir, 'table.npy'), writeNpy({ dtype: 'float32', shape: [10, 3], data: TABLE }));

function source(args: string): string {
  return `model m {\n  Embedding(10, 3, ${args}, input=(4,))\n  GlobalAveragePooling1D()\n  Dense(1)\n}\n\ntrain {\n  loss = mse\n  optimizer = Adam(learning_rate=0.1)\n  batch_size = 4\n}\n`;
}

const compileIn = (args: string) => compile(source(args), { path: join(dir, 'm.rnn'), seed: 3 });

const DATA = {
  x: [{ dtype: 'int32', shape: [8, 4], data: Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 10) } satisfies HostArray],
  y: [{ dtype: 'float32', shape: [8, 1], data: Float32Array.from({ length: 8 }, (_, i) => i % 2) } satisfies HostArray],
};

const table = (rnn: RnnModel) => rnn.network.weights.find((w) => w.name === 'embedding/embeddings')!.variable.dataSync() as Float32Array;

const fitError = async (args: string) => failedFit(await compileIn(args), DATA);

describe('Embedding(weights="table.npy")', () => {
  it('frozen: starts from the file, ends with it unchanged, and counts as non-trainable', async () => {
    const rnn = await compileIn('weights="table.npy", trainable=false');
    expect(rnn.model.params).toEqual({ trainable: 4, nonTrainable: 30 });
    expect(rnn.summary()).toMatch(/Non-trainable params: 30 /);
    const dense = () => [...rnn.network.weights.find((w) => w.name === 'dense/kernel')!.variable.dataSync()];
    const before = dense();
    await rnn.fit(DATA, { epochs: 3 });
    expect([...table(rnn)]).toEqual([...TABLE]);
    expect(dense()).not.toEqual(before);
    rnn.dispose();
  });

  it('trainable (the default): starts from the file, then training moves it', async () => {
    const rnn = await compileIn('weights="table.npy"');
    await rnn.fit(DATA, { epochs: 0 });
    expect([...table(rnn)]).toEqual([...TABLE]);
    await rnn.fit(DATA, { epochs: 2 });
    expect([...table(rnn)]).not.toEqual([...TABLE]);
    rnn.dispose();
  });

  it('a saved model keeps its trained table, and loading it reads no file', async () => {
    const rnn = await compileIn('weights="table.npy"');
    await rnn.fit(DATA, { epochs: 2 });
    const trained = [...table(rnn)];
    const saved = join(dir, 'saved');
    await rnn.save(saved);
    rnn.dispose();
    const json = JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8'));
    expect(JSON.stringify(json.modelTopology)).not.toContain('table.npy');

    const again = await compile(source('weights="gone.npy"'), { path: join(dir, 'm.rnn'), seed: 3 });
    await again.load(saved);
    await again.fit(DATA, { epochs: 0 });
    expect([...table(again)]).toEqual(trained);
    again.dispose();
  });

  it('E0519 naming the file: a table of another shape, or of integers', async () => {
    writeFileSync(join(dir, 'wide.npy'), writeNpy({ dtype: 'float32', shape: [10, 4], data: new Float32Array(40) }));
    const wide = await fitError('weights="wide.npy"');
    expect(wide.code).toBe('E0519');
    expect(wide.where).toBe('wide.npy');
    expect(wide.message).toBe('wide.npy holds (10, 4) float32, but Embedding `embedding` needs a float table of shape (10, 3) (input_dim, output_dim)');
    expect(wide.hint).toContain('output_dim=4');
    writeFileSync(join(dir, 'ids.npy'), writeNpy({ dtype: 'int32', shape: [10, 3], data: new Int32Array(30) }));
    expect((await fitError('weights="ids.npy"')).code).toBe('E0519');
  });

  it('E0601 for a missing file, E0625 for a NaN in the table', async () => {
    const missing = await fitError('weights="nowhere.npy"');
    expect(missing).toMatchObject({ code: 'E0601', where: 'nowhere.npy' });
    const nan = Float32Array.from(TABLE);
    nan[7] = NaN;
    writeFileSync(join(dir, 'nan.npy'), writeNpy({ dtype: 'float32', shape: [10, 3], data: nan }));
    const e = await fitError('weights="nan.npy"');
    expect(e.code).toBe('E0625');
    expect(e.message).toContain('nan.npy holds nan at [2, 1]');
  });

  it('the checker wants a string; the TypeScript program loads the table (test/emit/program-files.test.ts runs it)', () => {
    expect(check(source('weights=table'), 'm.rnn').diagnostics.map((d) => d.code)).toEqual(['E0204']);
    const r = check(source('weights="table.npy"'), 'm.rnn');
    const emitted = emitProgram(r.models[0]!, r.parse.source, { rnnPath: 'm.rnn', programName: 'm.ts' });
    expect(emitted.ok).toBe(true);
    if (emitted.ok) expect(emitted.text).toMatch(/^ {6}loadPretrainedTables\(net, modelDir\);$/m);
  });
});
