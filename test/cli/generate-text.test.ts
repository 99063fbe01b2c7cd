// Raw text in and out of `rnnc generate` and RnnModel.generate, for a decoder fed text (a decode
// block with start = "[start]"): --text, a .txt and a .jsonl --source give the same sources; the
// printed text is the generated ids through the saved target vocabulary; a word never seen is
// [UNK], as TextVectorization's lookup has it. Bad input — text for a model that reads ids, an
// empty text, a record without the source field, a blank line, --text with --source, a saved
// model without its vocabularies, labels given to a model that makes its own — is a coded
// diagnostic.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../src/runtime/api.ts';
import { textArray } from '../../src/runtime/data/nd-array.ts';
import { expectNoCrash, rnnc, tempDirs } from './run.ts';
import { expectLocatedError } from './model-fixtures.ts';

const TEXT_S2S = `model tt {
  src = Input(shape=(1,), dtype=string, name="en")
  tgt = Input(shape=(1,), dtype=string, name="fr")
  _, h = GRU(8, return_state=true)(Embedding(12, 4, mask_zero=true)(TextVectorization(max_tokens=12)(src)))
  dec = GRU(8, return_sequences=true)(Embedding(12, 4, mask_zero=true)(TextVectorization(max_tokens=12)(tgt)), initial_state=[h])
  output Dense(12, activation=softmax)(dec)
}
train tt {
  loss = sparse_categorical_crossentropy
  optimizer = Adam(learning_rate=0.05)
  epochs = 30
  batch_size = 4
  data = "pairs.jsonl"
}
decode tt { feed = tgt  start = "[start]"  end = "[end]"  max_length = 5 }
`;

const IDS_S2S = `model ids {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h = GRU(8, return_state=true)(Embedding(7, 4, mask_zero=true)(src))
  dec = GRU(8, return_sequences=true)(Embedding(7, 4)(tgt), initial_state=[h])
  output Dense(7, activation=softmax)(dec)
}
decode ids { feed = tgt  start = 1  end = 2  max_length = 4 }
`;

const PAIRS: readonly [string, string][] = [
  ['one', 'un'],
  ['two', 'deux'],
  ['three', 'trois'],
  ['one two', 'un deux'],
  ['two three', 'deux trois'],
  ['three one', 'trois un'],
];

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

let dir: string;
let model: RnnModel;
let vocabulary: string[];

beforeAll(async () => {
  dir = dirs.make();
  writeFileSync(join(dir, 'pairs.jsonl'), PAIRS.map(([en, fr]) => JSON.stringify({ en, fr })).join('\n') + '\n');
  writeFileSync(join(dir, 'tt.rnn'), TEXT_S2S);
  writeFileSync(join(dir, 'ids.rnn'), IDS_S2S);
  const trained = await rnnc(['train', 'tt.rnn', '--out', 'tt', '--seed', '1'], { cwd: dir });
  expect(trained.code, trained.stderr).toBe(0);
  const idsModel = await compile(IDS_S2S, { seed: 2, path: join(dir, 'ids.rnn') });
  await idsModel.save(join(dir, 'ids'), IDS_S2S);
  idsModel.dispose();
  model = await compile(TEXT_S2S, { seed: 1, path: join(dir, 'tt.rnn') });
  await model.load(join(dir, 'tt'));
  const saved = JSON.parse(readFileSync(join(dir, 'tt', 'model.json'), 'utf8')) as { rnnc: { vocabularies: Record<string, string[]> } };
  vocabulary = saved.rnnc.vocabularies['text_vectorization_1']!;
}, 120_000);

afterAll(() => model.dispose());

const lines = (s: string) => s.trimEnd().split('\n');

