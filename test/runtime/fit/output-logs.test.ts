// A model of two outputs logs as Keras 3 does (keras/src/trainers/compile_utils.py, CompileLoss and
// CompileMetrics; trainer.py's metric order): `loss`, the sum of each output's loss times its
// loss_weight, then `<output>_<metric>` for each output's metrics, then `<output>_loss` for each
// output's loss unweighted, and the same with `val_`. Every figure is checked against a hand
// formula (mean squared error, mean absolute error, binary crossentropy with Keras's epsilon
// clipping) over predict()'s outputs, in float64. With SGD at a learning rate of 1e-30 (rnnc, as
// Keras, wants one above 0) no step moves a weight by a visible amount, so the training logs too are
// losses of predict()'s outputs on the training samples.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const floats = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: 'float32', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });

const model = (train: string) => `model two {
  a = Input(shape=(4,), name="a")
  b = Input(shape=(3, 2), name="b")
  h = Concatenate()([Dense(5, activation=tanh)(a), LSTM(5)(b)])
  output Dense(1, name="level")(h), Dense(2, activation=sigmoid, name="odds")(h)
}
train two {
${train}
}`;

const samples = (n: number, phase: number) => ({
  x: { a: floats([n, 4], (i) => Math.sin(i * 0.7 + phase)), b: floats([n, 3, 2], (i) => Math.cos(i * 0.3 + phase)) },
  y: { level: floats([n, 1], (i) => Math.sin(i * 1.1 + phase)), odds: floats([n, 2], (i) => (Math.cos(i * 0.5 + phase) > 0 ? 1 : 0)) },
});

/** Keras's reductions by hand, in float64: the mean over every value. */
const mean = (y: HostArray, p: HostArray, f: (t: number, q: number) => number) => {
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += f(y.data[i]!, p.data[i]!);
  return s / y.data.length;
};
const mse = (y: HostArray, p: HostArray) => mean(y, p, (t, q) => (t - q) ** 2);
const mae = (y: HostArray, p: HostArray) => mean(y, p, (t, q) => Math.abs(t - q));
const EPS = 1e-7;
const bce = (y: HostArray, p: HostArray) =>
  mean(y, p, (t, q) => {
    const c = Math.min(Math.max(q, EPS), 1 - EPS);
    return -(t * Math.log(c) + (1 - t) * Math.log(1 - c));
  });
const argmax = (a: HostArray, row: number, n: number) => {
  let best = 0;
  for (let j = 1; j < n; j++) if (a.data[row * n + j]! > a.data[row * n + best]!) best = j;
  return best;
};
const categoricalAccuracy = (y: HostArray, p: HostArray) => {
  const n = y.shape.at(-1)!;
  const rows = y.data.length / n;
  let hits = 0;
  for (let r = 0; r < rows; r++) if (argmax(y, r, n) === argmax(p, r, n)) hits++;
  return hits / rows;
};
const close = (got: number | undefined, want: number) => expect(Math.abs(got! - want) / Math.max(1e-3, Math.abs(want))).toBeLessThan(2e-5);

describe('a model of two outputs logs each output as Keras 3 does', () => {
  it('per-output losses (unweighted), the weighted total, per-output metrics, and their val_ twins', async () => {
    const train = samples(40, 0);
    const held = samples(16, 1.3);
    const rnn = await compile(
      model(`  loss = { level = mse, odds = binary_crossentropy }
  loss_weights = { level = 2.0, odds = 0.5 }
  metrics = { odds = [accuracy, mae], level = mae }
  optimizer = SGD(learning_rate=1e-30)
  epochs = 2
  batch_size = 8`),
      { seed: 5 },
    );
    const history = await rnn.fit(train, {}, { validationData: held });
    const last = history.epochs.at(-1)!;
    // Keras's order: loss, the compiled metrics by output, the outputs' losses; then val_.
    expect(Object.keys(last)).toEqual(['loss', 'level_mae', 'odds_accuracy', 'odds_mae', 'level_loss', 'odds_loss', 'val_loss', 'val_level_mae', 'val_odds_accuracy', 'val_odds_mae', 'val_level_loss', 'val_odds_loss']);

    for (const [prefix, data] of [['', train], ['val_', held]] as const) {
      const [level, odds] = rnn.predict(data.x);
      const levelLoss = mse(data.y.level, level!);
      const oddsLoss = bce(data.y.odds, odds!);
      close(last[`${prefix}level_loss`], levelLoss);
      close(last[`${prefix}odds_loss`], oddsLoss);
      close(last[`${prefix}loss`], 2.0 * levelLoss + 0.5 * oddsLoss);
      close(last[`${prefix}level_mae`], mae(data.y.level, level!));
      close(last[`${prefix}odds_mae`], mae(data.y.odds, odds!));
      // compile_utils.get_metric: `accuracy` on an output of two units with labels of two is
      // categorical accuracy (argmax against argmax, the first index on a tie), whatever the loss.
      close(last[`${prefix}odds_accuracy`], categoricalAccuracy(data.y.odds, odds!));
    }
    // evaluate() logs the same keys, and the same numbers, as the epoch's validation.
    const evaluated = rnn.evaluate(held);
    for (const k of ['loss', 'level_loss', 'odds_loss', 'level_mae', 'odds_accuracy', 'odds_mae']) close(evaluated[k], last[`val_${k}`]!);
    rnn.dispose();
  });

  it('one loss serves every output, and one number weighs every output', async () => {
    const train = samples(24, 0.4);
    const rnn = await compile(model('  loss = mae\n  loss_weights = 0.25\n  optimizer = SGD(learning_rate=1e-30)\n  batch_size = 5'), { seed: 2 });
    const history = await rnn.fit(train);
    const logs = history.epochs[0]!;
    expect(Object.keys(logs)).toEqual(['loss', 'level_loss', 'odds_loss']);
    const [level, odds] = rnn.predict(train.x);
    close(logs['level_loss'], mae(train.y.level, level!));
    close(logs['odds_loss'], mae(train.y.odds, odds!));
    close(logs['loss'], 0.25 * (mae(train.y.level, level!) + mae(train.y.odds, odds!)));
    rnn.dispose();
  });

  it('trains through the weighted total: every weight 0, no gradient, and no weight moves', async () => {
    // The optimizer follows the gradient of the weighted total, each output's scaled by its weight.
    const rnn = await compile(model('  loss = mse\n  loss_weights = [0, 0]\n  optimizer = SGD(learning_rate=0.5)\n  batch_size = 8'), { seed: 3 });
    const before = rnn.network.getWeightValues().map((w) => Array.from(w));
    await rnn.fit(samples(16, 0));
    expect(rnn.network.getWeightValues().map((w) => Array.from(w))).toEqual(before);
    rnn.dispose();
  });
});
