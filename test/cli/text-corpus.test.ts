// A text corpus end to end through the command line: `rnnc train` on a .txt saves the characters
// by id in model.json; `rnnc generate` then reads the prompt and prints text with them (no
// --vocab), refuses a --vocab that numbers them otherwise (E0722) and a prompt character the text
// never had (E0715); `rnnc evaluate` reads another text with the saved ids, its unseen characters
// as [UNK]. Bad corpora are coded diagnostics at the file.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLocatedError } from './model-fixtures.ts';
import { expectNoCrash, rnnc, tempDirs } from './run.ts';

// "to" ×3 … counted by hand below.
const TEXT = 'to be or not to be\n'.repeat(40);

const LM = `model chars {
  Embedding(12, 8, input=(None,))
  LSTM(16, return_sequences=true)
  Dense(12, activation=softmax)
}

train {
  loss = sparse_categorical_crossentropy
  optimizer = Adam(learning_rate=0.02)
  epochs = 3
  batch_size = 8
  seed = 3
  data = { file = "play.txt", window = 20 }
}

decode { max_length = 30 }
`;

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
let dir: string;

beforeAll(async () => {
  dir = dirs.make({ 'chars.rnn': LM, 'play.txt': TEXT, 'other.txt': 'to be, or not to be?\n'.repeat(4) });
  const run = await rnnc(['train', 'chars.rnn', '--out', 'model'], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

describe('a model trained on a text corpus', () => {
  it('keeps the characters by id in model.json: "", [UNK], then by count, ties from the highest code point down', () => {
    // Per line: " " ×5, "o" ×4, "t" ×3, "b" ×2, "e" ×2, "\n", "n", "r" ×1 each.
    const saved = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8')) as { rnnc: { text_vocabulary: string[] } };
    expect(saved.rnnc.text_vocabulary).toEqual(['', '[UNK]', ' ', 'o', 't', 'e', 'b', 'r', 'n', '\n']);
  });

  it('generates text from a text prompt without --vocab, the same with the saved characters as --vocab', async () => {
    const args = ['generate', 'chars.rnn', '--model', 'model', '--prompt', 'to be', '--temperature', '0.7', '--seed', '4'];
    const run = await rnnc(args, { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const text = run.stdout.replace(/\n$/, '');
    expect(text.startsWith('to be')).toBe(true);
    expect([...text.slice(5)].length).toBe(30);
    expect([...text].every((c) => ' otebrn\n'.includes(c)), text).toBe(true);
    writeFileSync(join(dir, 'same.json'), JSON.stringify(['', '[UNK]', ' ', 'o', 't', 'e', 'b', 'r', 'n', '\n']));
    const same = await rnnc([...args, '--vocab', 'same.json'], { cwd: dir });
    expect(same.stdout).toBe(run.stdout);
  });

  it('refuses a --vocab that numbers the characters otherwise (E0722), and a prompt character the text never had (E0715)', async () => {
    writeFileSync(join(dir, 'sorted.json'), JSON.stringify(['', '[UNK]', '\n', ' ', 'b', 'e', 'n', 'o', 'r', 't']));
    const wrong = await rnnc(['generate', 'chars.rnn', '--model', 'model', '--prompt', 'to', '--vocab', 'sorted.json'], { cwd: dir });
    expectLocatedError(wrong, 'E0722', 'command line', 2);
    expect(wrong.stderr).toContain('id 2');
    const unseen = await rnnc(['generate', 'chars.rnn', '--model', 'model', '--prompt', 'to be?'], { cwd: dir });
    expectLocatedError(unseen, 'E0715', 'command line', 2);
    expect(unseen.stdout).toBe('');
  });

  it('evaluates another text with the saved ids, its unseen "," and "?" as [UNK]', async () => {
    const run = await rnnc(['evaluate', 'chars.rnn', '--model', 'model', '--data', 'other.txt', '--window', '20'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^loss: \d/);
  });
});

describe('a bad text corpus', () => {
  it('is a coded diagnostic at the file: Latin-1 bytes (E0649), a model too narrow (E0650), no window (E0624)', async () => {
    const bad = dirs.make({ 'chars.rnn': LM, 'narrow.rnn': LM.replace('Embedding(12', 'Embedding(6').replace('Dense(12', 'Dense(6'), 'play.txt': 'caf\u00e9 ' });
    writeFileSync(join(bad, 'play.txt'), Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20));
    const latin1 = await rnnc(['train', 'chars.rnn'], { cwd: bad });
    expectLocatedError(latin1, 'E0649', /play\.txt/);
    writeFileSync(join(bad, 'long.txt'), TEXT);
    const narrow = await rnnc(['train', 'narrow.rnn', '--data', 'long.txt', '--window', '20'], { cwd: bad });
    expectLocatedError(narrow, 'E0650', /long\.txt/);
    expect(narrow.stderr).toContain('Embedding(10, …)');
    const noWindow = await rnnc(['train', 'chars.rnn', '--data', 'long.txt'], { cwd: bad });
    expectLocatedError(noWindow, 'E0624', /long\.txt/);
    for (const r of [latin1, narrow, noWindow]) expectNoCrash(r);
  });
});
