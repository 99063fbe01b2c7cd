// validation_data: held-out samples given explicitly (Keras's fit(validation_data=…)) replace
// validation_split — Keras splits only `if validation_split and validation_data is None` — and are
// evaluated after each epoch as val_*; the library takes them, and arrays by input name.

import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { compile } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import { splitValidation, type Dataset } from '../../../src/runtime/train/fit.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const floats = (shape: number[], f: (i: number) => number): HostArray => ({ dtype: 'float32', shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)) });

const SOURCE = `model m {
  a = Input(shape=(3,), name="a")
  b = Input(shape=(2,), name="b")
  output Dense(1)(Concatenate()([Dense(4, activation=tanh)(a), b]))
}
train { loss = mse
  optimizer = Adam(learning_rate=0.01)
  epochs = 3
  batch_size = 8
}`;
const train: Dataset = { x: [floats([24, 3], (i) => Math.sin(i)), floats([24, 2], (i) => Math.cos(i))], y: [floats([24, 1], (i) => Math.sin(i * 0.3))] };
const held = { x: { b: floats([10, 2], (i) => Math.cos(i + 5)), a: floats([10, 3], (i) => Math.sin(i + 5)) }, y: [floats([10, 1], (i) => Math.cos(i * 0.7))] };

describe('validation_data', () => {
  it('replaces validation_split: the given samples, and every training sample trains', () => {
    const given = { x: [floats([2, 1], (i) => i)], y: [floats([2, 1], (i) => i)] };
    const { train: t, validation } = splitValidation({ ...train, validation: given }, 0.5);
    expect(validation).toBe(given);
    expect(t.x[0]!.shape[0]).toBe(24);
  });

  it('is evaluated after each epoch: val_loss is the MSE of the predictions on the held-out samples', async () => {
    const model = await compile(SOURCE, { seed: 4 });
    const history = await model.fit(train, {}, { validationData: held });
    expect(Object.keys(history.epochs[0]!)).toEqual(['loss', 'val_loss']);
    const [p] = model.predict({ a: held.x.a, b: held.x.b });
    const y = held.y[0]!.data;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (y[i]! - p!.data[i]!) ** 2;
    expect(history.epochs.at(-1)!['val_loss']).toBeCloseTo(sum / y.length, 6);
    model.dispose();
  });

  it('wins over a validationSplit, as in Keras: the same weights as without the split', async () => {
    const weights = async (split: number) => {
      const model = await compile(SOURCE, { seed: 4 });
      await model.fit(train, { validationSplit: split }, { validationData: held });
      const w = model.network.getWeightValues().map((v) => Array.from(v));
      model.dispose();
      return w;
    };
    expect(await weights(0.5)).toEqual(await weights(0));
  });

  it('takes arrays by name in fit, evaluate and predict, and names a missing or unknown one', async () => {
    const model = await compile(SOURCE, { seed: 4 });
    const byName = model.predict({ b: train.x[1]!, a: train.x[0]! });
    expect(Array.from(byName[0]!.data)).toEqual(Array.from(model.predict(train.x)[0]!.data));
    expect(model.evaluate({ x: { a: train.x[0]!, b: train.x[1]! }, y: { dense: train.y[0]! } })).toEqual(model.evaluate(train));
    const fail = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e as RnncError;
      }
      throw new Error('no error');
    };
    expect(fail(() => model.predict({ a: train.x[0]! })).code).toBe('E0627');
    const unknown = fail(() => model.predict({ a: train.x[0]!, b: train.x[1]!, c: train.x[1]! }));
    expect([unknown.code, unknown.message, unknown.hint]).toEqual(['E0628', 'x names `c`, but the model has no input of that name', "the model's inputs are `a`, `b`"]);
    // Dense(1) is constructed before the Dense(4) in its argument, as Python evaluates the call: `dense`.
    expect(model.outputNames).toEqual(['dense']);
    model.dispose();
  });

  it('is checked as a record of files, and records by name in data too', () => {
    const src = (block: string) => check(`model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = mse\n${block}}\n`);
    // A Sequential model's one input is named `input`; another name is E0554 when checked.
    const t = src('  validation_data = { x = { input = "va.npy" }, y = "vy.npy" }\n  data = "d.npz"\n').models[0]!.train!;
    expect(t.validationData).toEqual({ x: { input: 'va.npy' }, y: 'vy.npy' });
    expect(src('  validation_data = { x = { a = "va.npy" } }\n').diagnostics.map((d) => d.code)).toEqual(['E0554']);
    expect(t.data).toEqual({ x: 'd.npz' });
    expect(src('').models[0]!.train!.validationData).toEqual({});
    expect(src('  validation_data = { x = { a = 3 } }\n').diagnostics.map((d) => d.code)).toEqual(['E0204']);
    expect(src('  validation_data = { w = "a.npy" }\n').diagnostics.map((d) => d.code)).toEqual(['E0503']);
    expect(src('  validation_data = "v.npz"\n  validation_split = 0.2\n').diagnostics.map((d) => d.code)).toEqual(['E0522']);
    expect(src('  validation_data = "v.npz"\n  validation_split = 0\n').diagnostics).toEqual([]);
  });
});
