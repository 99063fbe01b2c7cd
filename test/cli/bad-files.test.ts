// A corpus of bad data and saved-model files, made by this test (each a few bytes), run through
// the real `rnnc` as a user would: every one must exit non-zero with its diagnostic code, a
// location and a hint, no stack trace, and no half-written output (no predictions file, no
// trained model directory). Issue 19 found files among these that crashed rnnc (lists nested
// 4,000 deep) or passed silently (NaN inputs, infinite labels).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { float32, type NdArray } from '../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { saveModel } from '../../src/runtime/save/save.ts';
import { weightEntries } from '../../src/runtime/save/weights-file.ts';
import { expectLocatedError } from './model-fixtures.ts';
import { rnnc, tempDirs, type Run } from './run.ts';

const SOURCE = 'model m {\n  LSTM(1, input=(5, 1))\n}\ntrain { loss = mae, epochs = 1 }\n';
const x = (fill: (i: number) => number = (i) => i / 100): NdArray => float32([4, 5, 1], Float32Array.from({ length: 20 }, (_, i) => fill(i)));
const y = (fill: (i: number) => number = () => 0.5): NdArray => float32([4, 1], Float32Array.from({ length: 4 }, (_, i) => fill(i)));

/** A .npy file's bytes with its header's text edited. */
function editHeader(array: NdArray, edit: (header: string) => string): Uint8Array {
  const bytes = writeNpy(array);
  const length = new DataView(bytes.buffer).getUint16(8, true);
  const header = edit(new TextDecoder('latin1').decode(bytes.subarray(10, 10 + length)));
  const out = new Uint8Array(10 + header.length + bytes.length - 10 - length);
  out.set(bytes.subarray(0, 8));
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(bytes.subarray(10 + length), 10 + header.length);
  return out;
}

/** The array as a big-endian .npy file ('>f4', or '>f8' with `wide`). */
function bigEndian(array: NdArray, wide = false): Uint8Array {
  const little = editHeader(array, (h) => h.replace("'<f4'", wide ? "'>f8'" : "'>f4'"));
  const start = little.length - array.data.length * 4;
  const out = new Uint8Array(start + array.data.length * (wide ? 8 : 4));
  out.set(little.subarray(0, start));
  const view = new DataView(out.buffer, start);
  array.data.forEach((v, i) => (wide ? view.setFloat64(i * 8, v, false) : view.setFloat32(i * 4, v, false)));
  return out;
}

type Command = 'train' | 'predict' | 'evaluate';

interface BadFile {
  readonly name: string;
  /** The files, by name, in a fresh directory that also holds m.rnn, x.npy, y.npy and a saved model/. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly command: Command;
  /** The data flags; the saved model is model/ unless `model` says otherwise. */
  readonly args: readonly string[];
  readonly model?: string;
  readonly code: string;
  /** What the location (` --> …`) names. */
  readonly where: string | RegExp;
}

const deep = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

const CORPUS: readonly BadFile[] = [
  { name: 'a truncated .npy', files: { 'cut.npy': writeNpy(x()).subarray(0, 150) }, command: 'predict', args: ['--x', 'cut.npy'], code: 'E0602', where: 'cut.npy' },
  { name: 'a .npy of complex numbers', files: { 'c8.npy': editHeader(x(), (h) => h.replace("'<f4'", "'<c8'")) }, command: 'predict', args: ['--x', 'c8.npy'], code: 'E0603', where: 'c8.npy' },
  { name: 'a big-endian .npy holding NaN', files: { 'be.npy': bigEndian(x((i) => (i === 7 ? NaN : i / 100))) }, command: 'predict', args: ['--x', 'be.npy'], code: 'E0625', where: 'be.npy' },
  { name: 'a .npy whose header nests 20,000 brackets', files: { 'deep.npy': editHeader(x(), (h) => h.replace("(4, 5, 1)", `${'('.repeat(20_000)}4,)`)) }, command: 'predict', args: ['--x', 'deep.npy'], code: 'E0602', where: 'deep.npy' },
  { name: 'NaN in x, for prediction', files: { 'nan.npy': writeNpy(x((i) => (i === 7 ? NaN : i / 100))) }, command: 'predict', args: ['--x', 'nan.npy'], code: 'E0625', where: 'nan.npy' },
  { name: 'NaN in x, for training', files: { 'nan.npy': writeNpy(x((i) => (i === 7 ? NaN : i / 100))) }, command: 'train', args: ['--x', 'nan.npy', '--y', 'y.npy'], code: 'E0625', where: 'nan.npy' },
  { name: 'an infinite label, for evaluation', files: { 'inf.npy': writeNpy(y((i) => (i === 2 ? Infinity : 0.5))) }, command: 'evaluate', args: ['--x', 'x.npy', '--y', 'inf.npy'], code: 'E0625', where: 'inf.npy' },
  { name: 'ragged JSON Lines', files: { 'r.jsonl': '{"x": [[1], [2], [3], [4], [5]], "y": 1}\n{"x": [[1], [2, 3], [3], [4], [5]], "y": 1}\n' }, command: 'train', args: ['--data', 'r.jsonl'], code: 'E0608', where: 'r.jsonl:2:' },
  { name: 'JSON Lines nesting x 4,000 lists deep', files: { 'deep.jsonl': `{"x": [[1], [2], [3], [4], [5]], "y": 1}\n{"x": ${deep(4000)}, "y": 1}\n` }, command: 'train', args: ['--data', 'deep.jsonl'], code: 'E0617', where: 'deep.jsonl:2:7' },
  { name: 'JSON Lines nesting y 100,000 lists deep', files: { 'deepy.jsonl': `{"x": [[1], [2], [3], [4], [5]], "y": [1]}\n{"x": [[1], [2], [3], [4], [5]], "y": ${deep(100_000)}}\n` }, command: 'evaluate', args: ['--data', 'deepy.jsonl'], code: 'E0608', where: 'deepy.jsonl:2:' },
  { name: 'a JSON Lines number beyond float32', files: { 'big.jsonl': '{"x": [[1], [2], [3], [4], [1e39]], "y": 1}\n' }, command: 'evaluate', args: ['--data', 'big.jsonl'], code: 'E0625', where: 'big.jsonl:1:' },
  { name: 'a CSV cell reading nan', files: { 'n.csv': '1,2,3,4,5\n1,2,nan,4,5\n' }, command: 'predict', args: ['--x', 'n.csv'], code: 'E0625', where: 'n.csv' },
  { name: 'weights.bin with a byte changed', files: {}, model: 'flipped', command: 'predict', args: ['--x', 'x.npy'], code: 'E0803', where: /weights\.bin/ },
  { name: 'weights.bin cut short', files: {}, model: 'short', command: 'evaluate', args: ['--x', 'x.npy', '--y', 'y.npy'], code: 'E0803', where: /weights\.bin/ },
  { name: 'model.json that is not JSON', files: {}, model: 'notjson', command: 'predict', args: ['--x', 'x.npy'], code: 'E0802', where: /model\.json/ },
  { name: "model.json whose layers are another model's", files: {}, model: 'other', command: 'predict', args: ['--x', 'x.npy'], code: /E080[456]/.source, where: /model\.json/ },
  { name: 'a saved model directory without weights.bin', files: {}, model: 'noweights', command: 'predict', args: ['--x', 'x.npy'], code: 'E0801', where: /weights\.bin/ },
];

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** The directory every case copies: the source, good x and y, and saved models good and bad. */
let base: Record<string, string | Uint8Array>;

