// `rnnc generate` on saved models: its output equals the library's RnnModel.generate for the
// same weights, options and seed (greedy, beam, sampling), one line per sequence, or JSON lines;
// a seed makes sampling repeatable. Bad options, prompts and sources are E07 diagnostics with exit
// 2, and a model without a decode block is E0714.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../src/runtime/api.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { writeNpz } from '../../src/runtime/data/npz.ts';
import { Rng } from '../../src/runtime/rng.ts';
import type { HostArray } from '../../src/runtime/train/batches.ts';
import { expectNoCrash, rnnc, tempDirs } from './run.ts';
import { expectLocatedError } from './model-fixtures.ts';

const SEQ2SEQ = `model s2s {
  src = Input(shape=(None,), dtype=int32)
  tgt = Input(shape=(None,), dtype=int32)
  _, h, c = LSTM(8, return_state=true)(Embedding(7, 4, mask_zero=true)(src))
  dec = LSTM(8, return_sequences=true)(Embedding(7, 4)(tgt), initial_state=[h, c])
  output Dense(7, activation=softmax)(dec)
}
decode s2s { feed = tgt  start = 1  end = 2  max_length = 6 }
`;

// A source language of 11 tokens and an output of 7, the source input named as .npz entries are.
const WIDE = SEQ2SEQ.replace('model s2s', 'model wide')
  .replace('decode s2s', 'decode wide')
  .replace('src = Input(shape=(None,), dtype=int32)', 'src = Input(shape=(None,), dtype=int32, name="src")')
  .replace('Embedding(7, 4, mask_zero=true)(src)', 'Embedding(11, 4, mask_zero=true)(src)');

const LM = `model lm {
  Embedding(6, 4, input=(None,))
  GRU(8, return_sequences=true)
  Dense(6, activation=softmax)
}
decode { max_length = 12 }
`;

const NO_DECODE = `model plain {
  Embedding(6, 4, input=(None,))
  GRU(8, return_sequences=true)
  Dense(6, activation=softmax)
}
`;

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

let dir: string;
let s2s: RnnModel;
let lm: RnnModel;
let wide: RnnModel;
const SOURCES: HostArray = { dtype: 'int32', shape: [3, 4], data: Int32Array.from([3, 4, 5, 0, 6, 6, 3, 4, 5, 0, 0, 0]) };

async function saved(source: string, name: string, seed: number): Promise<RnnModel> {
  writeFileSync(join(dir, `${name}.rnn`), source);
  const model = await compile(source, { seed, path: join(dir, `${name}.rnn`) });
  const rng = new Rng(seed);
  model.network.setWeightValues(model.network.getWeightValues().map((w) => w.map(() => rng.normal())));
  await model.save(join(dir, name), source);
  return model;
}

beforeAll(async () => {
  dir = dirs.make();
  s2s = await saved(SEQ2SEQ, 's2s', 3);
  lm = await saved(LM, 'lm', 4);
  wide = await saved(WIDE, 'wide', 6);
  await saved(NO_DECODE, 'plain', 5);
  writeFileSync(join(dir, 'src.npy'), writeNpy(SOURCES));
});

const lines = (s: string) => s.trimEnd().split('\n');

