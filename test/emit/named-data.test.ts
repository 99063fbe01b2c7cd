// A model of two inputs and two outputs trained from files by name, with held-out files
// (validation_data): the emitted program against `rnnc train` (the same logs, val_* included,
// and byte-identical saved models), the same run from flags, `rnnc predict` writing an .npz that
// numpy opens, and `rnnc evaluate`'s losses against numpy's from those predictions: each output's
// own loss (`sum_loss`, `pair_loss`) and the total weighted by loss_weights, as Keras 3 logs them. A program built without
// validation refuses held-out files given to it (E0706), and --workers above 1 (E0725).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { hasNumpy as numpy, python } from '../support/numpy.ts';
import { build, logLines, outDir, removeOutDirs, rnnc, runProgram, trainingLines } from './support.ts';

afterAll(removeOutDirs);

const SOURCE = `model two {
  a = Input(shape=(4,), name="a")
  b = Input(shape=(3, 2), name="b")
  h = Concatenate()([Dense(5, activation=tanh)(a), LSTM(5)(b)])
  output Dense(1, name="sum")(h), Dense(2, name="pair")(h)
}

train two {
  loss = { sum = mse, pair = mae }
  loss_weights = { sum = 1.0, pair = 0.5 }
  optimizer = Adam(learning_rate=0.01)
  metrics = { sum = [mae], pair = [mse] }
  epochs = 3
  batch_size = 8
  data = { x = { a = "a.npy", b = "b.npy" }, y = { sum = "sum.npy", pair = "pair.npy" } }
  validation_data = { x = { b = "vb.npy", a = "va.npy" }, y = { pair = "vpair.npy", sum = "vsum.npy" } }
  callbacks = [EarlyStopping(monitor=val_loss, patience=5)]
}
`;

const floats = (n: number, shape: number[], f: (i: number) => number) => {
  const size = shape.reduce((p, d) => p * d, 1);
  return writeNpy({ dtype: 'float32', shape: [n, ...shape], data: Float32Array.from({ length: n * size }, (_, i) => f(i)) });
};

function stage(dir: string, source = SOURCE): string {
  for (const [prefix, n, phase] of [['', 40, 0], ['v', 16, 1.3]] as const) {
    writeFileSync(join(dir, `${prefix}a.npy`), floats(n, [4], (i) => Math.sin(i * 0.7 + phase)));
    writeFileSync(join(dir, `${prefix}b.npy`), floats(n, [3, 2], (i) => Math.cos(i * 0.3 + phase)));
    writeFileSync(join(dir, `${prefix}sum.npy`), floats(n, [1], (i) => Math.sin(i * 1.1 + phase)));
    writeFileSync(join(dir, `${prefix}pair.npy`), floats(n, [2], (i) => Math.cos(i * 0.5 + phase)));
  }
  const rnn = join(dir, 'two.rnn');
  writeFileSync(rnn, source);
  return rnn;
}


