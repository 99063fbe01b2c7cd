// `rnnc predict` and `rnnc evaluate` on the model `rnnc train --out` saved from the bundled
// next-number example: the predictions written with -o, read back with rnnc's .npy reader, are
// within the acceptance figure of the targets (MAE < 0.01); printed without -o they are the same
// numbers, one line per sample; evaluate's loss is the MAE of those predictions. Every mistake is a
// located error with a code and a hint, and writes no -o file.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoCrash, rnnc, tempDirs, type Run } from './run.ts';
import {
  BROKEN,
  expectLocatedError,
  meanAbsoluteError,
  NEXT_NUMBER,
  NEXT_X,
  NEXT_Y,
  npy,
  OTHER_MODEL,
  printedNumber,
  readArray,
  WIDER_NEXT_NUMBER,
} from './model-fixtures.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** Where the trained next_number model lives: DIR/model. */
let dir: string;
beforeAll(async () => {
  dir = dirs.make();
  // The full 500 epochs: the predictions must show the model learnt.
  const run = await rnnc(['train', NEXT_NUMBER, '--out', 'model'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 180_000);

describe('rnnc predict / evaluate on the trained next-number model', () => {
  let written: Run;
  let printed: Run;
  let evaluated: Run;
  let fromBlock: Run;
  beforeAll(async () => {
    [written, printed, evaluated, fromBlock] = await Promise.all([
      rnnc(['predict', NEXT_NUMBER, '--model', 'model', '--x', NEXT_X, '-o', 'p.npy'], { cwd: dir }),
      rnnc(['predict', NEXT_NUMBER, '--model', 'model', '--x', NEXT_X], { cwd: dir }),
      rnnc(['evaluate', NEXT_NUMBER, '--model', 'model', '--x', NEXT_X, '--y', NEXT_Y], { cwd: dir }),
      // No --x / --y: the train block's data, relative to the .rnn file.
      rnnc(['evaluate', NEXT_NUMBER, '--model', 'model'], { cwd: dir }),
    ]);
    for (const run of [written, printed, evaluated, fromBlock]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expectNoCrash(run);
    }
  }, 60_000);

  it('-o writes a (90, 1) .npy whose predictions are within MAE 0.01 of the targets', () => {
    expect(written.stdout).toBe('wrote p.npy: 90×1 float32\n');
    const predictions = readArray(join(dir, 'p.npy'));
    expect(predictions.dtype).toBe('float32');
    expect(predictions.shape).toEqual([90, 1]);
    expect(meanAbsoluteError(predictions, readArray(NEXT_Y))).toBeLessThan(0.01);
  });

  it('without -o prints one line per sample: the same predictions to the printed precision', () => {
    const predictions = readArray(join(dir, 'p.npy'));
    const lines = printed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(90);
    lines.forEach((line, i) => {
      const { value, halfUlp } = printedNumber(line);
      expect(Math.abs(value - predictions.data[i]!)).toBeLessThanOrEqual(halfUlp * 1.0001);
    });
  });

  it('evaluate prints `loss: …`, the mean absolute error of the predictions -o wrote', () => {
    const m = /^loss: (\S+)\n$/.exec(evaluated.stdout);
    expect(m).not.toBeNull();
    const { value, halfUlp } = printedNumber(m![1]!);
    const mae = meanAbsoluteError(readArray(join(dir, 'p.npy')), readArray(NEXT_Y));
    expect(Math.abs(value - mae)).toBeLessThanOrEqual(halfUlp * 1.0001);
    expect(value).toBeLessThan(0.01);
  });

  it('evaluate with no data flags reads the train block’s data: the same loss', () => {
    expect(fromBlock.stdout).toBe(evaluated.stdout);
  });
});

// Each case runs in its own directory and reads the model the first beforeAll trained.
describe.concurrent('rnnc predict / evaluate: mistakes are located errors, and no -o is written', () => {
  /** Run in a fresh directory with -o p.npy (predict) and report whether p.npy appeared. */
  async function predict(files: Record<string, string>, args: readonly string[], setup?: (cwd: string) => void) {
    const cwd = dirs.make(files);
    setup?.(cwd);
    const run = await rnnc(['predict', ...args, '-o', 'p.npy'], { cwd });
    return { run, wroteOutput: existsSync(join(cwd, 'p.npy')) };
  }
  const model = () => join(dir, 'model');

  it('--model of a directory that does not exist: E0801 naming the model.json it looked for', async () => {
    const { run, wroteOutput } = await predict({}, [NEXT_NUMBER, '--model', 'nodir', '--x', NEXT_X]);
    expectLocatedError(run, 'E0801', /^nodir\/model\.json$/);
    expect(wroteOutput).toBe(false);
  });

  it('--model of the same-named model with other units: E0806 at its model.json', async () => {
    const { run, wroteOutput } = await predict({ 'wider.rnn': WIDER_NEXT_NUMBER }, ['wider.rnn', '--model', model(), '--x', NEXT_X]);
    expectLocatedError(run, 'E0806', join(model(), 'model.json'));
    expect(run.stderr).toMatch(/units is 1 in the saved model, but 2/);
    expect(wroteOutput).toBe(false);
  });

  // Was a bug (fixed; src/cli/commands/predict.ts, restore()): the model name recorded in the saved
  // model.json is passed to selectModels as if the user had typed `--model next_number`, so a
  // directory holding another model gives E0702 (a usage error, exit 2) "`other.rnn` has no model
  // named `next_number`" located at ` --> --model next_number` — an option the user never gave
  // (their --model was the directory). It should be a saved-model error (E0804, the saved model
  // has other layers) located at the directory's model.json, exit 1.
  it('--model of a directory holding another model: an E08xx error at that directory, exit 1', async () => {
    const { run, wroteOutput } = await predict({ 'other.rnn': OTHER_MODEL }, ['other.rnn', '--model', model(), '--x', NEXT_X]);
    expectLocatedError(run, 'E08\\d\\d', model());
    expect(wroteOutput).toBe(false);
  });

  it('x whose shape does not fit the input, (10, 4, 1) for (5, 1): E0617 naming the file', async () => {
    const { run, wroteOutput } = await predict({}, [NEXT_NUMBER, '--model', model(), '--x', 'bad_x.npy'], (cwd) => npy(cwd, 'bad_x.npy', [10, 4, 1]));
    expectLocatedError(run, 'E0617', /^bad_x\.npy$/);
    expect(run.stderr).toMatch(/\(10, 4, 1\).*\(None, 5, 1\)/);
    expect(wroteOutput).toBe(false);
  });

  it('a missing --x file: E0601 naming it', async () => {
    const { run, wroteOutput } = await predict({}, [NEXT_NUMBER, '--model', model(), '--x', 'missing.npy']);
    expectLocatedError(run, 'E0601', /^missing\.npy$/);
    expect(wroteOutput).toBe(false);
  });

  it('a .rnn with check errors: exit 1 and the code frame', async () => {
    const { run, wroteOutput } = await predict({ 'broken.rnn': BROKEN }, ['broken.rnn', '--model', model(), '--x', NEXT_X]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E0205\]: /m);
    expect(run.stderr).toMatch(/^ --> broken\.rnn:2:8$/m);
    expect(run.stderr).toMatch(/^2 \| {3}LSTM\(0, input=\(5, 1\)\)$/m);
    expect(run.stdout).toBe('');
    expectNoCrash(run);
    expect(wroteOutput).toBe(false);
  });

  it('evaluate with x and y of different sample counts: E0615', async () => {
    const cwd = dirs.make();
    npy(cwd, 'x.npy', [10, 5, 1]);
    npy(cwd, 'y.npy', [9, 1]);
    const run = await rnnc(['evaluate', NEXT_NUMBER, '--model', model(), '--x', 'x.npy', '--y', 'y.npy'], { cwd });
    expectLocatedError(run, 'E0615', 'y.npy');
    expect(run.stdout).toBe('');
  });

  // Was a bug (fixed; src/cli/commands/predict.ts, runPredict → writeFileAtomic in src/cli/io.ts): an -o path
  // that cannot be written — its directory does not exist, or it names a directory — throws
  // Node's ENOENT / EISDIR out of runPredict; main() prints "internal error in rnnc" with a stack
  // trace and exits 70, instead of a located error naming the path.
  it('-o in a directory that does not exist: a located error naming the path, not an internal error', async () => {
    const cwd = dirs.make();
    const run = await rnnc(['predict', NEXT_NUMBER, '--model', model(), '--x', NEXT_X, '-o', 'nope/p.npy'], { cwd });
    expect(run.stderr).toMatch(/^error\[E\d{4}\]: /m);
    expect(/^ --> (.+)$/m.exec(run.stderr)?.[1]).toContain('nope/p.npy');
    expect([1, 2]).toContain(run.code);
    expectNoCrash(run);
  });

  it('-o naming a directory: a located error naming it, not an internal error', async () => {
    const cwd = dirs.make();
    mkdirSync(join(cwd, 'out'));
    const run = await rnnc(['predict', NEXT_NUMBER, '--model', model(), '--x', NEXT_X, '-o', 'out'], { cwd });
    expect(run.stderr).toMatch(/^error\[E\d{4}\]: /m);
    expect(/^ --> (.+)$/m.exec(run.stderr)?.[1]).toContain('out');
    expect([1, 2]).toContain(run.code);
    expectNoCrash(run);
  });
});
