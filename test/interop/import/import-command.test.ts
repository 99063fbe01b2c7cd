// `rnnc import FILE -o model.rnn` through the real binary: a model saved by tfjs-layers becomes a
// .rnn file that `rnnc check` and `rnnc fmt --check` accept, whose `rnnc summary` shows tfjs's
// parameter count, and whose weights directory `rnnc predict --model` reads to predict what
// tfjs-layers predicts (within 1e-5). A file that cannot be imported is a diagnostic naming the
// file and the layer, exit 1, and nothing written.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float32 } from '../../../src/runtime/data/nd-array.ts';
import { readNpy } from '../../../src/runtime/data/npy-read.ts';
import { writeNpy } from '../../../src/runtime/data/npy-write.ts';
import { rnnc } from '../../cli/run.ts';
import { inputs, saveTfjs, tf, tfjsPredict } from './tfjs-files.ts';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rnnc-import-cli-'));
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rnnc import', () => {
  it('writes a formatted .rnn file and a weights directory that summary and predict read', async () => {
    const m = tf.sequential({ name: 'forecast' });
    m.add(tf.layers.gru({ units: 6, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [7, 2] }));
    m.add(tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 1 }));
    const file = await saveTfjs(m, join(dir, 'tfjs'));
    const out = join(dir, 'forecast.rnn');
    const run = await rnnc(['import', file, '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported .*model\.json \(TensorFlow\.js\): model forecast, 3 layers, 343 parameters\nwrote .*forecast\.rnn and .*forecast\/ /);
    expect(m.countParams()).toBe(343);
    expect((await rnnc(['fmt', '--check', out])).code).toBe(0);
    expect((await rnnc(['check', out])).code).toBe(0);
    expect((await rnnc(['summary', out])).stdout).toContain('Total params: 343 ');

    const shape = [5, 7, 2];
    const x = inputs(shape);
    const xFile = join(dir, 'x.npy');
    writeFileSync(xFile, writeNpy(float32(shape, x)));
    const predicted = join(dir, 'p.npy');
    const predict = await rnnc(['predict', out, '--model', join(dir, 'forecast'), '--x', xFile, '-o', predicted]);
    expect(predict.stderr).toBe('');
    const got = readNpy(new Uint8Array(readFileSync(predicted)), predicted);
    const [want] = tfjsPredict(m, x, shape);
    expect(got.shape).toEqual([5, 1]);
    let maxDiff = 0;
    got.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - want![i]!))));
    expect(maxDiff).toBeLessThanOrEqual(1e-5);

    // The .rnn file is not replaced without --force.
    const again = await rnnc(['import', file, '-o', out, '--weights', join(dir, 'other')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error\[E0827\]: .*forecast\.rnn exists already/);
    expect(existsSync(join(dir, 'other'))).toBe(false);
  });

  it('refuses a layer it cannot import with the file and the layer named, and writes nothing', async () => {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ units: 2, inputShape: [3, 2] })); // tfjs's default hard_sigmoid gates
    const file = await saveTfjs(m, join(dir, 'hard'));
    const out = join(dir, 'hard.rnn');
    const run = await rnnc(['import', file, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[E0823\]: layer lstm_LSTM\d+: recurrent_activation="hard_sigmoid" means/m);
    expect(run.stderr).toContain(file);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'hard'))).toBe(true); // the tfjs folder only
    expect(existsSync(join(dir, 'hard', 'model'))).toBe(false);

    const missing = await rnnc(['import', join(dir, 'nope.keras'), '-o', join(dir, 'nope.rnn')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error\[E0820\]: cannot read the model .*nope\.keras: no such file/);
  });
});
