// The files an emitted program reads besides its data, as `rnnc train` reads them: an Embedding's
// pre-trained table (weights="table.npy", frozen or trainable) and a TextVectorization's vocabulary
// file (vocabulary="words.txt"), both relative to the .rnn file's folder. The program is written to
// another folder than the .rnn file's and run from its own, so a path read from the wrong folder
// fails. Against `rnnc train` on the same files and seed: the same loss every epoch (within 1e-5
// relative), the same lines, byte-identical saved models; and what was loaded is checked against
// the files themselves — a frozen table comes back as the file's numbers, the saved vocabulary is
// the file's tokens after Keras's "" and "[UNK]". A bad table or vocabulary file stops the program
// before any epoch with the code and the message `rnnc train` gives (E0601, E0519, E0637).

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { compile } from '../../src/runtime/api.ts';
import { build, logLines, outDir, removeOutDirs, rnnc, runProgram, trainingLines } from './support.ts';

afterAll(removeOutDirs);

const FLAGS = ['--epochs', '2', '--seed', '5'];
const WORDS = ['good', 'bad', 'film', 'plot', 'dull', 'fine'];
// A 10×3 table whose every value says where it is: row r, column c holds r/10 + c/100 - 0.3.
const TABLE = Float32Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) / 10 + (i % 3) / 100 - 0.3);

const TEXT_MODEL = `model reviews {
  TextVectorization(vocabulary="lists/words.txt", output_sequence_length=4, input=(1,))
  Embedding(10, 3, weights="tables/table.npy", trainable=false, mask_zero=true)
  LSTM(4)
  Dense(1, activation=sigmoid)
}

train {
  loss = binary_crossentropy
  optimizer = Adam(learning_rate=0.05)
  batch_size = 4
  validation_split = 0.25
  data = { file = "reviews.jsonl" }
}
`;

const IDS_MODEL = `model ids {
  Embedding(10, 3, weights="tables/table.npy", input=(5,))
  GRU(4)
  Dense(1)
}

train {
  loss = mse
  optimizer = Adam(learning_rate=0.05)
  batch_size = 4
  data = { x = "x.npy", y = "y.npy" }
}
`;

/** The .rnn file in DIR/model/ with its files around it; the program in DIR/build/. */
function stage(name: string, source: string): { dir: string; rnn: string; program: string } {
  const dir = outDir(name);
  const home = join(dir, 'model');
  for (const sub of ['tables', 'lists']) mkdirSync(join(home, sub), { recursive: true });
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(home, 'tables', 'table.npy'), writeNpy({ dtype: 'float32', shape: [10, 3], data: TABLE }));
  writeFileSync(join(home, 'lists', 'words.txt'), WORDS.join('\n') + '\n');
  const texts = ['Good film.', 'bad plot', 'dull, dull film', 'fine film', 'good plot', 'bad', 'a zebra', 'fine, good', 'dull plot', 'bad film', 'good good', 'plot'];
  writeFileSync(join(home, 'reviews.jsonl'), texts.map((x, i) => JSON.stringify({ x, y: /good|fine/i.test(x) ? 1 : i % 5 === 0 ? 1 : 0 })).join('\n') + '\n');
  writeFileSync(join(home, 'x.npy'), writeNpy({ dtype: 'int32', shape: [16, 5], data: Int32Array.from({ length: 80 }, (_, i) => (i * 7) % 10) }));
  writeFileSync(join(home, 'y.npy'), writeNpy({ dtype: 'float32', shape: [16, 1], data: Float32Array.from({ length: 16 }, (_, i) => Math.sin(i)) }));
  const rnn = join(home, `${name}.rnn`);
  writeFileSync(rnn, source);
  const program = join(dir, 'build', `${name}.ts`);
  // Every staging lays the files out alike, so one build serves them all (building is the slow part).
  let text = programs.get(name);
  if (text === undefined) {
    const built = build(rnn, program);
    expect(built.ok, JSON.stringify(!built.ok && built.diagnostics)).toBe(true);
    programs.set(name, (text = built.ok ? built.text : ''));
  }
  writeFileSync(program, text);
  return { dir, rnn, program };
}

const programs = new Map<string, string>();

