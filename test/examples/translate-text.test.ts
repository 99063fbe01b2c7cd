// examples/translate_text.rnn learns to translate numbers from English to French from raw text
// (examples/data/translate_text*.jsonl, written by make-translate.ts). The teacher-forcing shift
// rnnc makes from the decode block is checked against Keras's recipe written out here — the
// target's ids from the adapted vocabulary, wrapped in [start] … [end], the decoder reading
// ids[:-1] and the labels ids[1:], each padded after the cut — and the held-out token accuracy is computed from the
// predictions at the positions that recipe does not pad, independently of rnnc's metric, and must
// equal the val_accuracy fit logged. Then free-running greedy decoding from the English text,
// scored as whole French sentences. A short seeded run (3 epochs on 2,000 of the 8,000 pairs);
// the full run (`rnnc train examples/translate_text.rnn`, 5 epochs) reaches 1.000.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingDataFor } from '../../src/console/data-flags.ts';
import { initBackend } from '../../src/runtime/tf.ts';
import { textDataset, vocabulariesOf } from '../../src/runtime/text/text-inputs.ts';
import { firstRows } from '../../examples/script.ts';
import { english, french, textPairs, translationData, TRAIN_PAIRS } from '../../examples/data/make-translate.ts';
import { EXAMPLES, exampleModel } from './short-run.ts';
import type { HostArray } from '../../src/runtime/train/batches.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The shift over `numbers`: each [start] + ids + [end] cut into its [:-1] (the decoder's input) and
 * its [1:] (the labels), then padded with 0 to the longest. (Keras's recipe pads before cutting, so
 * a short target's decoder input also holds [end], whose label is the padding; the course notes'
 * <go>/<eos> shift, which rnnc follows, never feeds <eos>.)
 */
function kerasShift(numbers: readonly number[], vocabulary: readonly string[]): { decoder: number[][]; labels: number[][] } {
  const wrapped = numbers.map((n) => [vocabulary.indexOf('[start]'), ...french(n).map((w) => vocabulary.indexOf(w)), vocabulary.indexOf('[end]')]);
  const longest = Math.max(...wrapped.map((w) => w.length)) - 1;
  const pad = (w: number[]) => [...w, ...Array<number>(longest - w.length).fill(0)];
  return { decoder: wrapped.map((w) => pad(w.slice(0, -1))), labels: wrapped.map((w) => pad(w.slice(1))) };
}

const rows = (a: HostArray): number[][] => Array.from({ length: a.shape[0]! }, (_, i) => [...a.data.subarray(i * a.shape[1]!, (i + 1) * a.shape[1]!)]);

describe('examples/translate_text.rnn', () => {
  it('its data is the pairs of translate.rnn as raw text, keyed by the input names', () => {
    const d = translationData();
    expect(readFileSync(join(EXAMPLES, 'data/translate_text.jsonl'), 'utf8')).toBe(textPairs(d, 0, TRAIN_PAIRS));
    expect(readFileSync(join(EXAMPLES, 'data/translate_text_val.jsonl'), 'utf8')).toBe(textPairs(d, TRAIN_PAIRS, d.numbers.length));
    expect(JSON.parse(textPairs(d, 0, 1))).toEqual({ en: english(d.numbers[0]!).join(' '), fr: french(d.numbers[0]!).join(' ') });
  });

  it('learns from raw text: the <go>/<eos> shift, held-out token accuracy from the predictions, greedy whole translations', { timeout: 180_000 }, async () => {
    const model = await exampleModel('translate_text.rnn', 7);
    const all = trainingDataFor(model.model, join(EXAMPLES, 'translate_text.rnn'), {});
    // No labels in the data: the decode block makes them.
    expect(all.y).toEqual([]);
    expect(all.x[0]!.shape[0]).toBe(TRAIN_PAIRS);
    const held = all.validation!;
    const history = await model.fit({ x: all.x.map((a) => firstRows(a, 2000)), y: [] }, { epochs: 3 }, { validationData: { x: held.x, y: [] } });

    // The vocabularies were adapted on the training texts, with [start] and [end] reserved in French's.
    const french_ = vocabulariesOf(model.network).get('text_vectorization_1')!;
    expect(french_.slice(0, 4)).toEqual(['', '[UNK]', '[start]', '[end]']);
    const d = translationData();
    const heldNumbers = d.numbers.slice(TRAIN_PAIRS);
    const shift = kerasShift(heldNumbers, french_);
    const made = textDataset(model.network, held.x, []);
    expect(rows(made.x[1]!)).toEqual(shift.decoder);
    expect(rows(made.y[0]!)).toEqual(shift.labels);

    // Teacher-forced token accuracy, from the predictions, at the positions the decoder input does not pad.
    const [probabilities] = model.predict({ en: held.x[0]!, fr: held.x[1]! }, 500);
    const classes = probabilities!.shape[2]!;
    let right = 0;
    let counted = 0;
    shift.decoder.forEach((row, i) =>
      row.forEach((id, t) => {
        if (id === 0) return;
        const p = probabilities!.data.subarray(((i * row.length) + t) * classes, ((i * row.length) + t + 1) * classes);
        const best = p.indexOf(Math.max(...p));
        counted++;
        if (best === shift.labels[i]![t]) right++;
      }),
    );
    const accuracy = right / counted;
    expect(history.epochs.at(-1)!['val_accuracy']).toBeCloseTo(accuracy, 6);
    expect(history.epochs[0]!['accuracy']).toBeLessThan(0.7);
    expect(accuracy).toBeGreaterThan(0.8);

    // Free-running greedy decoding from the English text alone, scored as whole sentences.
    const some = heldNumbers.slice(0, 200);
    const decoded = model.generate({ texts: some.map((n) => english(n).join(' ')) });
    const exact = decoded.filter((g, i) => g.text === french(some[i]!).join(' ')).length / some.length;
    // A word never seen in training is [UNK]: still a source the model translates.
    const [unknown] = model.generate({ texts: ['forty two zebra'] });
    model.dispose();
    expect(exact).toBeGreaterThan(0.1);
    expect(decoded.every((g) => g.text === g.tokens.map((t) => french_[t]).join(' '))).toBe(true);
    expect(typeof unknown!.text).toBe('string');
  });
});
