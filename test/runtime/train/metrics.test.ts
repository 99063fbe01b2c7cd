// Metrics: Keras's documented results, values computed by hand, the streaming weighting over an
// epoch (a mean over samples, not of batch means), masks as sample weights, and the names Keras
// logs them under.

import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../../src/compiler/vocab/index.ts';
import { accuracyFor, makeMetric, type Metric } from '../../../src/runtime/train/metrics.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';
import { stream, trainConfig } from './train-config.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

type Nested = number | Nested[];

function feed(m: Metric, yTrue: Nested, yPred: Nested, opts: { labels?: boolean; mask?: Nested } = {}): void {
  const t = tf.tensor(yTrue, undefined, opts.labels ? 'int32' : 'float32');
  const p = tf.tensor(yPred);
  const mask = opts.mask === undefined ? null : tf.tensor(opts.mask);
  m.update(t, p, mask);
  tf.dispose([t, p, ...(mask ? [mask] : [])]);
}

/** One update, as Keras's docstrings run them. */
function once(name: string, yTrue: Nested, yPred: Nested, labels = false, loss = 'mse'): number {
  const units = (yPred as number[][])[0]!.length;
  const m = makeMetric(name, loss, [null, units]);
  feed(m, yTrue, yPred, { labels });
  return m.result();
}

