// Keras 3's metrics as compile() builds them (keras/src/trainers/compile_utils.py get_metric):
// a metric named by a string is logged under that very string (`mae` stays `mae`), and
// `accuracy`/`acc` becomes binary, sparse categorical or categorical accuracy.
//
// Most metrics are MeanMetricWrapper (keras/src/metrics/reduction_metrics.py): a function gives
// one value per sample (per step for a sequence output) and the metric streams their mean over
// the epoch — a mean over samples, not a mean of batch means. An output mask becomes the sample
// weight (apply_mask with reduction "sum"): each sample adds mean_t(v·m) to the total and
// mean_t(m) to the count. RootMeanSquaredError, R2Score, AUC, Precision and Recall read no mask,
// as in Keras. Totals are kept in float64 JavaScript numbers (Keras keeps float32 variables).

import type { Dim } from '../../compiler/tensor-type.ts';
import { LOSSES, METRICS, fnDefault } from '../../compiler/vocab/index.ts';
import { lookupIn } from '../../compiler/vocab/vocab.ts';
import { tf, type Tensor } from '../tf.ts';
import { alignTargets, sampleLoss } from './losses.ts';

export interface Metric {
  /** The key Keras logs it under: the name as written in `metrics`. */
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor, mask: Tensor | null): void;
  result(): number;
  reset(): void;
}

/** A metric of one output of the model (Keras 3's CompileMetrics keeps a list per output). */
export interface OutputMetric extends Metric {
  /** The output it reads, by its index in the model's outputs. */
  readonly output: number;
}

/**
 * The metric `name` (canonical or any alias, which then becomes its log key unless `key` is
 * given) for an output of shape `outputShape` trained with the loss `lossName`.
 */
export function makeMetric(name: string, lossName: string, outputShape: readonly Dim[], key = name): Metric {
  const entry = lookupIn(METRICS, name);
  if (!entry) throw new Error(`internal: no metric ${name}`);
  const kind = entry.name === 'accuracy' ? accuracyFor(lossName, outputShape) : entry.name;
  const values = MEAN_METRICS[kind];
  if (values) return new MeanMetric(key, values());
  switch (kind) {
    case 'root_mean_squared_error':
      return new MeanMetric(key, (y, p) => tf.square(tf.sub(p, alignTargets(y, p, false))), { mask: false, finish: Math.sqrt });
    case 'r2_score':
      if (outputShape.length !== 2) throw new Error(`r2_score needs an output of shape (batch, features); this model's is ${outputShape.length}-dimensional`);
      return new R2Score(key);
    case 'auc':
      return new Auc(key);
    case 'precision':
      return new PrecisionRecall(key, 'precision');
    case 'recall':
      return new PrecisionRecall(key, 'recall');
  }
  throw new Error(`internal: the runtime has no metric ${entry.name}`);
}

/**
 * compile_utils.get_metric: one output unit means binary accuracy; integer labels (one axis fewer
 * than the output, which sparse_categorical_crossentropy implies) sparse categorical accuracy;
 * otherwise categorical accuracy.
 */
export function accuracyFor(lossName: string, outputShape: readonly Dim[]): string {
  if (outputShape[outputShape.length - 1] === 1) return 'binary_accuracy';
  return lossName === 'sparse_categorical_crossentropy' ? 'sparse_categorical_accuracy' : 'categorical_accuracy';
}

/** A function giving one value per sample (per step of a sequence). */
type Values = (yTrue: Tensor, yPred: Tensor) => Tensor;

const asFloat = (b: Tensor) => tf.cast(b, 'float32');
const argMax = (x: Tensor) => tf.argMax(x, -1);

/** The Keras loss function of the same name, with its class defaults (from_logits=False, …). */
function lossValues(name: string, sign = 1): Values {
  const loss = sampleLoss(fnDefault(LOSSES, name));
  return (y, p) => {
    const v = loss.values(alignTargets(y, p, loss.sparse), p);
    return sign < 0 ? tf.neg(v) : v;
  };
}

/** in_top_k: the target's score is beaten by fewer than k classes (ties count as in). */
const inTopK = (labels: Tensor, p: Tensor, k: number) => {
  const target = tf.sum(tf.mul(p, asFloat(tf.oneHot(labels, p.shape[p.rank - 1]!))), -1, true);
  return asFloat(tf.less(tf.sum(asFloat(tf.greater(p, target)), -1), k));
};

