// Normalization's adapt and call against numbers computed independently: Keras's own docstring
// examples (keras/src/layers/preprocessing/normalization.py), statistics of small arrays worked out
// by hand, and numpy 1.24's np.mean / np.var over (2, 3, 2) data (the figures pasted below, from
// /usr/bin/python3). Never against rnnc's own output.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type RnnModel } from '../../../src/runtime/api.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import { normalizationStatistics } from '../../../src/runtime/train/adapt.ts';
import type { HostArray } from '../../../src/runtime/train/batches.ts';
import { fitError as failedFit } from './fit-error.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const scratch = mkdtempSync(join(tmpdir(), 'rnnc-normalization-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const f32 = (shape: number[], values: number[]): HostArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

const TRAIN = '\ntrain {\n  loss = mse\n  batch_size = 2\n}\n';

async function model(body: string): Promise<RnnModel> {
  return compile(`model m {\n  ${body}\n}\n${TRAIN}`, { seed: 1 });
}

/** Adapt (fit with no epochs) on x, then predict `input`. */
async function adaptThenPredict(body: string, x: HostArray, input: HostArray, overrides = {}): Promise<{ rnn: RnnModel; y: number[] }> {
  const rnn = await model(body);
  const y = { dtype: 'float32' as const, shape: x.shape, data: new Float32Array(x.data.length) };
  await rnn.fit({ x: [x], y: [y] }, { epochs: 0, ...overrides });
  return { rnn, y: [...rnn.predict(input)[0]!.data] };
}

const weight = (rnn: RnnModel, name: string) => [...rnn.network.weights.find((w) => w.name === name)!.variable.dataSync()];

function expectClose(actual: readonly number[], expected: readonly number[], digits = 5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(a, `[${i}]`).toBeCloseTo(expected[i]!, digits));
}

// keras/src/layers/preprocessing/normalization.py, the docstring's adapt_data.
const KERAS_ADAPT = f32([4, 3], [0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6]);

describe('normalizationStatistics', () => {
  it('Keras’s docstring data: mean (1, 8, 5) and population variance (1, 1, 1) per feature', () => {
    const s = normalizationStatistics(KERAS_ADAPT, 1);
    expectClose([...s.mean], [1, 8, 5]);
    expectClose([...s.variance], [1, 1, 1]);
    expect(s.count).toBe(4);
  });

  it('axis=None over [1, 2, 3, 4, 5]: mean 3, variance 2 (divided by n, not n - 1)', () => {
    const s = normalizationStatistics(f32([5, 1], [1, 2, 3, 4, 5]), null);
    expectClose([...s.mean], [3]);
    expectClose([...s.variance], [2]);
    expect(s.count).toBe(5);
  });

  it('(2, 3, 2) data: per feature over batch and time, per step over batch and features — numpy’s figures', () => {
    // x = np.arange(12).reshape(2, 3, 2) ** 1.5
    const x = f32([2, 3, 2], Array.from({ length: 12 }, (_, i) => i ** 1.5));
    const last = normalizationStatistics(x, 2);
    // np.mean(x, axis=(0, 1)), np.var(x, axis=(0, 1))
    expectClose([...last.mean], [13.295926530183095, 16.563270696927855], 4);
    expectClose([...last.variance], [123.21833770397332, 151.65806382029112], 3);
    expect(last.count).toBe(6);
    const steps = normalizationStatistics(x, 1);
    // np.mean(x, axis=(0, 2)), np.var(x, axis=(0, 2))
    expectClose([...steps.mean], [8.554299408537801, 14.412999136355586, 21.821497295773035], 4);
    expectClose([...steps.variance], [66.82396162908984, 111.26545589541315, 153.8222557705701], 3);
    const all = normalizationStatistics(x, null);
    expectClose([...all.mean], [14.929598613555475], 4);
    expectClose([...all.variance], [140.1070852381225], 3);
  });
});