/** rnnc train and the program on the same files: the same logs, lines and saved bytes. */
async function trainBoth(s: { dir: string; rnn: string; program: string }): Promise<void> {
  const [ours, theirs] = await Promise.all([
    rnnc(['train', s.rnn, ...FLAGS, '--log', join(s.dir, 'rnnc.jsonl'), '--out', join(s.dir, 'rnnc-model')]),
    runProgram(s.program, [...FLAGS, '--log', '../program.jsonl', '--out', '../program-model']),
  ]);
  expect(ours.code, ours.stderr).toBe(0);
  expect(theirs.code, theirs.stderr).toBe(0);
  expect(theirs.stderr).toBe('');
  const [a, b] = [logLines(join(s.dir, 'rnnc.jsonl')), logLines(join(s.dir, 'program.jsonl'))];
  expect(a).toHaveLength(2);
  expect(b.map((l) => Object.keys(l))).toEqual(a.map((l) => Object.keys(l)));
  a.forEach((epoch, i) => {
    for (const [k, v] of Object.entries(epoch)) expect(Math.abs(b[i]![k]! - v), `epoch ${i + 1} ${k}`).toBeLessThanOrEqual(1e-5 * Math.abs(v));
  });
  expect(trainingLines(theirs.stdout)).toEqual(trainingLines(ours.stdout));
  for (const f of ['model.json', 'weights.bin']) {
    expect(Buffer.compare(readFileSync(join(s.dir, 'program-model', f)), readFileSync(join(s.dir, 'rnnc-model', f))), f).toBe(0);
  }
}

/** The saved model's Embedding table, read back by rnnc's loader. */
async function savedTable(rnn: string, saved: string): Promise<number[]> {
  const m = await compile(readFileSync(rnn, 'utf8'), { path: rnn, seed: 1 });
  await m.load(saved);
  const table = [...m.network.weights.find((w) => w.name === 'embedding/embeddings')!.variable.dataSync()];
  m.dispose();
  return table;
}

describe('an emitted program reads pre-trained tables and vocabulary files as rnnc train does', () => {
  it('TextVectorization(vocabulary=) into a frozen Embedding(weights=): the same training, the file’s tokens, the file’s table', { timeout: 180_000 }, async () => {
    const s = stage('reviews', TEXT_MODEL);
    await trainBoth(s);
    const json = JSON.parse(readFileSync(join(s.dir, 'program-model', 'model.json'), 'utf8')) as { rnnc: { vocabularies: Record<string, string[]> } };
    expect(json.rnnc.vocabularies).toEqual({ text_vectorization: ['', '[UNK]', ...WORDS] });
    // Frozen: two epochs later the table is the file's, to the bit.
    expect(await savedTable(s.rnn, join(s.dir, 'program-model'))).toEqual([...TABLE]);
  });

  it('a trainable Embedding(weights=): the same training, from the file’s table', { timeout: 180_000 }, async () => {
    const s = stage('ids', IDS_MODEL);
    await trainBoth(s);
    // Fine-tuned: the table moved (rnnc train, whose losses the program's equal, starts from the
    // file: test/runtime/fit/pretrained-embedding.test.ts).
    expect(await savedTable(s.rnn, join(s.dir, 'program-model'))).not.toEqual([...TABLE]);
  });

  it('a bad table or vocabulary file stops it before training with rnnc train’s diagnostic', { timeout: 180_000 }, async () => {
    const missing = stage('ids', IDS_MODEL);
    rmSync(join(missing.dir, 'model', 'tables', 'table.npy'));
    const wide = stage('ids', IDS_MODEL);
    writeFileSync(join(wide.dir, 'model', 'tables', 'table.npy'), writeNpy({ dtype: 'float32', shape: [10, 4], data: new Float32Array(40) }));
    const twice = stage('reviews', TEXT_MODEL);
    writeFileSync(join(twice.dir, 'model', 'lists', 'words.txt'), 'good\nbad\ngood\n');
    const [a, b, c] = await Promise.all([expectSameRefusal(missing, 'E0601'), expectSameRefusal(wide, 'E0519'), expectSameRefusal(twice, 'E0637')]);
    expect(a).toContain('cannot read tables/table.npy: no such file');
    expect(b).toContain('tables/table.npy holds (10, 4) float32, but Embedding `embedding` needs a float table of shape (10, 3)');
    expect(c).toContain('line 3 of');
    expect(c).toContain('the token "good" is on line 1 already');
  });
});

/** Both refuse with `code` before any epoch, printing the same diagnostic; the program's stderr. */
async function expectSameRefusal(s: { dir: string; rnn: string; program: string }, code: string): Promise<string> {
  const [ours, theirs] = await Promise.all([rnnc(['train', s.rnn, ...FLAGS]), runProgram(s.program, FLAGS)]);
  for (const r of [ours, theirs]) {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error\\[${code}\\]`, 'm'));
    expect(r.stdout).not.toMatch(/^Epoch /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
  expect(theirs.stderr).toBe(ours.stderr);
  return theirs.stderr;
}