const TOP_K = 5; // TopKCategoricalAccuracy's default k

const MEAN_METRICS: Readonly<Record<string, () => Values>> = {
  // y_pred > 0.5 compared with the targets, averaged over the last axis.
  binary_accuracy: () => (y, p) => tf.mean(asFloat(tf.equal(alignTargets(y, p, false), asFloat(tf.greater(p, 0.5)))), -1),
  categorical_accuracy: () => (y, p) => asFloat(tf.equal(argMax(alignTargets(y, p, false)), argMax(p))),
  sparse_categorical_accuracy: () => (y, p) => asFloat(tf.equal(alignTargets(y, p, true), argMax(p))),
  top_k_categorical_accuracy: () => (y, p) => inTopK(argMax(alignTargets(y, p, false)), p, TOP_K),
  sparse_top_k_categorical_accuracy: () => (y, p) => inTopK(alignTargets(y, p, true), p, TOP_K),
  mean_squared_error: () => lossValues('mean_squared_error'),
  mean_absolute_error: () => lossValues('mean_absolute_error'),
  mean_absolute_percentage_error: () => lossValues('mean_absolute_percentage_error'),
  mean_squared_logarithmic_error: () => lossValues('mean_squared_logarithmic_error'),
  log_cosh_error: () => lossValues('log_cosh'),
  // The metric is the similarity itself; the loss is its negative.
  cosine_similarity: () => lossValues('cosine_similarity', -1),
  binary_crossentropy: () => lossValues('binary_crossentropy'),
  categorical_crossentropy: () => lossValues('categorical_crossentropy'),
  sparse_categorical_crossentropy: () => lossValues('sparse_categorical_crossentropy'),
  kl_divergence: () => lossValues('kl_divergence'),
  poisson: () => lossValues('poisson'),
  hinge: () => lossValues('hinge'),
  squared_hinge: () => lossValues('squared_hinge'),
  categorical_hinge: () => lossValues('categorical_hinge'),
};

/** Keras's Mean over per-sample values (MeanMetricWrapper when it reads the mask). */
class MeanMetric implements Metric {
  private total = 0;
  private count = 0;

  constructor(
    readonly name: string,
    private readonly values: Values,
    private readonly opts: { mask?: boolean; finish?: (mean: number) => number } = {},
  ) {}

  update(yTrue: Tensor, yPred: Tensor, mask: Tensor | null): void {
    const useMask = this.opts.mask !== false ? mask : null;
    const sums = tf.tidy(() => {
      const v = this.values(yTrue, yPred);
      // reduce_to_samplewise_values: the mean over every axis but the batch, then the batch sum.
      const perSample = (x: Tensor) => (x.rank > 1 ? tf.mean(tf.reshape(x, [x.shape[0], -1]), 1) : x);
      if (!useMask) return tf.stack([tf.sum(perSample(v)), tf.scalar(v.shape[0] ?? 1)]);
      if (!useMask.shape.every((d, i) => d === v.shape[i]) || useMask.rank !== v.rank) {
        throw new Error(`internal: a mask of shape [${useMask.shape}] on metric values of shape [${v.shape}]`);
      }
      return tf.stack([tf.sum(perSample(tf.mul(v, useMask))), tf.sum(perSample(useMask))]);
    });
    const [total, count] = sums.dataSync();
    sums.dispose();
    this.total += total!;
    this.count += count!;
  }