describe('two inputs and two outputs by name, with validation_data', () => {
  it('trains the same in the emitted program as in rnnc train, logging val_loss', { timeout: 180_000 }, async () => {
    const dir = outDir('named');
    const rnn = stage(dir);
    const program = join(dir, 'program.ts');
    const built = build(rnn, program);
    expect(built.ok, JSON.stringify(!built.ok && built.diagnostics)).toBe(true);
    const flags = ['--seed', '3'];
    const [ours, theirs] = await Promise.all([
      rnnc(['train', rnn, ...flags, '--log', join(dir, 'rnnc.jsonl'), '--out', join(dir, 'rnnc-model')]),
      runProgram(program, [...flags, '--log', 'program.jsonl', '--out', 'program-model']),
    ]);
    expect(ours.code, ours.stderr).toBe(0);
    expect(theirs.code, theirs.stderr).toBe(0);
    const [a, b] = [logLines(join(dir, 'rnnc.jsonl')), logLines(join(dir, 'program.jsonl'))];
    expect(Object.keys(a[0]!)).toEqual(['epoch', 'loss', 'sum_mae', 'pair_mse', 'sum_loss', 'pair_loss', 'val_loss', 'val_sum_mae', 'val_pair_mse', 'val_sum_loss', 'val_pair_loss']);
    expect(b).toEqual(a);
    expect(trainingLines(theirs.stdout)).toEqual(trainingLines(ours.stdout));
    for (const f of ['model.json', 'weights.bin']) expect(Buffer.compare(readFileSync(join(dir, 'program-model', f)), readFileSync(join(dir, 'rnnc-model', f))), f).toBe(0);

    // The same files given by flags train to the same numbers.
    const named = ['--x', 'a=a.npy,b=b.npy', '--y', 'sum=sum.npy,pair=pair.npy', '--validation-x', 'b=vb.npy,a=va.npy', '--validation-y', 'sum=vsum.npy,pair=vpair.npy'];
    const [byFlags, programByFlags] = await Promise.all([rnnc(['train', 'two.rnn', ...flags, ...named, '--log', 'flags.jsonl'], dir), runProgram(program, [...flags, ...named, '--log', 'program-flags.jsonl'])]);
    expect(byFlags.code, byFlags.stderr).toBe(0);
    expect(programByFlags.code, programByFlags.stderr).toBe(0);
    expect(logLines(join(dir, 'flags.jsonl'))).toEqual(a);
    expect(logLines(join(dir, 'program-flags.jsonl'))).toEqual(a);

    // --x and --y replace the block's `data` only: its validation_data still holds samples out.
    const noHeldOut = await rnnc(['train', 'two.rnn', ...flags, '--x', 'a=a.npy,b=b.npy', '--y', 'sum=sum.npy,pair=pair.npy', '--epochs', '1', '--log', 'plain.jsonl'], dir);
    expect(noHeldOut.code, noHeldOut.stderr).toBe(0);
    expect(Object.keys(logLines(join(dir, 'plain.jsonl'))[0]!)).toEqual(Object.keys(a[0]!));

    // The checks against numpy need it installed (/usr/bin/python3 with numpy).
    if (!numpy) return;
    const predicted = await rnnc(['predict', 'two.rnn', '--model', 'rnnc-model', '--x', 'a=va.npy,b=vb.npy', '-o', 'p.npz'], dir);
    expect(predicted.code, predicted.stderr).toBe(0);
    const evaluated = await rnnc(['evaluate', 'two.rnn', '--model', 'rnnc-model', '--x', 'a=va.npy,b=vb.npy', '--y', 'sum=vsum.npy,pair=vpair.npy'], dir);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const out = python(
      `import numpy as np
p = np.load("p.npz")
assert sorted(p.files) == ["pair", "sum"], p.files
assert p["sum"].shape == (16, 1) and p["pair"].shape == (16, 2) and p["sum"].dtype == np.float32
mse = lambda y, q: float(np.mean((y.astype(np.float64) - q) ** 2))
mae = lambda y, q: float(np.mean(np.abs(y.astype(np.float64) - q)))
s, q = mse(np.load("vsum.npy"), p["sum"]), mae(np.load("vpair.npy"), p["pair"])
print(s, q, 1.0 * s + 0.5 * q)`,
      dir,
    );
    const [sumLoss, pairLoss, total] = out.trim().split(' ').map(Number) as [number, number, number];
    const near = (got: number | undefined, want: number) => expect(Math.abs(got! - want) / want).toBeLessThan(1e-4);
    // evaluate's line prints four decimals (Keras's progress bar): equal to within their rounding.
    const printed = (key: string) => Number(new RegExp(`(?:^| - )${key}: ([\\d.e-]+)`).exec(evaluated.stdout)![1]);
    for (const [key, want] of [['loss', total], ['sum_loss', sumLoss], ['pair_loss', pairLoss]] as const) expect(Math.abs(printed(key) - want), key).toBeLessThan(5.1e-5);
    // Each output's loss, unweighted, in the last epoch's val_ logs (the held-out files,
    // evaluated after the epoch); the total weighs them by loss_weights.
    near(a.at(-1)!['val_loss'], total);
    near(a.at(-1)!['val_sum_loss'], sumLoss);
    near(a.at(-1)!['val_pair_loss'], pairLoss);
  });

  it('a program built without validation refuses held-out files (E0706) and --workers 2 (E0725); rnnc predict wants an .npz for two outputs (E0707)', { timeout: 120_000 }, async () => {
    const dir = outDir('named-plain');
    const rnn = stage(dir, SOURCE.replace(/ {2}validation_data = .*\n/, '').replace(/ {2}callbacks = .*\n/, ''));
    const program = join(dir, 'program.ts');
    expect(build(rnn, program).ok).toBe(true);
    const refused = await runProgram(program, ['--epochs', '1', '--validation-x', 'a=va.npy,b=vb.npy', '--validation-y', 'sum=vsum.npy,pair=vpair.npy']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error[E0706]');
    // It trains on one thread, and says so rather than ignore --workers (E0725).
    const split = await runProgram(program, ['--epochs', '1', '--workers', '2']);
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('error[E0725]');
    const trained = await rnnc(['train', 'two.rnn', '--epochs', '1', '--seed', '1', '--out', 'm'], dir);
    expect(trained.code, trained.stderr).toBe(0);
    const one = await rnnc(['predict', 'two.rnn', '--model', 'm', '--x', 'a=va.npy,b=vb.npy', '-o', 'p.npy'], dir);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('error[E0707]');
    expect(existsSync(join(dir, 'p.npy'))).toBe(false);
  });
});