beforeAll(async () => {
  const model = check(SOURCE, 'm.rnn').models[0]!;
  const other = check('model m {\n  GRU(1, input=(5, 1))\n}\ntrain { loss = mae }\n', 'm.rnn').models[0]!;
  const scratch = dirs.make();
  const save = async (name: string, m = model) => {
    const weights = weightEntries(m).map((e) => ({ ...e, dtype: 'float32' as const, data: new Float32Array(e.shape.reduce((a, b) => a * b, 1)).fill(0.1) }));
    await saveModel(join(scratch, name), m, weights);
    return { json: readFileSync(join(scratch, name, 'model.json'), 'utf8'), bin: new Uint8Array(readFileSync(join(scratch, name, 'weights.bin'))) };
  };
  const good = await save('good');
  const otherSaved = await save('other', other);
  const flipped = good.bin.slice();
  flipped[5] = flipped[5]! ^ 0x40;
  base = {
    'm.rnn': SOURCE,
    'x.npy': writeNpy(x()),
    'y.npy': writeNpy(y()),
    'model/model.json': good.json,
    'model/weights.bin': good.bin,
    'flipped/model.json': good.json,
    'flipped/weights.bin': flipped,
    'short/model.json': good.json,
    'short/weights.bin': good.bin.subarray(0, good.bin.length - 4),
    'notjson/model.json': good.json.slice(0, 100),
    'notjson/weights.bin': good.bin,
    'other/model.json': otherSaved.json,
    'other/weights.bin': otherSaved.bin,
    'noweights/model.json': good.json,
  };
});

function lay(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = dirs.make();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function runCase(c: BadFile): Promise<{ run: Run; dir: string }> {
  const dir = lay({ ...base, ...c.files });
  const args =
    c.command === 'train'
      ? ['train', 'm.rnn', ...c.args, '--out', 'trained']
      : c.command === 'predict'
        ? ['predict', 'm.rnn', '--model', c.model ?? 'model', ...c.args, '-o', 'p.npy']
        : ['evaluate', 'm.rnn', '--model', c.model ?? 'model', ...c.args];
  return { run: await rnnc(args, { cwd: dir }), dir };
}

const GOOD: BadFile = { name: 'good', files: {}, command: 'predict', args: ['--x', 'x.npy'], code: '', where: '' };

/** Every case's run, three at a time (each starts Node and TensorFlow.js). */
const runs = new Map<BadFile, Promise<{ run: Run; dir: string }>>();
beforeAll(async () => {
  const queue = [GOOD, ...CORPUS];
  const next = async (): Promise<void> => {
    const c = queue.shift();
    if (!c) return;
    const done = runCase(c);
    runs.set(c, done);
    await done;
    return next();
  };
  await Promise.all([next(), next(), next()]);
}, 300_000);

describe('bad data and saved-model files through rnnc', () => {
  it('the good files of the corpus predict, so each bad one is bad for its own reason', async () => {
    const { run, dir } = await runs.get(GOOD)!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'p.npy'))).toBe(true);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { run, dir } = await runs.get(c)!;
    expect(run.stderr, run.stderr).toMatch(new RegExp(`^error\\[${c.code}\\]: \\S`, 'm'));
    const code = /^error\[(\w+)\]/m.exec(run.stderr)![1]!;
    expectLocatedError(run, code, c.where);
    expect(existsSync(join(dir, 'p.npy')), 'no predictions file').toBe(false);
    expect(existsSync(join(dir, 'trained')), 'no trained model').toBe(false);
  });
});
