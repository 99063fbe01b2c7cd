// Keras's stateful=true (rnn.py: a stateful layer's final states become the next call's initial
// states), as rnnc runs it: sample i of batch k+1 continues sample i of batch k, within a predict
// call and, on request, across calls; each predict call starts from fresh states; fit resets the
// states at the start of every epoch; and a batch that does not fit the model's fixed batch is a
// diagnostic before anything runs. The reference for "continues" is the same weights in a model
// that is not stateful, run over the whole sequence at once.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const model = (stateful: boolean, train = 'loss = mse') => `model m {
  x = Input(shape=(None, 2), batch_size=2)
  h = SimpleRNN(3, return_sequences=true, stateful=${stateful})(x)
  y = Dense(1)(h)
  output y
}
train m {
  ${train}
}`;

/** Two sequences of 6 steps of 2 features. */
const whole: number[][][] = [0, 1].map((i) => Array.from({ length: 6 }, (_, t) => [Math.sin(t + i), Math.cos(2 * t - i)]));
const array = (rows: number[][][]): HostArray => ({ dtype: 'float32', shape: [rows.length, rows[0]!.length, 2], data: Float32Array.from(rows.flat(2)) });
const steps = (from: number, to: number) => whole.map((s) => s.slice(from, to));
const outputs = (a: HostArray) => Array.from(a.data);

async function pair(): Promise<{ stateful: RnnModel; plain: RnnModel }> {
  const stateful = await compile(model(true), { seed: 5 });
  const plain = await compile(model(false), { seed: 5 });
  plain.network.setWeightValues(stateful.network.getWeightValues());
  return { stateful, plain };
}

/** Output rows of sequence i, steps [from, to), from a (2, 6, 1) prediction of the whole. */
const rowsOf = (all: number[], from: number, to: number) => [0, 1].flatMap((i) => all.slice(i * 6 + from, i * 6 + to));

describe('stateful=true', () => {
  it('sample i of batch k+1 continues sample i of batch k, within one predict call', async () => {
    const { stateful, plain } = await pair();
    const reference = outputs(plain.predict(array(whole))[0]!);
    // Rows 0–1: steps 0–2 of both sequences; rows 2–3, the next batch: their steps 3–5.
    const out = outputs(stateful.predict(array([...steps(0, 3), ...steps(3, 6)]))[0]!);
    for (const [i, v] of [...rowsOf(reference, 0, 3), ...rowsOf(reference, 3, 6)].entries()) expect(out[i]!).toBeCloseTo(v, 5);
    stateful.dispose();
    plain.dispose();
  });

  it('each predict call starts from fresh states; keepStates continues from the last call', async () => {
    const { stateful, plain } = await pair();
    const reference = outputs(plain.predict(array(whole))[0]!);
    const first = outputs(stateful.predict(array(steps(0, 3)))[0]!);
    const continued = outputs(stateful.predict(array(steps(3, 6)), undefined, { keepStates: true })[0]!);
    const fresh = outputs(stateful.predict(array(steps(3, 6)))[0]!);
    const alone = outputs(plain.predict(array(steps(3, 6)))[0]!);
    for (const [i, v] of rowsOf(reference, 0, 3).entries()) expect(first[i]!).toBeCloseTo(v, 5);
    for (const [i, v] of rowsOf(reference, 3, 6).entries()) expect(continued[i]!).toBeCloseTo(v, 5);
    for (const [i, v] of alone.entries()) expect(fresh[i]!).toBeCloseTo(v, 5);
    expect(Math.max(...fresh.map((v, i) => Math.abs(v - continued[i]!)))).toBeGreaterThan(1e-3);
    // resetStates forgets what keepStates would continue from.
    stateful.predict(array(steps(0, 3)));
    stateful.resetStates();
    const reset = outputs(stateful.predict(array(steps(3, 6)), undefined, { keepStates: true })[0]!);
    for (const [i, v] of alone.entries()) expect(reset[i]!).toBeCloseTo(v, 5);
    stateful.dispose();
    plain.dispose();
  });

  it('fit resets the states at the start of every epoch: with a learning rate too small to move a float32 weight, every epoch has the same loss', async () => {
    const rnn = await compile(model(true, 'loss = mse\n  optimizer = SGD(learning_rate=1e-20)\n  epochs = 3'), { seed: 5 });
    const y: HostArray = { dtype: 'float32', shape: [4, 3, 1], data: new Float32Array(12).fill(0.5) };
    const history = await rnn.fit({ x: [array([...steps(0, 3), ...steps(3, 6)])], y: [y] });
    const losses = history.epochs.map((e) => e['loss']!);
    expect(losses[1]).toBe(losses[0]);
    expect(losses[2]).toBe(losses[0]);
    rnn.dispose();
  });

  it('defaults the train block to the fixed batch and no shuffling', async () => {
    const rnn = await compile(model(true), { seed: 5 });
    expect(rnn.model.train?.batchSize).toBe(2);
    expect(rnn.model.train?.shuffle).toBe(false);
    rnn.dispose();
  });

  it('refuses another batch size (E0710) and a sample count that is not a multiple (E0643), before any batch', async () => {
    const rnn = await compile(model(true, 'loss = mse\n  validation_split = 0.4'), { seed: 5 });
    const before = rnn.network.getWeightValues();
    const x = (n: number): HostArray => ({ dtype: 'float32', shape: [n, 3, 2], data: new Float32Array(n * 6) });
    const y = (n: number): HostArray => ({ dtype: 'float32', shape: [n, 3, 1], data: new Float32Array(n * 3) });
    const code = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        return e instanceof RnncError ? e.code : String(e);
      }
      return 'no error';
    };
    expect(await code(() => rnn.fit({ x: [x(10)], y: [y(10)] }, { batchSize: 3 }))).toBe('E0710');
    // 10 samples: 6 train, 4 validate — both multiples of 2; 9 samples: 5 train.
    expect(await code(() => rnn.fit({ x: [x(9)], y: [y(9)] }))).toBe('E0643');
    // 12 samples: 7 train (floor(12 · 0.6)), 5 validate.
    expect(await code(() => rnn.fit({ x: [x(12)], y: [y(12)] }))).toBe('E0643');
    expect(await code(() => rnn.predict(x(3)))).toBe('E0643');
    expect(await code(() => rnn.predict(x(4), 32))).toBe('E0710');
    expect(await code(() => rnn.evaluate({ x: [x(5)], y: [y(5)] }))).toBe('E0643');
    expect(rnn.network.getWeightValues()).toEqual(before);
    expect(rnn.predict(x(4))[0]!.shape).toEqual([4, 3, 1]);
    rnn.dispose();
  });
});