describe("Keras's documented results", () => {
  // The docstrings of keras/src/metrics/*.py.
  const cases: [string, Nested, Nested, number, boolean?][] = [
    ['mean_squared_error', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.25],
    ['mean_absolute_error', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.25],
    ['mean_squared_logarithmic_error', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.12011322],
    ['root_mean_squared_error', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.5],
    ['log_cosh_error', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.10844523],
    ['cosine_similarity', [[0, 1], [1, 1]], [[1, 0], [1, 1]], 0.49999997],
    ['binary_accuracy', [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], 0.75],
    ['categorical_accuracy', [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 0.5],
    ['sparse_categorical_accuracy', [[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], 0.5, true],
    ['binary_crossentropy', [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.81492424],
    ['categorical_crossentropy', [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392],
    ['sparse_categorical_crossentropy', [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], 1.1769392, true],
    ['kl_divergence', [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], 0.45814306],
    ['poisson', [[0, 1], [0, 0]], [[1, 1], [0, 0]], 0.49999997],
    ['precision', [[0], [1], [1], [1]], [[1], [0], [1], [1]], 0.6666667],
    ['recall', [[0], [1], [1], [1]], [[1], [0], [1], [1]], 0.6666667],
    ['r2_score', [[1], [4], [3]], [[2], [4], [4]], 0.57142854],
    // AUC(num_thresholds=3) gives 0.75 here; 200 thresholds trace the same ROC curve.
    ['auc', [[0], [0], [1], [1]], [[0], [0.5], [0.3], [0.9]], 0.75],
  ];
  for (const [name, t, p, expected, labels] of cases) {
    it(`${name}: ${expected}`, () => expect(once(name, t, p, labels)).toBeCloseTo(expected, 5));
  }
  it('mean_absolute_percentage_error: 250000000.0 (a zero target divides by epsilon)', () => {
    expect(once('mape', [[0, 1], [0, 0]], [[1, 1], [0, 0]]) / 2.5e8).toBeCloseTo(1, 6);
  });
});

describe('values computed by hand', () => {
  const [t, p] = [[[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]];
  // Labels {0, 1} become {-1, 1}: rows (1.6 + 0.6)/2 and (1.4 + 1.6)/2.
  it('hinge', () => expect(once('hinge', t, p)).toBeCloseTo(1.3, 6));
  it('squared_hinge', () => expect(once('squared_hinge', t, p)).toBeCloseTo((2.56 + 0.36 + 1.96 + 2.56) / 4, 6));
  // max(neg - pos + 1, 0): rows 0.6 - 0.4 + 1 and 0.6 - 0 + 1.
  it('categorical_hinge', () => expect(once('categorical_hinge', t, p)).toBeCloseTo(1.4, 6));
  it('top-k accuracies count a target beaten by fewer than 5 classes, ties included', () => {
    const p6 = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [0.3, 0.3, 0.3, 0.3, 0.3, 0.3]];
    // Class 0 is beaten by 5 classes in the first row, by none in the second; all tie in the third.
    expect(once('sparse_top_k_categorical_accuracy', [0, 0, 0], p6, true)).toBeCloseTo(2 / 3, 6);
    const hot = [[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1]];
    expect(once('top_k_categorical_accuracy', hot, p6)).toBeCloseTo(1 / 3, 6);
  });
  it('binary accuracy thresholds strictly above 0.5', () => {
    expect(once('binary_accuracy', [[1], [0]], [[0.5], [0.5]])).toBe(0.5);
  });
});

describe('streaming over an epoch', () => {
  it('is a mean over samples, not a mean of batch means', () => {
    const m = makeMetric('binary_accuracy', 'binary_crossentropy', [null, 1]);
    feed(m, [[1], [0], [1]], [[0.9], [0.8], [0.1]]); // 1 of 3
    feed(m, [[1]], [[0.7]]); // 1 of 1
    expect(m.result()).toBeCloseTo(2 / 4, 7);
    m.reset();
    expect(m.result()).toBe(0);
    feed(m, [[1]], [[0.7]]);
    expect(m.result()).toBe(1);
  });

  it('mae over batches of 2 and 1 samples', () => {
    const m = makeMetric('mae', 'mse', [null, 2]);
    feed(m, [[0, 0], [1, 1]], [[1, 3], [1, 1]]); // sample means 2 and 0
    feed(m, [[0, 0]], [[0.5, 0.5]]); // 0.5
    expect(m.result()).toBeCloseTo(2.5 / 3, 7);
  });

  it('precision, recall and AUC accumulate counts, not batch results', () => {
    const [precision, recall, auc] = (['precision', 'recall', 'auc'] as const).map((n) => makeMetric(n, 'binary_crossentropy', [null, 1])) as [Metric, Metric, Metric];
    const batches: [number[][], number[][]][] = [
      [[[1], [0], [0]], [[0.9], [0.8], [0.2]]],
      [[[1], [1]], [[0.4], [0.3]]],
    ];
    for (const [t, p] of batches) for (const m of [precision, recall, auc]) feed(m, t, p);
    expect(precision.result()).toBeCloseTo(1 / 2, 7); // tp 1, fp 1
    expect(recall.result()).toBeCloseTo(1 / 3, 7); // tp 1, fn 2
    // Pairs (positive above negative): 0.9 beats both, 0.4 and 0.3 beat 0.2 only.
    expect(auc.result()).toBeCloseTo(4 / 6, 6);
  });

  it('R² over two batches equals R² over all samples at once', () => {
    const [t, p] = [[[1, 2], [4, 0], [3, 1], [2, 2]], [[2, 1], [4, 1], [4, 1], [1, 3]]];
    const whole = makeMetric('r2_score', 'mse', [null, 2]);
    feed(whole, t, p);
    const split = makeMetric('r2_score', 'mse', [null, 2]);
    feed(split, t.slice(0, 3), p.slice(0, 3));
    feed(split, t.slice(3), p.slice(3));
    expect(split.result()).toBeCloseTo(whole.result(), 12);
    // By hand: feature 0: SSres 3, SStot 5 → 0.4; feature 1: SSres 3, SStot 2.75 → -1/11.
    expect(whole.result()).toBeCloseTo((0.4 + (1 - 3 / 2.75)) / 2, 6);
  });
});

describe('masks on sequence outputs', () => {
  // Two sequences of three steps, two classes; predictions pick class 1 at every step.
  const labels = [[1, 0, 1], [0, 1, 1]];
  const pred = labels.map((row) => row.map(() => [0.3, 0.7]));

  it('weight each sample by its mean mask and each step by its mask (MeanMetricWrapper)', () => {
    const m = makeMetric('accuracy', 'sparse_categorical_crossentropy', [null, 3, 2]);
    feed(m, labels, pred, { labels: true, mask: [[1, 1, 0], [1, 0, 0]] });
    // Counted steps: (1 ✓, 0 ✗) and (0 ✗): 1 right of 3.
    expect(m.result()).toBeCloseTo(1 / 3, 7);
  });

  it('keep per-sample means across batches of different lengths, as Keras does', () => {
    const m = makeMetric('sparse_categorical_accuracy', 'sparse_categorical_crossentropy', [null, null, 2]);
    feed(m, labels, pred, { labels: true, mask: [[1, 1, 0], [1, 0, 0]] });
    feed(m, [[1]], [[[0.2, 0.8]]], { labels: true, mask: [[1]] });
    // total = (1/3 + 0) + 1, count = (2/3 + 1/3) + 1
    expect(m.result()).toBeCloseTo((1 / 3 + 1) / 2, 7);
  });

  it('leave RootMeanSquaredError unmasked, as Keras does', () => {
    const [t, p] = [[[[0], [0]]], [[[1], [3]]]];
    const masked = makeMetric('root_mean_squared_error', 'mse', [null, 2, 1]);
    feed(masked, t, p, { mask: [[1, 0]] });
    expect(masked.result()).toBeCloseTo(Math.sqrt(5), 6);
    const mae = makeMetric('mae', 'mse', [null, 2, 1]);
    feed(mae, t, p, { mask: [[1, 0]] });
    expect(mae.result()).toBeCloseTo(1, 7);
  });
});

describe('names and resolution', () => {
  it("resolves accuracy as compile_utils.get_metric does", () => {
    expect(accuracyFor('binary_crossentropy', [null, 1])).toBe('binary_accuracy');
    expect(accuracyFor('mse', [null, 5, 1])).toBe('binary_accuracy');
    expect(accuracyFor('sparse_categorical_crossentropy', [null, 5])).toBe('sparse_categorical_accuracy');
    expect(accuracyFor('sparse_categorical_crossentropy', [null, 10, 5])).toBe('sparse_categorical_accuracy');
    expect(accuracyFor('categorical_crossentropy', [null, 5])).toBe('categorical_accuracy');
  });

  it('logs a metric under the name as written, as Keras does for strings', () => {
    for (const name of ['acc', 'accuracy', 'mae', 'mean_absolute_error', 'MSE', 'AUC']) {
      expect(makeMetric(name, 'mse', [null, 1]).name).toBe(name);
    }
  });

  it('takes the canonical names the checker hands over', () => {
    const { metrics, loss } = trainConfig({ loss: 'sparse_categorical_crossentropy', metrics: '[acc, mae, AUC]' });
    expect(metrics.map((n) => makeMetric(n, loss.name, [null, 4]).name)).toEqual(['accuracy', 'mean_absolute_error', 'auc']);
  });

  it('makes every metric of the vocabulary, each giving a finite result', () => {
    const r = stream(5);
    const t = Array.from({ length: 4 }, () => [r() < 0.5 ? 1 : 0, 1, 0]);
    const p = Array.from({ length: 4 }, () => [0.1 + 0.8 * r(), 0.1 + 0.8 * r(), 0.1 + 0.8 * r()]);
    for (const entry of METRICS) {
      const sparse = entry.name.startsWith('sparse');
      const m = makeMetric(entry.name, sparse ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy', [null, 3]);
      feed(m, sparse ? [0, 1, 2, 1] : t, p, { labels: sparse });
      expect(Number.isFinite(m.result()), entry.name).toBe(true);
    }
  });

  it('refuses r2_score on a sequence output, as Keras does', () => {
    expect(() => makeMetric('r2_score', 'mse', [null, 5, 1])).toThrow(/r2_score/);
  });
});

describe('AUC against a direct count at each threshold', () => {
  it('separates predictions on either side of the first threshold (1/199), and counts 0 and 1', () => {
    const m = makeMetric('auc', 'binary_crossentropy', [null, 1]);
    feed(m, [[0], [0], [1], [1]], [[0], [0.004], [0.006], [1]]);
    expect(m.result()).toBeCloseTo(1, 7);
  });

  it('matches the thresholded ROC curve and approximates the exact AUC', () => {
    const r = stream(9);
    const n = 200;
    const p = Array.from({ length: n }, () => Math.fround(r()));
    const t = p.map((x) => (r() < 0.3 + 0.4 * x ? 1 : 0));
    const m = makeMetric('auc', 'binary_crossentropy', [null, 1]);
    feed(m, t.map((v) => [v]), p.map((v) => [v]));
    // Keras's thresholds, and at each the counts of predictions strictly above it.
    const thresholds = [-1e-7, ...Array.from({ length: 198 }, (_, i) => (i + 1) / 199), 1 + 1e-7];
    const curve = thresholds.map((th) => {
      const above = p.map((x, i) => [x > th, t[i] === 1] as const);
      const tp = above.filter(([a, y]) => a && y).length;
      const fp = above.filter(([a, y]) => a && !y).length;
      return { tpr: tp / t.filter((y) => y === 1).length, fpr: fp / t.filter((y) => y === 0).length };
    });
    let expected = 0;
    for (let i = 0; i < curve.length - 1; i++) expected += (curve[i]!.fpr - curve[i + 1]!.fpr) * ((curve[i]!.tpr + curve[i + 1]!.tpr) / 2);
    expect(m.result()).toBeCloseTo(expected, 10);
    const pos = p.filter((_, i) => t[i] === 1);
    const neg = p.filter((_, i) => t[i] === 0);
    const exact = pos.reduce((s, a) => s + neg.filter((b) => a > b).length, 0) / (pos.length * neg.length);
    expect(Math.abs(m.result() - exact)).toBeLessThan(0.01);
  });
});
