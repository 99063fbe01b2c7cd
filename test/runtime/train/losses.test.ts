// Every loss of the vocabulary: its value against Keras's formula in float64, its gradient against
// central finite differences of that formula, on plain, sequence and masked outputs.

import * as tfl from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES } from '../../../src/compiler/vocab/index.ts';
import { makeLoss } from '../../../src/runtime/train/losses.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import { ONE_MINUS_EPS, finiteDifference, reduced, rows, type RefArgs } from './loss-reference.ts';
import { expectClose, lossFn, stream } from './train-config.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Gen = (r: () => number, i: number, width: number) => number;
const uniform = (lo: number, hi: number): Gen => (r) => lo + (hi - lo) * r();
const bit: Gen = (r) => (r() < 0.5 ? 0 : 1);
const sign: Gen = (r) => (r() < 0.5 ? -1 : 1);
/** One-hot rows: class (i·7 mod width) of each row. */
const oneHot: Gen = (_r, i, width) => (i % width === (Math.floor(i / width) * 7) % width ? 1 : 0);

interface Case {
  src: string;
  args: RefArgs;
  t: Gen;
  p: Gen;
}

const prob = uniform(0.05, 0.95);
const logit = uniform(-3, 3);

// Inputs keep away from kinks (|t - p| = 0, |e| = delta, the hinge's corner) so that finite
// differences measure the derivative; the clipped and tied cases have their own tests below.
const CASES: Record<string, Case[]> = {
  mean_squared_error: [{ src: 'mse', args: {}, t: uniform(-1, 1), p: uniform(-1, 1) }],
  mean_absolute_error: [{ src: 'mae', args: {}, t: uniform(-1, 0), p: uniform(0.1, 1) }],
  mean_absolute_percentage_error: [{ src: 'mape', args: {}, t: uniform(0.5, 2), p: uniform(-1, 0.4) }],
  mean_squared_logarithmic_error: [{ src: 'msle', args: {}, t: uniform(0, 2), p: uniform(0.1, 2) }],
  huber: [
    { src: 'huber', args: {}, t: uniform(-1, 1), p: uniform(-1, 1) },
    { src: 'Huber(delta=0.3)', args: { delta: 0.3 }, t: uniform(-1, 1), p: uniform(-1, 1) },
  ],
  log_cosh: [{ src: 'log_cosh', args: {}, t: uniform(-2, 2), p: uniform(-2, 2) }],
  poisson: [{ src: 'poisson', args: {}, t: uniform(0, 3), p: uniform(0.1, 3) }],
  hinge: [
    { src: 'hinge', args: {}, t: bit, p: uniform(-0.9, 0.9) },
    { src: 'hinge', args: {}, t: sign, p: uniform(-0.9, 0.9) },
  ],
  squared_hinge: [{ src: 'squared_hinge', args: {}, t: bit, p: uniform(-2, 2) }],
  binary_crossentropy: [
    { src: 'bce', args: {}, t: bit, p: prob },
    { src: 'binary_crossentropy(label_smoothing=0.2)', args: { label_smoothing: 0.2 }, t: bit, p: prob },
    { src: 'binary_crossentropy(from_logits=true)', args: { from_logits: true }, t: uniform(0, 1), p: logit },
    { src: 'BinaryCrossentropy(from_logits=true, label_smoothing=0.1)', args: { from_logits: true, label_smoothing: 0.1 }, t: bit, p: logit },
  ],
  binary_focal_crossentropy: [
    { src: 'binary_focal_crossentropy', args: {}, t: bit, p: prob },
    {
      src: 'binary_focal_crossentropy(apply_class_balancing=true, alpha=0.4, gamma=1.5, label_smoothing=0.1)',
      args: { apply_class_balancing: true, alpha: 0.4, gamma: 1.5, label_smoothing: 0.1 },
      t: bit,
      p: prob,
    },
    { src: 'binary_focal_crossentropy(from_logits=true, gamma=3.0)', args: { from_logits: true, gamma: 3 }, t: bit, p: logit },
  ],
  categorical_crossentropy: [
    { src: 'categorical_crossentropy', args: {}, t: oneHot, p: uniform(0.05, 1) },
    { src: 'categorical_crossentropy(label_smoothing=0.2)', args: { label_smoothing: 0.2 }, t: oneHot, p: uniform(0.05, 1) },
    { src: 'categorical_crossentropy(from_logits=true)', args: { from_logits: true }, t: oneHot, p: logit },
    { src: 'categorical_crossentropy(from_logits=true, label_smoothing=0.3)', args: { from_logits: true, label_smoothing: 0.3 }, t: uniform(0, 1), p: logit },
  ],
  categorical_focal_crossentropy: [
    { src: 'categorical_focal_crossentropy', args: {}, t: oneHot, p: uniform(0.05, 1) },
    {
      src: 'categorical_focal_crossentropy(alpha=0.5, gamma=1.0, from_logits=true, label_smoothing=0.1)',
      args: { alpha: 0.5, gamma: 1, from_logits: true, label_smoothing: 0.1 },
      t: oneHot,
      p: logit,
    },
  ],
  kl_divergence: [{ src: 'kld', args: {}, t: uniform(0.01, 1), p: uniform(0.05, 1) }],
  categorical_hinge: [{ src: 'categorical_hinge', args: {}, t: oneHot, p: uniform(-1, 1) }],
  cosine_similarity: [{ src: 'cosine_similarity', args: {}, t: uniform(-1, 1), p: uniform(-1, 1) }],
};