describe('Normalization adapted by fit, then called', () => {
  it('Keras’s docstring: [0, 7, 4] becomes [-1, -1, -1]; the weights hold mean, variance and count', async () => {
    const { rnn, y } = await adaptThenPredict('Normalization(input=(3,))', KERAS_ADAPT, f32([1, 3], [0, 7, 4]));
    expectClose(y, [-1, -1, -1]);
    expectClose(weight(rnn, 'normalization/mean'), [1, 8, 5]);
    expectClose(weight(rnn, 'normalization/variance'), [1, 1, 1]);
    expect(weight(rnn, 'normalization/count')).toEqual([4]);
    rnn.dispose();
  });

  it('Keras’s docstring, invert=True: [1, 2, 3] becomes [2, 10, 8]', async () => {
    const { rnn, y } = await adaptThenPredict('Normalization(invert=true, input=(3,))', KERAS_ADAPT, f32([1, 3], [1, 2, 3]));
    expectClose(y, [2, 10, 8]);
    rnn.dispose();
  });

  it('Keras’s docstring, axis=None: [1, 2, 3] after [1…5] becomes [-√2, -1/√2, 0]', async () => {
    const { rnn, y } = await adaptThenPredict('Normalization(axis=None, input=(1,))', f32([5, 1], [1, 2, 3, 4, 5]), f32([3, 1], [1, 2, 3]));
    expectClose(y, [-Math.SQRT2, -Math.SQRT1_2, 0]);
    rnn.dispose();
  });

  it('Keras’s docstring, mean=3 and variance=2 given: the same, and no weights', async () => {
    const rnn = await model('Normalization(mean=3.0, variance=2.0, input=(1,))');
    expect(rnn.network.weights).toHaveLength(0);
    expectClose([...rnn.predict(f32([3, 1], [1, 2, 3]))[0]!.data], [-Math.SQRT2, -Math.SQRT1_2, 0]);
    rnn.dispose();
  });

  it('one mean per feature given: (x - mean) / sqrt(variance) by hand', async () => {
    const rnn = await model('Normalization(mean=(1.0, -2.0), variance=(4.0, 0.25), input=(2,))');
    // (3 - 1) / 2 = 1, (-1 + 2) / 0.5 = 2
    expectClose([...rnn.predict(f32([1, 2], [3, -1]))[0]!.data], [1, 2]);
    rnn.dispose();
  });

  it('a constant feature has variance 0: sqrt(variance) is floored at Keras’s epsilon 1e-7', async () => {
    const { rnn, y } = await adaptThenPredict('Normalization(input=(2,))', f32([3, 2], [5, 1, 5, 2, 5, 3]), f32([1, 2], [5.5, 2]));
    // feature 0: (5.5 - 5) / 1e-7 = 5e6; feature 1: mean 2, variance 2/3
    expect(y[0]! / 5e6).toBeCloseTo(1, 5);
    expect(y[1]).toBeCloseTo(0, 6);
    rnn.dispose();
  });

  it('adapts on the training samples only: validation_split holds out the last ones first', async () => {
    // [1, 2, 3] train, [100] validates: mean 2, variance 2/3.
    const { rnn } = await adaptThenPredict('Normalization(input=(1,))', f32([4, 1], [1, 2, 3, 100]), f32([1, 1], [0]), { validationSplit: 0.25 });
    expectClose(weight(rnn, 'normalization/mean'), [2]);
    expectClose(weight(rnn, 'normalization/variance'), [2 / 3]);
    expect(weight(rnn, 'normalization/count')).toEqual([3]);
    rnn.dispose();
  });

  it('adapts once: a second fit, and a model loaded from a save, keep their statistics', async () => {
    const { rnn } = await adaptThenPredict('Normalization(input=(3,))\n  Dense(1)', KERAS_ADAPT, f32([1, 3], [0, 0, 0]));
    const other = f32([2, 3], [100, 100, 100, 300, 300, 300]);
    const zeros = f32([2, 1], [0, 0]);
    await rnn.fit({ x: [other], y: [zeros] }, { epochs: 0 });
    expectClose(weight(rnn, 'normalization/mean'), [1, 8, 5]);
    const dir = join(scratch, 'adapted');
    await rnn.save(dir);
    rnn.dispose();

    const loaded = await model('Normalization(input=(3,))\n  Dense(1)');
    await loaded.load(dir);
    await loaded.fit({ x: [other], y: [zeros] }, { epochs: 1 });
    expectClose(weight(loaded, 'normalization/mean'), [1, 8, 5]);
    expectClose(weight(loaded, 'normalization/variance'), [1, 1, 1]);
    expect(weight(loaded, 'normalization/count')).toEqual([4]);
    loaded.dispose();
  });

  it('adapts a functional model’s Normalization on the input it reads', async () => {
    const rnn = await compile(
      `model m {\n  a = Input(shape=(1,))\n  b = Input(shape=(2,))\n  output Concatenate()([Dense(1)(a), Normalization()(b)])\n}\n${TRAIN}`,
      { seed: 1 },
    );
    const a = f32([2, 1], [0, 0]);
    const b = f32([2, 2], [1, 10, 3, 30]);
    await rnn.fit({ x: [a, b], y: [f32([2, 3], [0, 0, 0, 0, 0, 0])] }, { epochs: 0 });
    expectClose(weight(rnn, 'normalization/mean'), [2, 20]);
    expectClose(weight(rnn, 'normalization/variance'), [1, 100]);
    rnn.dispose();
  });
});

