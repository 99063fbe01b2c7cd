// Issue 14's stateful model through the real commands: an Input(batch_size=4) model used to pass
// `check` with `batch_size = 3` and die in training with "internal error in rnnc: RangeError"
// (exit 70), train silently on batches of 8, and die the same way in `rnnc predict`, which took
// batches of 32. Now check refuses the train block (E0535), train and predict refuse a flag that
// disagrees (E0710, exit 2) or data that is not a multiple of the batch (E0643), and predict and
// evaluate use the model's batch size by default.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLocatedError, npy } from './model-fixtures.ts';
import { expectNoCrash, expectUsageError, rnnc, tempDirs } from './run.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const source = (train = '') => `model m {
  x = Input(shape=(10, 1), batch_size=4)
  h = LSTM(8, stateful=true)(x)
  y = Dense(1)(h)
  output y
}
train m {
  loss = mse
  epochs = 2
  seed = 1
  data = { x = "x.npy", y = "y.npy" }
  ${train}
}
`;

let dir: string;
beforeAll(async () => {
  dir = dirs.make({ 'm.rnn': source(), 'three.rnn': source('batch_size = 3') });
  npy(dir, 'x.npy', [8, 10, 1], (i) => Math.sin(i));
  npy(dir, 'y.npy', [8, 1], (i) => Math.cos(i));
  npy(dir, 'x10.npy', [10, 10, 1], (i) => Math.sin(i));
  npy(dir, 'y10.npy', [10, 1], (i) => Math.cos(i));
  const run = await rnnc(['train', 'm.rnn', '--out', 'model'], { cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});

describe('a stateful model with a fixed batch of 4', () => {
  it('check refuses a train block with batch_size = 3 (E0535)', async () => {
    const run = await rnnc(['check', 'three.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/^error\[E0535\]: batch_size = 3, but the stateful layer `lstm` carries states for batches of 4/m);
    expectNoCrash(run);
  });

  it('train refuses --batch-size 8 (E0710) and 10 samples (E0643), writing nothing', async () => {
    expectUsageError(await rnnc(['train', 'm.rnn', '--batch-size', '8', '--out', 'eight'], { cwd: dir }), 'E0710');
    expectLocatedError(await rnnc(['train', 'm.rnn', '--x', 'x10.npy', '--y', 'y10.npy', '--out', 'ten'], { cwd: dir }), 'E0643', 'the training data');
    const listing = readdirSync(dir);
    expect(listing).not.toContain('eight');
    expect(listing).not.toContain('ten');
  });

  it('predict and evaluate use the batch of 4 by default, and refuse --batch-size 32 (E0710) and 10 samples (E0643)', async () => {
    const predicted = await rnnc(['predict', 'm.rnn', '--model', 'model', '--x', 'x.npy'], { cwd: dir });
    expect(predicted.stderr).toBe('');
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.trim().split('\n')).toHaveLength(8);
    const evaluated = await rnnc(['evaluate', 'm.rnn', '--model', 'model', '--x', 'x.npy', '--y', 'y.npy'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^loss: /);
    expectUsageError(await rnnc(['predict', 'm.rnn', '--model', 'model', '--x', 'x.npy', '--batch-size', '32'], { cwd: dir }), 'E0710');
    expectLocatedError(await rnnc(['predict', 'm.rnn', '--model', 'model', '--x', 'x10.npy'], { cwd: dir }), 'E0643', 'the data to predict');
  });

  it('a stateful model with shuffle = true is E0536 in check', async () => {
    writeFileSync(join(dir, 'shuffled.rnn'), source('shuffle = true'));
    const run = await rnnc(['check', 'shuffled.rnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/^error\[E0536\]/m);
  });
});