const SPARSE_CASES: Case[] = [
  { src: 'sparse_categorical_crossentropy', args: {}, t: () => 0, p: uniform(0.05, 1) },
  { src: 'sparse_categorical_crossentropy(from_logits=true)', args: { from_logits: true }, t: () => 0, p: logit },
  { src: 'sparse_categorical_crossentropy(ignore_class=2)', args: { ignore_class: 2 }, t: () => 0, p: uniform(0.05, 1) },
  { src: 'sparse_categorical_crossentropy(from_logits=true, ignore_class=0)', args: { from_logits: true, ignore_class: 0 }, t: () => 0, p: logit },
];

const fill = (n: number, gen: Gen, seed: number, width: number) => {
  const r = stream(seed);
  return Array.from({ length: n }, (_, i) => gen(r, i, width));
};

/** rnnc's value and gradient next to the float64 reference's, for targets and predictions of a shape. */
function compare(c: Case, name: string, shape: number[], opts: { sparseLabels?: number[]; labelShape?: number[]; mask?: number[] } = {}) {
  const width = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const pFlat = fill(size, c.p, 11, width);
  const tFlat = opts.sparseLabels ?? fill(size, c.t, 7, width);
  const loss = makeLoss(lossFn(c.src));
  const yTrue = opts.sparseLabels ? tf.tensor(tFlat, opts.labelShape, 'int32') : tf.tensor(tFlat, shape);
  const yPred = tf.tensor(pFlat, shape);
  const mask = opts.mask ? tf.tensor(opts.mask, shape.slice(0, -1)) : null;
  const value = loss.value(yTrue, yPred, mask);
  const grad = loss.grad(yTrue, yPred, mask);
  expect(value.shape).toEqual([]);
  expect(grad.shape).toEqual(shape);
  const got = { value: value.dataSync()[0]!, grad: Array.from(grad.dataSync()) };
  tf.dispose([yTrue, yPred, value, grad, ...(mask ? [mask] : [])]);
  const tRows = opts.sparseLabels ? tFlat.map((y) => [y]) : rows(tFlat, width);
  const f = (p: number[]) => reduced(name, c.args, tRows, rows(p, width), opts.mask ?? null);
  return { got, value: f(pFlat), grad: finiteDifference(f, pFlat) };
}

