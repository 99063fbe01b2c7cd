// Raw text through the data readers: a string input's samples come back as texts (indices into
// them in `data`), from JSON Lines with a string "x" or from a CSV column; a non-string record,
// an empty file, numbers for a text input and a bad vocabulary file are E06xx errors at the file
// and line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src/runtime/data/load.ts';
import { float32 } from '../../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { readVocabularyFile } from '../../../src/runtime/data/vocabulary-file.ts';
import { model } from './models.ts';
import { rnncError, values } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rnnc-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Uint8Array) => {
  writeFileSync(join(dir, name), text);
  return name;
};

const textModel = () =>
  model('model m {\n  t = Input(shape=(1,), dtype=string)\n  ids = TextVectorization(max_tokens=50)(t)\n  output Dense(1, activation=sigmoid)(LSTM(4)(Embedding(50, 8)(ids)))\n}\ntrain { loss = binary_crossentropy }');

describe('text from JSON Lines', () => {
  it('reads a string "x" (or a list of one string) per line as texts, shaped like the input', () => {
    const name = file('ok.jsonl', '{"x": "A fine film.", "y": 1}\n\n{"x": ["Dull, dull."], "y": 0}\n');
    const d = loadData({ data: name }, textModel(), dir, 'required');
    expect(d.x[0]!.shape).toEqual([2, 1]);
    expect(d.x[0]!.texts).toEqual(['A fine film.', 'Dull, dull.']);
    expect(values(d.x[0]!.data)).toEqual([0, 1]);
    expect(values(d.y!.data)).toEqual([1, 0]);
  });

  it('a number where the text belongs is E0635 at its line and column', () => {
    const name = file('number.jsonl', '{"x": "fine", "y": 1}\n{"x": 42, "y": 0}\n');
    const e = rnncError(() => loadData({ data: name }, textModel(), dir, 'required'), 'E0635');
    expect(e.message).toContain(`line 2 of ${join(dir, name)}`);
    expect(e.message).toContain('the number 42');
    expect(e.location).toMatchObject({ line: 2, column: 7 });
  });

  it('null or a list of two is E0635 too; an empty file is E0614', () => {
    rnncError(() => loadData({ data: file('null.jsonl', '{"x": null, "y": 1}\n') }, textModel(), dir, 'required'), 'E0635');
    rnncError(() => loadData({ data: file('two.jsonl', '{"x": ["a", "b"], "y": 1}\n') }, textModel(), dir, 'required'), 'E0635');
    rnncError(() => loadData({ data: file('empty.jsonl', '\n') }, textModel(), dir, 'required'), 'E0614');
  });
});

describe('text from CSV', () => {
  it('reads the column `column` names, its header dropped, a quoted comma kept', () => {
    const x = file('texts.csv', 'id,text\n1,"Fine, fine film"\n2,dull\n');
    const y = file('labels.csv', '1\n0\n');
    const d = loadData({ x, y, column: 'text' }, textModel(), dir, 'required');
    expect(d.x[0]!.texts).toEqual(['Fine, fine film', 'dull']);
    expect(d.x[0]!.shape).toEqual([2, 1]);
  });

  it('a file of several columns without `column` is E0624', () => {
    rnncError(() => loadData({ x: file('two-columns.csv', 'a,b\nc,d\n'), y: file('y2.csv', '1\n') }, textModel(), dir, 'required'), 'E0624');
  });
});

describe('numbers for a text input', () => {
  it('is E0636, naming the file', () => {
    const x = file('numbers.npy', writeNpy(float32([2, 1], new Float32Array([1, 2]))));
    const y = file('y.npy', writeNpy(float32([2, 1], new Float32Array([1, 0]))));
    const e = rnncError(() => loadData({ x, y }, textModel(), dir, 'required'), 'E0636');
    expect(e.message).toContain('takes text');
  });
});

describe('vocabulary files', () => {
  const options = { max_tokens: null, standardize: null, split: 'whitespace', ngrams: null, replace: null, output_sequence_length: null };
  it('reads one token per line', () => {
    file('words.txt', 'good\nbad\n');
    expect(readVocabularyFile(dir, 'tv', 'words.txt', options)).toEqual(['', '[UNK]', 'good', 'bad']);
  });

  it('a token twice is E0637 at its line; a missing file E0637', () => {
    file('twice.txt', 'good\nbad\ngood\n');
    const e = rnncError(() => readVocabularyFile(dir, 'tv', 'twice.txt', options), 'E0637');
    expect(e.location).toMatchObject({ line: 3, text: 'good' });
    rnncError(() => readVocabularyFile(dir, 'tv', 'missing.txt', options), 'E0637');
  });
});

describe('sentence pairs for a decoder fed text', () => {
  const pairModel = () =>
    model(`model tt {
  src = Input(shape=(1,), dtype=string, name="en")
  tgt = Input(shape=(1,), dtype=string, name="fr")
  _, h = GRU(4, return_state=true)(Embedding(20, 4, mask_zero=true)(TextVectorization(max_tokens=20)(src)))
  output Dense(20, activation=softmax)(GRU(4, return_sequences=true)(Embedding(20, 4, mask_zero=true)(TextVectorization(max_tokens=20)(tgt)), initial_state=[h]))
}
train tt { loss = sparse_categorical_crossentropy }
decode tt { feed = tgt  start = "[start]"  end = "[end]" }`);

  it('reads records keyed by the input names (or under "x"), and no labels: the decode block makes them', () => {
    const name = file('pairs.jsonl', '{"en": "forty two", "fr": "quarante deux"}\n{"x": {"en": "one", "fr": "un"}}\n');
    const d = loadData({ data: name }, pairModel(), dir, 'required');
    expect(d.x.map((a) => a.texts)).toEqual([
      ['forty two', 'one'],
      ['quarante deux', 'un'],
    ]);
    expect(d.ys).toBeUndefined();
  });

  it('labels given anyway are E0645; a record without an input is E0607 at its line', () => {
    const y = file('y.npy', writeNpy(float32([1, 1], Float32Array.of(1))));
    rnncError(() => loadData({ x: file('one.jsonl', '{"en": "one", "fr": "un"}\n'), y }, pairModel(), dir, 'required'), 'E0645');
    const e = rnncError(() => loadData({ data: file('missing.jsonl', '{"en": "one", "fr": "un"}\n{"en": "two"}\n') }, pairModel(), dir, 'required'), 'E0607');
    expect(e.message).toContain('"fr"');
    expect(e.location).toMatchObject({ line: 2 });
  });
});