  result(): number {
    const mean = this.count === 0 ? 0 : this.total / this.count;
    return this.opts.finish ? this.opts.finish(mean) : mean;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

/** Targets aligned to the predictions and both read back, flattened (the confusion metrics' view). */
function flatPair(yTrue: Tensor, yPred: Tensor): { t: Float32Array; p: Float32Array } {
  const t = tf.tidy(() => alignTargets(yTrue, yPred, false));
  const out = { t: t.dataSync() as Float32Array, p: yPred.dataSync() as Float32Array };
  t.dispose();
  return out;
}

/** Precision or Recall at Keras's default threshold 0.5: positive when y_pred > 0.5, y_true ≠ 0. */
class PrecisionRecall implements Metric {
  private tp = 0;
  private fp = 0;
  private fn = 0;

  constructor(
    readonly name: string,
    private readonly which: 'precision' | 'recall',
  ) {}

  update(yTrue: Tensor, yPred: Tensor): void {
    const { t, p } = flatPair(yTrue, yPred);
    for (let i = 0; i < p.length; i++) {
      const [label, predicted] = [t[i] !== 0, p[i]! > 0.5];
      if (label && predicted) this.tp++;
      else if (predicted) this.fp++;
      else if (label) this.fn++;
    }
  }

  result(): number {
    const denominator = this.tp + (this.which === 'precision' ? this.fp : this.fn);
    return denominator === 0 ? 0 : this.tp / denominator;
  }

  reset(): void {
    this.tp = this.fp = this.fn = 0;
  }
}

const AUC_THRESHOLDS = 200; // keras.metrics.AUC's num_thresholds

/**
 * keras.metrics.AUC with its defaults: ROC curve, interpolation, 200 thresholds (-ε, 1/199, …,
 * 198/199, 1+ε), predictions clipped to [0, 1] and counted by bucket as
 * _update_confusion_matrix_variables_optimized does: bucket = max(ceil(p · 199) - 1, 0), so a
 * prediction is positive at threshold i when p > i/199.
 */
class Auc implements Metric {
  private readonly positives = new Float64Array(AUC_THRESHOLDS);
  private readonly negatives = new Float64Array(AUC_THRESHOLDS);

  constructor(readonly name: string) {}

  update(yTrue: Tensor, yPred: Tensor): void {
    const { t, p } = flatPair(yTrue, yPred);
    for (let i = 0; i < p.length; i++) {
      const clipped = Math.min(1, Math.max(0, p[i]!));
      const bucket = Math.max(Math.ceil(Math.fround(clipped * (AUC_THRESHOLDS - 1))) - 1, 0);
      (t[i] !== 0 ? this.positives : this.negatives)[bucket]! += 1;
    }
  }

  result(): number {
    // Counts at threshold i are the buckets at or above i.
    const above = (b: Float64Array) => {
      const out = new Float64Array(AUC_THRESHOLDS);
      for (let i = AUC_THRESHOLDS - 1, run = 0; i >= 0; i--) out[i] = run += b[i]!;
      return out;
    };
    const [tp, fp] = [above(this.positives), above(this.negatives)];
    const [pos, neg] = [tp[0]!, fp[0]!];
    const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
    let auc = 0;
    for (let i = 0; i < AUC_THRESHOLDS - 1; i++) {
      const [x0, x1] = [ratio(fp[i]!, neg), ratio(fp[i + 1]!, neg)];
      const [y0, y1] = [ratio(tp[i]!, pos), ratio(tp[i + 1]!, pos)];
      auc += (x0 - x1) * ((y0 + y1) / 2);
    }
    return auc;
  }

  reset(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }
}

/** keras.metrics.R2Score with class_aggregation="uniform_average": per-feature sums over the epoch. */
class R2Score implements Metric {
  private sums: { sum: Float64Array; squares: Float64Array; residual: Float64Array; count: Float64Array } | null = null;

  constructor(readonly name: string) {}

  update(yTrue: Tensor, yPred: Tensor): void {
    const { t, p } = flatPair(yTrue, yPred);
    const features = yPred.shape[yPred.rank - 1]!;
    const s = (this.sums ??= { sum: new Float64Array(features), squares: new Float64Array(features), residual: new Float64Array(features), count: new Float64Array(features) });
    for (let i = 0; i < p.length; i++) {
      const f = i % features;
      s.sum[f]! += t[i]!;
      s.squares[f]! += t[i]! * t[i]!;
      s.residual[f]! += (t[i]! - p[i]!) ** 2;
      s.count[f]! += 1;
    }
  }

  result(): number {
    const s = this.sums;
    if (!s) return NaN;
    let total = 0;
    for (let f = 0; f < s.sum.length; f++) {
      const variance = s.squares[f]! - (s.sum[f]! * s.sum[f]!) / s.count[f]!;
      const raw = 1 - s.residual[f]! / variance;
      // Keras replaces an infinite score (a constant target) by 0; NaN stays.
      total += Number.isFinite(raw) || Number.isNaN(raw) ? raw : 0;
    }
    return total / s.sum.length;
  }

  reset(): void {
    this.sums = null;
  }
}
