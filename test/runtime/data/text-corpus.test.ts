// A plain-text corpus as data (runtime/data/text-corpus.ts): read as UTF-8 (gzipped or not),
// numbered as Keras's TextVectorization(split="character", standardize=None) adapts — counted
// here by hand — and cut into windows labelled with the next character; every mistake a coded
// diagnostic.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/runtime/data/load.ts';
import { characterIds, characterVocabulary, firstInvalidUtf8, readTextCorpus } from '../../../src/runtime/data/text-corpus.ts';
import { rnncError, values } from './helpers.ts';
import { model } from './models.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, contents: string | Uint8Array): string {
  writeFileSync(join(dir, name), contents);
  return name;
}

const TEXT = 'abracadabra';

describe('the character vocabulary', () => {
  it('is "", [UNK], then the characters by count, ties from the highest code point down (Keras\'s np.lexsort order)', () => {
    // a ×5, b ×2, r ×2, c ×1, d ×1: r (0x72) before b, d before c.
    expect(characterVocabulary(TEXT)).toEqual(['', '[UNK]', 'a', 'r', 'b', 'd', 'c']);
  });

  it('counts code points, spaces and line ends included', () => {
    expect(characterVocabulary('é\u{1F600}\n\n ')).toEqual(['', '[UNK]', '\n', '\u{1F600}', 'é', ' ']);
  });

  it('maps a character it does not hold to [UNK]', () => {
    expect(values(characterIds('abz', ['', '[UNK]', 'a', 'b']))).toEqual([2, 3, 1]);
  });
});

describe('reading the text', () => {
  it('reads UTF-8, gzipped or not, with "\\r\\n" as "\\n"', () => {
    const bytes = new TextEncoder().encode('one\r\ntwo é\n');
    expect(readTextCorpus(bytes, 'a.txt')).toBe('one\ntwo é\n');
    expect(readTextCorpus(new Uint8Array(gzipSync(bytes)), 'a.txt.gz')).toBe('one\ntwo é\n');
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('ok é \u{1F600}'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xe9, 0x74))).toBe(1); // Latin-1 "é"
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xc0, 0xaf))).toBe(1); // an overlong "/"
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Uint8Array.of(0x61, 0xe2, 0x82))).toBe(1); // cut short
  });

  it('refuses Latin-1 text at its byte (E0649), and a broken gzip file', () => {
    const e = rnncError(() => readTextCorpus(Uint8Array.of(0x63, 0x61, 0x66, 0xe9), 'cafe.txt'), 'E0649');
    expect(e.message).toContain('0xe9');
    expect(e.location).toEqual({ file: 'cafe.txt', offset: 3 });
    rnncError(() => readTextCorpus(Uint8Array.of(0x1f, 0x8b, 0x08, 0, 1, 2), 'cut.txt.gz'), 'E0649');
  });
});

/** ids < 10 → the next id at every step; the corpus below has 7 ids. */
const charModel = (units = 10, dim = 10) =>
  model(`model m { Embedding(${dim}, 4, input=(None,)) LSTM(4, return_sequences=true) Dense(${units}, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }`);

describe('windows of characters', () => {
  const path = file('abra.txt', TEXT);
  // a=2 r=3 b=4 d=5 c=6: "abracadabra" is 2 4 3 2 6 2 5 2 4 3 2.
  const ids = [2, 4, 3, 2, 6, 2, 5, 2, 4, 3, 2];

  it('labels each window with itself one character on; side by side unless a stride is given', () => {
    const d = loadData({ data: path, window: 3 }, charModel(), dir);
    expect(d.vocabulary).toEqual(['', '[UNK]', 'a', 'r', 'b', 'd', 'c']);
    // (11 − 3 − 1) / 3 + 1 = 3 windows, starting at 0, 3, 6.
    expect(d.x[0]!.shape).toEqual([3, 3]);
    expect(values(d.x[0]!.data)).toEqual([...ids.slice(0, 3), ...ids.slice(3, 6), ...ids.slice(6, 9)]);
    expect(values(d.y!.data)).toEqual([...ids.slice(1, 4), ...ids.slice(4, 7), ...ids.slice(7, 10)]);
    const strided = loadData({ data: path, window: 4, stride: 2 }, charModel(), dir);
    // (11 − 4 − 1) / 2 + 1 = 4 windows, starting at 0, 2, 4, 6.
    expect(strided.x[0]!.shape).toEqual([4, 4]);
    expect(values(strided.y!.data).slice(12)).toEqual(ids.slice(7, 11));
  });

  it('labels a window with the one character after it when the output is one step', () => {
    const last = model('model m { Embedding(10, 4, input=(None,)) LSTM(4) Dense(10, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }');
    const d = loadData({ data: path, window: 5, stride: 1 }, last, dir);
    expect(d.x[0]!.shape).toEqual([6, 5]);
    expect(d.y!.shape).toEqual([6]);
    expect(values(d.y!.data)).toEqual(ids.slice(5, 11));
  });

  it('numbers the text with a saved vocabulary when one is given', () => {
    const d = loadData({ data: path, window: 3, vocabulary: ['', '[UNK]', 'b', 'a'] }, charModel(), dir);
    expect(d.vocabulary).toEqual(['', '[UNK]', 'b', 'a']);
    expect(values(d.x[0]!.data).slice(0, 3)).toEqual([3, 2, 1]);
  });

  it('refuses a model too narrow for the characters (E0650), naming the width to use', () => {
    expect(rnncError(() => loadData({ data: path, window: 3 }, charModel(10, 6), dir), 'E0650').hint).toContain('Embedding(7, …)');
    expect(rnncError(() => loadData({ data: path, window: 3 }, charModel(5, 10), dir), 'E0650').hint).toContain('Dense(7, activation=softmax)');
  });

  it('refuses an output no character labels (E0620), a text shorter than a window (E0611), and options that do not apply (E0624)', () => {
    // Five steps a sample, where the windows hold three characters.
    const fiveSteps = model('model m { Embedding(10, 4, input=(5,)) LSTM(4, return_sequences=true) Dense(10, activation=softmax) }\ntrain { loss = sparse_categorical_crossentropy }');
    rnncError(() => loadData({ data: path, window: 3 }, fiveSteps, dir), 'E0620');
    rnncError(() => loadData({ data: path, window: 11 }, charModel(), dir), 'E0611');
    rnncError(() => loadData({ data: path }, charModel(), dir), 'E0624');
    rnncError(() => loadData({ data: path, window: 3, column: 'text' }, charModel(), dir), 'E0624');
    rnncError(() => loadData({ data: path, window: 3, stride: 0 }, charModel(), dir), 'E0624');
    rnncError(() => loadData({ data: file('s.csv', '1\n2\n3\n4\n'), window: 2, stride: 2 }, charModel(), dir), 'E0624');
    rnncError(() => loadData({ x: path, y: path, window: 3 }, charModel(), dir), 'E0624');
  });
});
