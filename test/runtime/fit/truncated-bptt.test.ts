// Truncated BPTT (`truncated_bptt = k`, src/runtime/train/windows.ts) against a hand computation:
// a SimpleRNN(2, return_sequences=true) + Dense(1) over 6 steps in windows of 3, trained with
// SGD(learning_rate=0.5) on one batch of 2. The reference is plain float64 JavaScript, written
// here from Keras's formulas (h_t = tanh(x_t·W + h_{t-1}·U + b), y_t = h_t·V + c, mse over samples
// and steps), and its gradients are central finite differences of each window's loss with the
// carried state held as a constant — what "stop the gradient at the window's start" means. Window 2
// starts from window 1's final state, computed with the weights before window 1's step, and takes
// its own optimizer step. A negative control checks that the full-sequence gradient would have
// ended elsewhere, so the test can tell the two apart.

import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../src/runtime/api.ts';
import { initBackend } from '../../../src/runtime/tf.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';
import { fitError } from './fit-error.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const T = 6;
const K = 3;
const LR = 0.5;
const X = [
  [0.5, -1.0, 0.25, 0.8, -0.3, 0.6],
  [-0.7, 0.2, 0.9, -0.4, 0.1, -0.9],
];
const Y = [
  [0.1, -0.2, 0.3, 0.4, -0.1, 0.2],
  [-0.3, 0.5, 0.0, -0.2, 0.3, 0.1],
];

const source = (bptt: string, returnSequences = true) => `model m {
  SimpleRNN(2, return_sequences=${returnSequences}, input=(${T}, 1))
  Dense(1)
}
train {
  loss = mse
  optimizer = SGD(learning_rate=${LR})
  batch_size = 2
  shuffle = false
  epochs = 1
  seed = 3
  ${bptt}
}`;

function data(): Dataset {
  return {
    x: [{ dtype: 'float32', shape: [2, T, 1], data: Float32Array.from(X.flat()) }],
    y: [{ dtype: 'float32', shape: [2, T, 1], data: Float32Array.from(Y.flat()) }],
  };
}

/** Flat float64 parameters in rnnc's weight order: W (1×2), U (2×2), b (2), V (2×1), c (1). */
type Params = number[];

/** Forward over steps [t0, t1) from states h0 (one per sample): the window's mse and final states. */
function windowLoss(p: Params, h0: number[][], t0: number, t1: number): { loss: number; h: number[][] } {
  const [w0, w1, u00, u01, u10, u11, b0, b1, v0, v1, c] = p as [number, number, number, number, number, number, number, number, number, number, number];
  let sum = 0;
  const hs: number[][] = [];
  for (let i = 0; i < 2; i++) {
    let [h0i, h1i] = h0[i]!;
    for (let t = t0; t < t1; t++) {
      const x = X[i]![t]!;
      const a0 = Math.tanh(x * w0 + h0i! * u00 + h1i! * u10 + b0);
      const a1 = Math.tanh(x * w1 + h0i! * u01 + h1i! * u11 + b1);
      h0i = a0;
      h1i = a1;
      const y = a0 * v0 + a1 * v1 + c;
      sum += (y - Y[i]![t]!) ** 2;
    }
    hs.push([h0i!, h1i!]);
  }
  return { loss: sum / (2 * (t1 - t0)), h: hs };
}

/** d loss / d p by central differences, the starting states held fixed. */
function gradient(p: Params, h0: number[][], t0: number, t1: number): number[] {
  const eps = 1e-6;
  return p.map((_, j) => {
    const up = p.slice();
    const down = p.slice();
    up[j]! += eps;
    down[j]! -= eps;
    return (windowLoss(up, h0, t0, t1).loss - windowLoss(down, h0, t0, t1).loss) / (2 * eps);
  });
}

const sgd = (p: Params, g: number[]) => p.map((v, j) => v - LR * g[j]!);
const zeros = () => [
  [0, 0],
  [0, 0],
];