describe('rnnc generate', () => {
  it('decodes each source row as RnnModel.generate does: greedy and beam search', async () => {
    for (const flags of [[], ['--beam', '3'], ['--beam', '1']]) {
      const run = await rnnc(['generate', 's2s.rnn', '--model', 's2s', '--source', 'src.npy', ...flags], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const beam = flags[1] === undefined ? {} : { beam: Number(flags[1]) };
      const expected = s2s.generate({ sources: [SOURCES] }, beam).map((g) => g.tokens.join(' ') + '\n');
      expect(run.stdout).toBe(expected.join(''));
    }
  });

  it('reads sources from an .npz by the source input’s name, ids checked against the source Embedding (11 tokens), not the output (7)', async () => {
    const sources: HostArray = { dtype: 'int32', shape: [3, 3], data: Int32Array.from([10, 9, 8, 3, 0, 0, 7, 5, 4]) };
    writeFileSync(join(dir, 'pairs.npz'), writeNpz(new Map([['src', sources], ['other', SOURCES]])));
    const run = await rnnc(['generate', 'wide.rnn', '--model', 'wide', '--source', 'pairs.npz'], { cwd: dir });
    expect(run.stderr).toBe('');
    const expected = wide.generate({ sources: [sources] }).map((g) => g.tokens.join(' ') + '\n');
    expect(expected.join('').trim()).not.toBe('');
    expect(run.stdout).toBe(expected.join(''));
    writeFileSync(join(dir, 'unnamed.npz'), writeNpz(new Map([['x', sources]])));
    const missing = await rnnc(['generate', 'wide.rnn', '--model', 'wide', '--source', 'unnamed.npz'], { cwd: dir });
    expectLocatedError(missing, 'E0715', /./, 2);
    expect(missing.stderr).toContain('holds no array named `src`');
    writeFileSync(join(dir, 'beyond.npy'), writeNpy({ dtype: 'int32', shape: [1, 2], data: Int32Array.from([11, 3]) }));
    const beyond = await rnnc(['generate', 'wide.rnn', '--model', 'wide', '--source', 'beyond.npy'], { cwd: dir });
    expectLocatedError(beyond, 'E0715', /./, 2);
    expect(beyond.stderr).toContain('holds 11, which is not a token id of this model (0–10)');
  });

  it('continues a prompt, sampled with a seed: the same text every run, the library\'s for that seed', async () => {
    const args = ['generate', 'lm.rnn', '--model', 'lm', '--prompt', '1,2,3', '--temperature', '0.9', '--top-k', '4', '--seed', '11'];
    const [a, b] = await Promise.all([rnnc(args, { cwd: dir }), rnnc(args, { cwd: dir })]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const expected = lm.generate({ prompts: [[1, 2, 3]] }, { temperature: 0.9, topK: 4, seed: 11 })[0]!;
    expect(lines(a.stdout)).toEqual([expected.tokens.join(' ')]);
    expect(expected.tokens.length).toBe(12);
  });

  it('prints JSON lines with --json, and text through --vocab', async () => {
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(['', 'a', 'b', 'c', 'd', 'e']));
    const json = await rnnc(['generate', 'lm.rnn', '--model', 'lm', '--prompt', '1', '--max-length', '5', '--json'], { cwd: dir });
    expect(json.code).toBe(0);
    const record = JSON.parse(json.stdout) as { prompt: number[]; ids: number[]; ended: boolean; log_probability: number };
    const expected = lm.generate({ prompts: [[1]] }, { maxLength: 5 })[0]!;
    expect(record.prompt).toEqual([1]);
    expect(record.ids).toEqual(expected.tokens);
    expect(record.log_probability).toBeCloseTo(expected.logProbability, 5);
    const text = await rnnc(['generate', 'lm.rnn', '--model', 'lm', '--prompt', 'ab', '--vocab', 'vocab.json', '--max-length', '5'], { cwd: dir });
    expect(text.code).toBe(0);
    const ids = lm.generate({ prompts: [[1, 2]] }, { maxLength: 5 })[0]!.tokens;
    expect(text.stdout).toBe('ab' + ids.map((i) => ['', 'a', 'b', 'c', 'd', 'e'][i]).join('') + '\n');
  });

  it('refuses bad options, prompts and sources with E07 diagnostics (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['lm.rnn', '--model', 'lm', '--prompt', '1', '--temperature', '-1'], 'E0713'],
      [['lm.rnn', '--model', 'lm', '--prompt', '1', '--temperature', 'hot'], 'E0713'],
      [['lm.rnn', '--model', 'lm', '--prompt', '1', '--beam', '2', '--top-k', '3'], 'E0713'],
      [['lm.rnn', '--model', 'lm', '--prompt', '1', '--beam', '0'], 'E0713'],
      [['lm.rnn', '--model', 'lm', '--prompt', '1,9'], 'E0715'],
      [['lm.rnn', '--model', 'lm'], 'E0715'],
      [['s2s.rnn', '--model', 's2s'], 'E0715'],
      [['s2s.rnn', '--model', 's2s', '--source', 'src.npy', '--prompt', '1'], 'E0715'],
      [['plain.rnn', '--model', 'plain', '--prompt', '1'], 'E0714'],
    ];
    const runs = await Promise.all(cases.map(([args]) => rnnc(['generate', ...args], { cwd: dir })));
    runs.forEach((run, i) => {
      expectNoCrash(run);
      expectLocatedError(run, cases[i]![1], /./, 2);
      expect(run.code, cases[i]![0].join(' ')).toBe(2);
      expect(run.stdout).toBe('');
    });
  });
});