describe('Normalization refuses what it cannot adapt, with a code', () => {
  async function fitError(body: string, x: HostArray) {
    const y = f32([x.shape[0]!, 1], new Array<number>(x.shape[0]!).fill(0));
    return failedFit(await model(body), { x: [x], y: [y] });
  }

  it('E0625: a NaN in the inputs it reads, with its index', async () => {
    const e = await fitError('Normalization(input=(2,))\n  Dense(1)', f32([3, 2], [1, 2, 3, NaN, 5, 6]));
    expect(e.code).toBe('E0625');
    expect(e.message).toContain('holds nan at [1, 1]');
    expect(e.message).toContain('`normalization`');
  });

  it('E0518: a Normalization after another layer, or wrapped in TimeDistributed', async () => {
    const deep = await fitError('Masking(input=(4, 2))\n  Normalization()\n  LSTM(1)', f32([2, 4, 2], new Array<number>(16).fill(1)));
    expect(deep.code).toBe('E0518');
    expect(deep.message).toContain('reads the output of `masking`');
    const wrapped = await fitError('TimeDistributed(Normalization(), input=(4, 2))\n  LSTM(1)', f32([2, 4, 2], new Array<number>(16).fill(1)));
    expect(wrapped.code).toBe('E0518');
    expect(wrapped.message).toContain('wrapped in TimeDistributed');
  });

  it('a deeper Normalization with mean and variance given needs no adapting', async () => {
    const rnn = await model('Masking(input=(4, 2))\n  Normalization(mean=1.0, variance=4.0)\n  LSTM(1)');
    const history = await rnn.fit({ x: [f32([2, 4, 2], new Array<number>(16).fill(3))], y: [f32([2, 1], [0, 1])] }, { epochs: 1 });
    expect(history.epochs).toHaveLength(1);
    rnn.dispose();
  });
});

// Target normalization: an inverting Normalization that gives the model's output is adapted on
// the targets (Keras's `Normalization(invert=True)` adapted on y and put last). Checked against
// closed forms: a Dense layer with zero weights outputs 0, which the inverting layer maps to the
// targets' mean, so the loss and the metrics are those of predicting the mean (one full batch:
// the logged loss is computed before the step).
describe('an inverting Normalization at the output is adapted on the targets', () => {
  const ZERO_DENSE = 'Dense(1, kernel_initializer=zeros, bias_initializer=zeros, input=(2,))\n  Normalization(invert=true)';
  const x = f32([5, 2], [1, 0, 0, 1, 1, 1, 0, 0, 2, 2]);
  const y = f32([5, 1], [1, 2, 3, 4, 5]);

  it('mean 3 and population variance 2 of y; the output is the mean, in the targets’ units', async () => {
    const rnn = await model(ZERO_DENSE);
    await rnn.fit({ x: [x], y: [y] }, { epochs: 0 });
    expectClose(weight(rnn, 'normalization/mean'), [3]);
    expectClose(weight(rnn, 'normalization/variance'), [2]);
    expect(weight(rnn, 'normalization/count')).toEqual([5]);
    expectClose([...rnn.predict([x])[0]!.data], [3, 3, 3, 3, 3]);
    rnn.dispose();
  });

  it('loss and metrics are in the targets’ units: MSE 2 (the variance), MAE 1.2', async () => {
    const rnn = await compile(
      `model m {\n  ${ZERO_DENSE}\n}\ntrain {\n  loss = mse\n  optimizer = SGD(learning_rate=0.1)\n  metrics = [mae]\n  batch_size = 5\n  shuffle = false\n}\n`,
      { seed: 1 },
    );
    const history = await rnn.fit({ x: [x], y: [y] }, { epochs: 1 });
    expect(history.epochs[0]!['loss']).toBeCloseTo(2, 5);
    expect(history.epochs[0]!['mae']).toBeCloseTo(1.2, 5);
    rnn.dispose();
  });

  it('the layers before it learn the targets scaled: SGD’s first step is the scaled gradient', async () => {
    // loss = mean((b·s + m − y)²) with s = √2, m = 3; at b = 0 its gradient in b is
    // 2·s·mean(m − y) = 0, and in a kernel weight w_j it is 2·s·mean((m − y)·x_j):
    // x_0 = (1, 0, 1, 0, 2), m − y = (2, 1, 0, −1, −2) → mean = (2 + 0 + 0 + 0 − 4)/5 = −0.4.
    const rnn = await compile(
      `model m {\n  ${ZERO_DENSE}\n}\ntrain {\n  loss = mse\n  optimizer = SGD(learning_rate=0.1)\n  batch_size = 5\n  shuffle = false\n}\n`,
      { seed: 1 },
    );
    await rnn.fit({ x: [x], y: [y] }, { epochs: 1 });
    const s = Math.sqrt(2);
    // x_1 = (0, 1, 1, 0, 2): mean((m − y)·x_1) = (0 + 1 + 0 + 0 − 4)/5 = −0.6.
    expectClose(weight(rnn, 'dense/kernel'), [-0.1 * 2 * s * -0.4, -0.1 * 2 * s * -0.6]);
    expectClose(weight(rnn, 'dense/bias'), [0]);
    rnn.dispose();
  });

  it('E0625 names the targets when they hold a NaN', async () => {
    const e = await failedFit(await model(ZERO_DENSE), { x: [x], y: [f32([5, 1], [1, 2, NaN, 4, 5])] });
    expect(e.code).toBe('E0625');
    expect(e.message).toContain('training targets (y) holds nan at [2, 0]');
  });

  it('E0518: an inverting Normalization that is not the model’s output, with the hint to put it last', async () => {
    const e = await failedFit(await model('Dense(1, input=(2,))\n  Normalization(invert=true)\n  Dense(1)'), { x: [x], y: [y] });
    expect(e.code).toBe('E0518');
    expect(e.message).toContain('is not the model');
    expect(e.hint).toContain("model's last layer");
  });
});
