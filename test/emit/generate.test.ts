// The `generate` command of a program built from a model with a decode block against `rnnc
// generate`: examples/char_lm.rnn (a language model continuing a text prompt through its
// vocabulary) and examples/translate.rnn (an encoder-decoder translating held-out sources), each
// trained briefly by the program itself, whose saved weights both then read. For greedy decoding,
// sampling with a temperature and top-k for a fixed seed, beam search and JSON lines, the two print
// the same bytes. A bad flag is a coded diagnostic with exit 2, never a stack trace.

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpz } from '../../src/runtime/data/npz.ts';
import { build, examplesWithData, outDir, removeOutDirs, rnnc, runProgram, stageExample, type Run } from './support.ts';

afterAll(removeOutDirs);

const SAMPLES = 48;

interface Staged {
  readonly dir: string;
  readonly rnn: string;
  readonly program: string;
}

/** The example with its first samples, its program built, and the program's trained weights in `trained/`. */
async function trainedExample(name: string): Promise<Staged> {
  const example = examplesWithData().find((e) => e.name === name)!;
  const dir = outDir(`generate-${name}`);
  const rnn = stageExample(example, dir, SAMPLES);
  const program = join(dir, `${name}.ts`);
  const built = build(rnn, program);
  if (!built.ok) throw new Error(JSON.stringify(built.diagnostics));
  const trained = await runProgram(program, ['--epochs', '1', '--seed', '5', '--out', 'trained']);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
  return { dir, rnn, program };
}

/** `generate` run both ways with the same flags: the program's, then rnnc's. */
async function bothWays(s: Staged, flags: readonly string[]): Promise<[Run, Run]> {
  const model = join(s.dir, 'trained');
  const absolute = flags.map((f) => (/\.(npz|json)$/.test(f) ? join(s.dir, f) : f));
  return Promise.all([runProgram(s.program, ['generate', '--model', 'trained', ...flags]), rnnc(['generate', s.rnn, '--model', model, ...absolute])]);
}

const MODES: readonly (readonly string[])[] = [[], ['--temperature', '0.7', '--top-k', '5', '--seed', '3'], ['--beam', '3'], ['--json', '--temperature', '1.4', '--seed', '11']];

let chars: Staged;
let translate: Staged;

beforeAll(async () => {
  [chars, translate] = await Promise.all([trainedExample('char_lm'), trainedExample('translate')]);
  copyFileSync(join(import.meta.dirname, '../../examples/data/chars_vocab.json'), join(chars.dir, 'chars_vocab.json'));
}, 300_000);

describe('the generate command of an emitted program', () => {
  it("continues char_lm's prompt as rnnc generate does: greedy, sampled, beam, JSON", { timeout: 300_000 }, async () => {
    const runs = await Promise.all(MODES.map((mode) => bothWays(chars, ['--vocab', 'chars_vocab.json', '--prompt', 'twinkle, ', '--max-length', '24', ...mode])));
    runs.forEach(([program, ours], i) => {
      const mode = MODES[i]!.join(' ');
      expect(ours.stderr, mode).toBe('');
      expect(program.stderr, mode).toBe('');
      expect(program.code).toBe(0);
      expect(program.stdout, mode).toMatch(/^(twinkle, |\{"prompt":\[22,25,13,17,14,15,9,3,1\])/);
      expect(program.stdout, mode).toBe(ours.stdout);
    });
    // char_lm has no end token: 24 characters, as ids, each with its log-probability summed.
    const json = JSON.parse(runs[3]![0].stdout) as { ids: number[]; log_probability: number; text: string };
    expect(json.ids).toHaveLength(24);
    expect(json.log_probability).toBeLessThan(0);
  });

  it('translates held-out sources as rnnc generate does: greedy, sampled, beam, JSON', { timeout: 300_000 }, async () => {
    const rows = readNpz(new Uint8Array(readFileSync(join(translate.dir, 'data', 'translate_val.npz'))), 'val').get('src')!.shape[0]!;
    const runs = await Promise.all(MODES.map((mode) => bothWays(translate, ['--source', 'data/translate_val.npz', '--max-length', '10', ...mode])));
    runs.forEach(([program, ours], i) => {
      const mode = MODES[i]!.join(' ');
      expect(ours.stderr, mode).toBe('');
      expect(program.stderr, mode).toBe('');
      expect(program.code).toBe(0);
      // One line per source row (an empty one where the decoder wrote <eos> first).
      expect(program.stdout.split('\n'), mode).toHaveLength(rows + 1);
      expect(program.stdout, mode).toBe(ours.stdout);
    });
  });

  it('refuses a bad flag with a coded diagnostic and exit 2', { timeout: 120_000 }, async () => {
    const cases: [string[], string, RegExp][] = [
      [['--model', 'trained', '--prompt', 'a', '--temperature', 'hot'], 'E0713', /--temperature takes a number/],
      [['--model', 'trained', '--temprature', '0.5'], 'E0703', /unknown option `--temprature`/],
      [['--prompt', '1'], 'E0703', /generate needs --model DIR/],
      [['--model', 'trained', '--beam'], 'E0703', /--beam needs a value/],
    ];
    const runs = await Promise.all(cases.map(([flags]) => runProgram(chars.program, ['generate', ...flags])));
    runs.forEach((run, i) => {
      const [flags, code, message] = cases[i]!;
      expect(run.stderr, flags.join(' ')).toMatch(new RegExp(`^error\\[${code}\\]: `));
      expect(run.stderr, flags.join(' ')).toMatch(message);
      expect(run.stderr).toMatch(/^ {2}= help: \S/m);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
      expect(run.code, flags.join(' ')).toBe(2);
    });
  });
});