describe('generate from raw text', () => {
  it('reserves [start] and [end] after "" and [UNK] in the saved target vocabulary', () => {
    expect(vocabulary.slice(0, 4)).toEqual(['', '[UNK]', '[start]', '[end]']);
    expect(new Set(vocabulary.slice(4))).toEqual(new Set(['un', 'deux', 'trois']));
  });

  it('the library: texts in, text out through the saved vocabulary, and the pairs it trained on translated', () => {
    const texts = PAIRS.map(([en]) => en);
    const out = model.generate({ texts });
    for (const g of out) expect(g.text).toBe(g.tokens.map((t) => vocabulary[t]).join(' '));
    expect(out.map((g) => g.text)).toEqual(PAIRS.map(([, fr]) => fr));
    // Standardized and split as in training: capitals and punctuation do not matter.
    expect(model.generate({ texts: ['One, TWO!'] })[0]!.text).toBe(out[3]!.text);
  });

  it('a word never seen is [UNK]: any two unseen words give the same translation', () => {
    const [a, b] = model.generate({ texts: ['zebra two', 'yak two'] });
    expect(a!.tokens).toEqual(b!.tokens);
    expect(a!.logProbability).toBe(b!.logProbability);
  });

  it('the command line: --text, a .txt and a .jsonl source print what the library generates, greedy and beam', async () => {
    const texts = ['one two', 'three', 'two three one'];
    writeFileSync(join(dir, 'sources.txt'), texts.join('\n') + '\n');
    writeFileSync(join(dir, 'sources.jsonl'), texts.map((en) => JSON.stringify({ en, fr: 'ignored' })).join('\n') + '\n');
    const want = model.generate({ texts }).map((g) => g.text);
    const beam = model.generate({ texts }, { beam: 3 }).map((g) => g.text);
    const [flags, txt, jsonl, beamRun, json] = await Promise.all([
      rnnc(['generate', 'tt.rnn', '--model', 'tt', ...texts.flatMap((t) => ['--text', t])], { cwd: dir }),
      rnnc(['generate', 'tt.rnn', '--model', 'tt', '--source', 'sources.txt'], { cwd: dir }),
      rnnc(['generate', 'tt.rnn', '--model', 'tt', '--source', 'sources.jsonl'], { cwd: dir }),
      rnnc(['generate', 'tt.rnn', '--model', 'tt', '--source', 'sources.txt', '--beam', '3'], { cwd: dir }),
      rnnc(['generate', 'tt.rnn', '--model', 'tt', '--text', 'one', '--json'], { cwd: dir }),
    ]);
    for (const run of [flags, txt, jsonl, beamRun, json]) expect(run.code, run.stderr).toBe(0);
    expect(lines(flags.stdout)).toEqual(want);
    expect(txt.stdout).toBe(flags.stdout);
    expect(jsonl.stdout).toBe(flags.stdout);
    expect(lines(beamRun.stdout)).toEqual(beam);
    const record = JSON.parse(json.stdout) as { ids: number[]; text: string };
    expect(record.text).toBe(record.ids.map((t) => vocabulary[t]).join(' '));
  });

  it('refuses bad text input with coded diagnostics', async () => {
    writeFileSync(join(dir, 'wrong.jsonl'), '{"en": "one"}\n{"english": "two"}\n');
    writeFileSync(join(dir, 'blank.txt'), 'one\n\ntwo\n');
    const cases: [string[], string, string | RegExp, number][] = [
      // Text given on the command line is located there, as generate's other option mistakes are.
      [['ids.rnn', '--model', 'ids', '--text', 'one'], 'E0716', 'command line', 2],
      [['tt.rnn', '--model', 'tt', '--text', '!!!'], 'E0717', 'command line', 2],
      [['tt.rnn', '--model', 'tt', '--source', 'wrong.jsonl'], 'E0717', 'wrong.jsonl:2:1', 2],
      [['tt.rnn', '--model', 'tt', '--source', 'blank.txt'], 'E0717', 'blank.txt:2:1', 2],
      [['tt.rnn', '--model', 'tt', '--source', 'sources.txt', '--text', 'one'], 'E0717', 'command line', 2],
    ];
    const runs = await Promise.all(cases.map(([args]) => rnnc(['generate', ...args], { cwd: dir })));
    runs.forEach((run, i) => {
      const [args, code, where, exit] = cases[i]!;
      expectLocatedError(run, code, where, exit);
      expect(run.stdout, args.join(' ')).toBe('');
    });
  });

  it('a saved model without its vocabularies is E0813; labels for a decoder that makes its own are E0645', async () => {
    const json = JSON.parse(readFileSync(join(dir, 'tt', 'model.json'), 'utf8')) as { rnnc: Record<string, unknown> };
    delete json.rnnc['vocabularies'];
    const { cpSync } = await import('node:fs');
    cpSync(join(dir, 'tt'), join(dir, 'novocab'), { recursive: true });
    writeFileSync(join(dir, 'novocab', 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'y.npy'), readFileSync(join(dir, 'pairs.jsonl')));
    const [noVocab, labels] = await Promise.all([
      rnnc(['generate', 'tt.rnn', '--model', 'novocab', '--text', 'one'], { cwd: dir }),
      rnnc(['train', 'tt.rnn', '--x', 'pairs.jsonl', '--y', 'y.npy', '--epochs', '1'], { cwd: dir }),
    ]);
    expectLocatedError(noVocab, 'E0813', /model\.json/);
    expectNoCrash(labels);
    expect(labels.stderr).toMatch(/^error\[E0645\]: /m);
    expect(labels.code).toBe(1);
  });

  it('the library refuses texts for a language model or beside ids', () => {
    expect(() => model.generate({ texts: ['one'], sources: [textArray(['one'], 2)] })).toThrow(/both source texts and source ids/);
    expect(() => model.generate({ texts: [] })).toThrow(/no source text/);
  });
});