describe('truncated_bptt', () => {
  it('trains each window with the gradient of its own steps, from the state the window before left as a constant', async () => {
    const rnn = await compile(source(`truncated_bptt = ${K}`), { seed: 3 });
    const initial: Params = rnn.network.getWeightValues().flatMap((w) => Array.from(w));
    const history = await rnn.fit(data());
    const trained: Params = rnn.network.getWeightValues().flatMap((w) => Array.from(w));

    // Window 1: steps 0–2 from zeros; its step; window 2: steps 3–5 from window 1's final state.
    const first = windowLoss(initial, zeros(), 0, K);
    const afterFirst = sgd(initial, gradient(initial, zeros(), 0, K));
    const second = windowLoss(afterFirst, first.h, K, T);
    const expected = sgd(afterFirst, gradient(afterFirst, first.h, K, T));
    for (let j = 0; j < expected.length; j++) expect(trained[j]!, `weight ${j}`).toBeCloseTo(expected[j]!, 5);
    // The logged loss: each window weighted by its steps, the mean over samples and steps.
    expect(history.epochs[0]!['loss']!).toBeCloseTo((first.loss * K + second.loss * (T - K)) / T, 5);

    // Negative control: one step on the whole sequence's gradient ends far from there.
    const full = sgd(initial, gradient(initial, zeros(), 0, T));
    const apart = Math.max(...full.map((v, j) => Math.abs(v - trained[j]!)));
    expect(apart).toBeGreaterThan(1e-2);
    rnn.dispose();
  });

  it('without the setting, takes one step on the whole sequence (the same reference, one window)', async () => {
    const rnn = await compile(source(''), { seed: 3 });
    const initial: Params = rnn.network.getWeightValues().flatMap((w) => Array.from(w));
    await rnn.fit(data());
    const trained = rnn.network.getWeightValues().flatMap((w) => Array.from(w));
    const expected = sgd(initial, gradient(initial, zeros(), 0, T));
    for (let j = 0; j < expected.length; j++) expect(trained[j]!, `weight ${j}`).toBeCloseTo(expected[j]!, 5);
    rnn.dispose();
  });

  it('many-to-one: the earlier windows only carry the state; the last window meets the target', async () => {
    const rnn = await compile(source('truncated_bptt = 4', false), { seed: 3 });
    const initial: Params = rnn.network.getWeightValues().flatMap((w) => Array.from(w));
    const target = [0.4, -0.6];
    await rnn.fit({ x: data().x, y: [{ dtype: 'float32', shape: [2, 1], data: Float32Array.from(target) }] });
    const trained = rnn.network.getWeightValues().flatMap((w) => Array.from(w));
    // Windows [0, 4) then [4, 6): the first only advances h; the loss is on the last step's output.
    const h4 = windowLoss(initial, zeros(), 0, 4).h;
    const lastLoss = (p: Params) => {
      const { h } = windowLoss(p, h4, 4, T);
      const [, , , , , , , , v0, v1, c] = p;
      return h.reduce((s, [a0, a1], i) => s + (a0! * v0! + a1! * v1! + c! - target[i]!) ** 2, 0) / 2;
    };
    const eps = 1e-6;
    const g = initial.map((_, j) => {
      const up = initial.slice();
      const down = initial.slice();
      up[j]! += eps;
      down[j]! -= eps;
      return (lastLoss(up) - lastLoss(down)) / (2 * eps);
    });
    const expected = sgd(initial, g);
    for (let j = 0; j < expected.length; j++) expect(trained[j]!, `weight ${j}`).toBeCloseTo(expected[j]!, 5);
    rnn.dispose();
  });
});

describe('truncated BPTT refuses data its windows cannot cut alike', () => {
  it('E0644: targets of 4 steps for inputs of 6 in a many-to-many model', async () => {
    const model = await compile(source('truncated_bptt = 3').replace(`input=(${T}, 1)`, 'input=(None, 1)'), { seed: 1 });
    const x = { dtype: 'float32' as const, shape: [2, T, 1], data: Float32Array.from(X.flat()) };
    const y = { dtype: 'float32' as const, shape: [2, 4, 1], data: new Float32Array(8) };
    const e = await fitError(model, { x: [x], y: [y] });
    expect(e.code).toBe('E0644');
    expect(e.message).toContain('sequences of 6 and of 4 time steps');
  });
});
