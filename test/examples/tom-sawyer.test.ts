// examples/tom_sawyer.rnn learns a real book: its own model, its own data path (the .txt Debian's
// golang-github-pierrec-lz4-dev ships, read by rnnc's text-corpus loader), a short seeded run (3 epochs)
// on the book's first 48,000 characters, the next 6,000 held out. The held-out loss (nats per character) must fall clearly
// below what knowing only the characters' frequencies gives — the unigram entropy of the training
// text and the unigram model's cross-entropy on the held-out text, both computed here in closed
// form. Then the model generates at two temperatures with a fixed seed: the text uses only the
// book's characters, and the colder sample is the less surprising one, measured both by the
// model's own probabilities and by the book's character bigrams counted here.
// Skipped, saying so, when the package is not installed (.ci/run installs it).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../../src/console/data-flags.ts';
import type { RnnModel } from '../../src/runtime/api.ts';
import type { NdArray } from '../../src/runtime/data/nd-array.ts';
import { initBackend } from '../../src/runtime/tf.ts';
import { firstRows } from '../../examples/script.ts';
import { EXAMPLES, exampleModel } from './short-run.ts';

const BOOK = '/usr/share/gocode/src/github.com/pierrec/lz4/testdata/Mark.Twain-Tom.Sawyer.txt';
const installed = existsSync(BOOK);
if (!installed) console.warn(`tom-sawyer: skipped, ${BOOK} is missing (apt-get install golang-github-pierrec-lz4-dev)`);

const TRAIN = 480; // windows of 100 characters
const HELD_OUT = 60;

/** Rows [from, from + n) of an array. */
function rows(a: NdArray, from: number, n: number): NdArray {
  const width = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return { ...a, shape: [n, ...a.shape.slice(1)], data: a.data.subarray(from * width, (from + n) * width) };
}

/** Counts of each id in `ids`, over `size` ids. */
function counts(ids: ArrayLike<number>, size: number): number[] {
  const c = new Array<number>(size).fill(0);
  for (let i = 0; i < ids.length; i++) c[ids[i]!]!++;
  return c;
}

describe.skipIf(!installed)('tom_sawyer: a character LSTM on Tom Sawyer', () => {
  let model: RnnModel;
  let vocabulary: readonly string[];
  let valLoss: number;
  let train: { x: NdArray; y: NdArray };
  let heldOut: { x: NdArray; y: NdArray };

  beforeAll(async () => {
    await initBackend('wasm');
    model = await exampleModel('tom_sawyer.rnn');
    const data = datasetFor(model.model, join(EXAMPLES, 'tom_sawyer.rnn'), {}, 'required');
    vocabulary = data.vocabulary!;
    const [x, y] = [data.x[0]!, data.y[0]!];
    train = { x: firstRows(x, TRAIN), y: firstRows(y, TRAIN) };
    heldOut = { x: rows(x, TRAIN, HELD_OUT), y: rows(y, TRAIN, HELD_OUT) };
    const history = await model.fit({ x: [train.x], y: [train.y] }, { epochs: 3, batchSize: 16 }, { validationData: { x: [heldOut.x], y: [heldOut.y] } });
    valLoss = history.epochs.at(-1)!['val_loss']!;
  }, 240_000);
  afterAll(() => model?.dispose());

  it('reads the book as 73 characters and its windows as the next character at every step', () => {
    expect(vocabulary.length).toBe(75);
    expect(vocabulary.slice(0, 3)).toEqual(['', '[UNK]', ' ']);
    // y is x one character on: the second window's first label is its second character.
    expect(train.y.data[100]).toBe(train.x.data[101]);
  });

  it('brings the held-out loss clearly below the unigram entropy of the text', () => {
    const n = vocabulary.length;
    const c = counts(train.y.data, n);
    const total = train.y.data.length;
    // H = −Σ p log p over the training text's characters, in nats as the loss is.
    const entropy = -c.reduce((s, k) => (k === 0 ? s : s + (k / total) * Math.log(k / total)), 0);
    // The unigram model's cross-entropy on the held-out characters (add-one smoothed).
    let crossEntropy = 0;
    for (const id of heldOut.y.data) crossEntropy -= Math.log((c[id]! + 1) / (total + n));
    crossEntropy /= heldOut.y.data.length;
    expect(entropy).toBeGreaterThan(2.9);
    expect(valLoss, `held-out loss ${valLoss} against the unigram entropy ${entropy} and cross-entropy ${crossEntropy}`).toBeLessThan(entropy - 0.5);
    expect(valLoss).toBeLessThan(crossEntropy - 0.5);
  });

  it('generates at two temperatures from a seed: the book\'s characters only, the colder sample less surprising', () => {
    const index = new Map(vocabulary.map((t, i) => [t, i]));
    const prompt = [...'Tom '].map((ch) => index.get(ch)!);
    const n = vocabulary.length;
    // The book's character bigrams (training part), add-one smoothed: −log P(b | a).
    const pairs = Array.from({ length: n }, () => new Array<number>(n).fill(1));
    const ids = train.x.data;
    for (let i = 0; i + 1 < ids.length; i++) if (i % 100 !== 99) pairs[ids[i]!]![ids[i + 1]!]!++;
    const rowSums = pairs.map((r) => r.reduce((a, b) => a + b, 0));
    const bigramSurprisal = (seq: readonly number[]) => {
      let s = 0;
      for (let i = 1; i < seq.length; i++) s -= Math.log(pairs[seq[i - 1]!]![seq[i]!]! / rowSums[seq[i - 1]!]!);
      return s / (seq.length - 1);
    };
    const sample = (temperature: number) => {
      const [g] = model.generate({ prompts: [prompt] }, { temperature, seed: 5, maxLength: 400 });
      expect(g!.tokens).toHaveLength(400);
      // Only the characters of the book: no padding, no [UNK], no id past the vocabulary.
      for (const t of g!.tokens) expect(t >= 2 && t < n, `id ${t}`).toBe(true);
      return { model: -g!.logProbability / g!.tokens.length, bigram: bigramSurprisal([prompt.at(-1)!, ...g!.tokens]), text: g!.tokens.map((t) => vocabulary[t]).join('') };
    };
    const cold = sample(0.5);
    const warm = sample(1.0);
    expect(cold.model, `per-character surprisal under the model: ${cold.model} at 0.5, ${warm.model} at 1.0`).toBeLessThan(warm.model);
    expect(cold.bigram, `per-character surprisal under the book's bigrams: ${cold.bigram} at 0.5, ${warm.bigram} at 1.0\n${cold.text}\n---\n${warm.text}`).toBeLessThan(warm.bigram);
  });
});