describe('losses against their float64 formulas', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    for (const c of cases) {
      it(`${c.src}: value and gradient`, () => {
        const r = compare(c, name, [3, 4]);
        expectClose([r.got.value], [r.value], 2e-6, 2e-6);
        expectClose(r.got.grad, r.grad, 2e-5, 1e-4);
      });
      it(`${c.src}: a sequence output with a mask weights its steps as Keras's apply_mask does`, () => {
        const mask = [1, 1, 0, 1, 0, 0];
        const r = compare(c, name, [2, 3, 4], { mask });
        expectClose([r.got.value], [r.value], 2e-6, 2e-6);
        expectClose(r.got.grad, r.grad, 2e-5, 1e-4);
        // The masked steps get no gradient.
        for (const step of [2, 4, 5]) expect(r.got.grad.slice(step * 4, step * 4 + 4).every((g) => g === 0)).toBe(true);
      });
    }
  }

  for (const c of SPARSE_CASES) {
    for (const labelShape of [[6], [6, 1]]) {
      it(`${c.src}: labels shaped [${labelShape.join(',')}]`, () => {
        const labels = [0, 2, 1, 3, 2, 2];
        const r = compare(c, 'sparse_categorical_crossentropy', [6, 4], { sparseLabels: labels, labelShape });
        expectClose([r.got.value], [r.value], 2e-6, 2e-6);
        expectClose(r.got.grad, r.grad, 2e-5, 1e-4);
      });
    }
    it(`${c.src}: a masked sequence with labels shaped [N, T]`, () => {
      const labels = [0, 2, 1, 3, 2, 0];
      const r = compare(c, 'sparse_categorical_crossentropy', [2, 3, 4], { sparseLabels: labels, labelShape: [2, 3], mask: [1, 1, 1, 1, 1, 0] });
      expectClose([r.got.value], [r.value], 2e-6, 2e-6);
      expectClose(r.got.grad, r.grad, 2e-5, 1e-4);
    });
  }

  it('covers every loss of the vocabulary', () => {
    const covered = new Set([...Object.keys(CASES), 'sparse_categorical_crossentropy']);
    expect(LOSSES.map((e) => e.name).filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe('clipping, ties and edge cases', () => {
  it('clips probabilities at epsilon, with no gradient where the clip holds', () => {
    const c: Case = { src: 'bce', args: {}, t: (_r, i) => [1, 0, 1, 0][i % 4]!, p: (_r, i) => [0, 1, 1e-9, 0.4][i % 4]! };
    const r = compare(c, 'binary_crossentropy', [2, 4]);
    expectClose([r.got.value], [r.value], 1e-5, 1e-6);
    // Two misses clipped at epsilon, one at 1 - epsilon, and one unclipped term, in both rows.
    expect(r.value).toBeCloseTo((-2 * Math.log(1e-7) - Math.log(1 - ONE_MINUS_EPS) - Math.log(0.6)) / 4, 6);
    expect(r.got.grad.filter((_, i) => i % 4 !== 3).every((g) => g === 0)).toBe(true);
  });

  it('sparse crossentropy ignores ignore_class in the value, the gradient and the count', () => {
    const loss = makeLoss(lossFn('sparse_categorical_crossentropy(ignore_class=1)'));
    const y = tf.tensor([0, 1, 2, 1], [4], 'int32');
    const p = tf.tensor([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
      [0.2, 0.3, 0.5],
      [0.3, 0.3, 0.4],
    ]);
    const v = loss.value(y, p, null);
    const g = loss.grad(y, p, null);
    expect(v.dataSync()[0]).toBeCloseTo((-Math.log(0.7) - Math.log(0.5)) / 2, 6);
    expect(Array.from(g.dataSync()).slice(3, 6).every((x) => x === 0)).toBe(true);
    tf.dispose([y, p, v, g]);
  });

  it('an all-zero mask gives a zero loss and zero gradient (divide_no_nan)', () => {
    const loss = makeLoss(lossFn('mse'));
    const [y, p, m] = [tf.ones([2, 3, 2]), tf.zeros([2, 3, 2]), tf.zeros([2, 3])];
    const [v, g] = [loss.value(y, p, m), loss.grad(y, p, m)];
    expect(v.dataSync()[0]).toBe(0);
    expect(Array.from(g.dataSync()).every((x) => x === 0)).toBe(true);
    tf.dispose([y, p, m, v, g]);
  });

  it('targets shaped (N,) meet a one-unit output (N, 1), as squeeze_or_expand_to_same_rank allows', () => {
    const loss = makeLoss(lossFn('mae', 1));
    const [y, p] = [tf.tensor([1, 2, 3]), tf.tensor([[1.5], [2], [2]])];
    const [v, g] = [loss.value(y, p, null), loss.grad(y, p, null)];
    expect(v.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(g.shape).toEqual([3, 1]);
    expectClose(g.dataSync(), [1 / 3, 0, -1 / 3], 1e-7);
    tf.dispose([y, p, v, g]);
  });

  it('categorical hinge shares the gradient of tied maxima, as reduce_max does', () => {
    const loss = makeLoss(lossFn('categorical_hinge'));
    const [y, p] = [tf.tensor([[1, 0, 0]]), tf.tensor([[0.2, 0.5, 0.5]])];
    const g = loss.grad(y, p, null);
    expectClose(g.dataSync(), [-1, 0.5, 0.5], 1e-7);
    tf.dispose([y, p, g]);
  });

  it('cosine similarity of a zero vector is 0 with the 1/epsilon cap as gradient scale', () => {
    const loss = makeLoss(lossFn('cosine_similarity'));
    const [y, p] = [tf.tensor([[3, 4]]), tf.tensor([[0, 0]])];
    const [v, g] = [loss.value(y, p, null), loss.grad(y, p, null)];
    expect(v.dataSync()[0]).toBeCloseTo(0, 7);
    expectClose(g.dataSync(), [-0.6e7, -0.8e7], 1);
    tf.dispose([y, p, v, g]);
  });

  it('does not leak tensors', () => {
    const loss = makeLoss(lossFn('categorical_focal_crossentropy(from_logits=true)'));
    const y = tf.tidy(() => tf.reshape(tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4), [2, 3, 4]));
    const [p, m] = [tf.randomNormal([2, 3, 4]), tf.ones([2, 3])];
    const before = tf.memory().numTensors;
    tf.dispose([loss.value(y, p, m), loss.grad(y, p, m)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, p, m]);
  });
});

describe("Keras's documented examples", () => {
  const value = (src: string, t: number[][] | number[], p: number[][], dtype: 'int32' | 'float32' = 'float32') => {
    const [y, yp] = [tf.tensor(t, undefined, dtype), tf.tensor(p)];
    const v = makeLoss(lossFn(src)).value(y, yp, null);
    const out = v.dataSync()[0]!;
    tf.dispose([y, yp, v]);
    return out;
  };
  // The docstrings in keras/src/losses/losses.py, reduced with sum_over_batch_size.
  it('sparse_categorical_crossentropy: 1.177', () => {
    expect(value('sparse_categorical_crossentropy', [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 'int32')).toBeCloseTo(1.177, 3);
  });
  it('binary_crossentropy: mean of [0.916, 0.714]', () => {
    expect(value('binary_crossentropy', [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])).toBeCloseTo((0.916 + 0.714) / 2, 3);
  });
  it('categorical_crossentropy: mean of [0.0513, 2.303]', () => {
    expect(value('categorical_crossentropy', [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])).toBeCloseTo((0.0513 + 2.303) / 2, 3);
  });
  it('huber: 0.155', () => {
    expect(value('huber', [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])).toBeCloseTo(0.155, 3);
  });
  it('log_cosh: 0.108', () => {
    expect(value('log_cosh', [[0, 1], [0, 0]], [[1, 1], [0, 0]])).toBeCloseTo(0.108, 3);
  });
  it('binary_focal_crossentropy(gamma=2): mean of [0.330, 0.206]', () => {
    expect(value('binary_focal_crossentropy(gamma=2.0)', [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])).toBeCloseTo((0.33 + 0.206) / 2, 3);
  });
  it('categorical_focal_crossentropy: mean of [2.634e-4, 0.6759]', () => {
    expect(value('categorical_focal_crossentropy', [[0, 1, 0], [0, 0, 1]], [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]])).toBeCloseTo((2.634e-4 + 0.6759) / 2, 4);
  });
  it('cosine_similarity: mean of [-0, -0.99999994, 0.99999994]', () => {
    expect(value('cosine_similarity', [[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]])).toBeCloseTo(0, 6);
  });
});

describe('gradients against tfjs autodiff of the same formula', () => {
  // Full TensorFlow.js registers gradients; its losses reduce the same way Keras does when no
  // weights are given (the mean over all elements, or over samples for softmax crossentropy).
  const r = stream(3);
  const t = Array.from({ length: 12 }, () => (r() < 0.5 ? 0 : 1));
  const hot = Array.from({ length: 12 }, (_, i) => (i % 4 === Math.floor(i / 4) ? 1 : 0));
  const x = Array.from({ length: 12 }, () => 4 * r() - 2);
  const cases: [string, number[], (a: tfl.Tensor, b: tfl.Tensor) => tfl.Tensor][] = [
    ['mse', t, (a, b) => tfl.losses.meanSquaredError(a, b)],
    ['mae', t, (a, b) => tfl.losses.absoluteDifference(a, b)],
    ['Huber(delta=0.7)', t, (a, b) => tfl.losses.huberLoss(a, b, undefined, 0.7)],
    ['binary_crossentropy(from_logits=true)', t, (a, b) => tfl.losses.sigmoidCrossEntropy(a, b)],
    ['categorical_crossentropy(from_logits=true)', hot, (a, b) => tfl.losses.softmaxCrossEntropy(a, b)],
  ];
  for (const [src, targets, reference] of cases) {
    it(src, () => {
      const [yt, yp] = [tfl.tensor2d(targets, [3, 4]), tfl.tensor2d(x, [3, 4])];
      const expectedValue = tfl.tidy(() => reference(yt, yp).dataSync()[0]!);
      const expectedGrad = tfl.tidy(() => Array.from(tfl.grad((p: tfl.Tensor) => reference(yt, p))(yp).dataSync()));
      tfl.dispose([yt, yp]);
      const loss = makeLoss(lossFn(src));
      const [a, b] = [tf.tensor2d(targets, [3, 4]), tf.tensor2d(x, [3, 4])];
      const [v, g] = [loss.value(a, b, null), loss.grad(a, b, null)];
      expectClose([v.dataSync()[0]!], [expectedValue], 1e-6);
      expectClose(g.dataSync(), expectedGrad, 1e-6);
      tf.dispose([a, b, v, g]);
    });
  }
});
