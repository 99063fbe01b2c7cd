// Losses: keras/src/losses/__init__.py (function names, class names, and the aliases bce, kld,
// mae, mse, mape, msle in either case) with the class defaults of keras/src/losses/losses.py.
// Canonical names are the function names. `reduction`, `name` and `dtype` are not offered: the
// runtime always reduces with Keras's default, sum_over_batch_size.

import { arg, T } from '../layers/args.ts';
import type { ArgSpec } from '../layers/layer-def.ts';
import type { Vocab } from './vocab.ts';

const fromLogits: ArgSpec = arg(
  'from_logits',
  T.bool(),
  false,
  'Whether predictions are raw logits rather than probabilities (no sigmoid/softmax on the output).',
);
const labelSmoothing: ArgSpec = arg(
  'label_smoothing',
  T.float({ min: 0, max: 1 }),
  0.0,
  'Move targets towards uniform by this fraction (0 disables smoothing).',
);
const axis: ArgSpec = arg('axis', T.int(), -1, 'The class (feature) axis.');
const alpha: ArgSpec = arg('alpha', T.float({ min: 0 }), 0.25, 'Class weighting factor of the focal loss.');
const gamma: ArgSpec = arg('gamma', T.float({ min: 0 }), 2.0, 'Focusing parameter: higher down-weights easy examples more.');

export const LOSSES: Vocab = [
  {
    name: 'mean_squared_error',
    aliases: ['mse', 'MSE', 'MeanSquaredError'],
    doc: 'mean((y_true - y_pred)²): regression.',
  },
  {
    name: 'mean_absolute_error',
    aliases: ['mae', 'MAE', 'MeanAbsoluteError'],
    doc: 'mean(|y_true - y_pred|): regression, robust to outliers.',
  },
  {
    name: 'mean_absolute_percentage_error',
    aliases: ['mape', 'MAPE', 'MeanAbsolutePercentageError'],
    doc: '100 · mean(|(y_true - y_pred) / y_true|).',
  },
  {
    name: 'mean_squared_logarithmic_error',
    aliases: ['msle', 'MSLE', 'MeanSquaredLogarithmicError'],
    doc: 'mean((log(y_true + 1) - log(y_pred + 1))²): regression on positive targets.',
  },
  {
    name: 'huber',
    aliases: ['Huber'],
    doc: 'Quadratic for errors below delta, linear above: regression, robust to outliers.',
    args: [arg('delta', T.float({ min: 0, minExclusive: true }), 1.0, 'Where the loss turns from quadratic to linear.', { positional: true })],
  },
  { name: 'log_cosh', aliases: ['LogCosh'], doc: 'mean(log(cosh(y_pred - y_true))): a smooth Huber.' },
  {
    name: 'binary_crossentropy',
    aliases: ['bce', 'BCE', 'BinaryCrossentropy'],
    doc: 'Cross-entropy for 0/1 targets against one sigmoid unit (or several independent ones).',
    args: [fromLogits, labelSmoothing, axis],
  },
  {
    name: 'binary_focal_crossentropy',
    aliases: ['BinaryFocalCrossentropy'],
    doc: 'Binary cross-entropy that down-weights well-classified examples (class imbalance).',
    args: [
      arg('apply_class_balancing', T.bool(), false, 'Weight classes by alpha.'),
      alpha,
      gamma,
      fromLogits,
      labelSmoothing,
      axis,
    ],
  },
  {
    name: 'categorical_crossentropy',
    aliases: ['CategoricalCrossentropy'],
    doc: 'Cross-entropy for one-hot targets against a softmax over classes.',
    args: [fromLogits, labelSmoothing, axis],
  },
  {
    name: 'categorical_focal_crossentropy',
    aliases: ['CategoricalFocalCrossentropy'],
    doc: 'Categorical cross-entropy that down-weights well-classified examples.',
    args: [alpha, gamma, fromLogits, labelSmoothing, axis],
  },
  {
    name: 'sparse_categorical_crossentropy',
    aliases: ['SparseCategoricalCrossentropy'],
    doc: 'Cross-entropy for integer class labels against a softmax over classes.',
    args: [fromLogits, arg('ignore_class', T.optional(T.int()), null, 'A label value that contributes no loss (e.g. padding).')],
  },
  {
    name: 'kl_divergence',
    aliases: ['kld', 'KLD', 'KLDivergence'],
    doc: 'Kullback-Leibler divergence between target and predicted distributions.',
  },
  { name: 'poisson', aliases: ['Poisson'], doc: 'mean(y_pred - y_true · log(y_pred)): count data.' },
  { name: 'hinge', aliases: ['Hinge'], doc: 'mean(max(1 - y_true · y_pred, 0)) for -1/1 (or 0/1) targets.' },
  { name: 'squared_hinge', aliases: ['SquaredHinge'], doc: 'mean(max(1 - y_true · y_pred, 0)²).' },
  { name: 'categorical_hinge', aliases: ['CategoricalHinge'], doc: 'Hinge loss for one-hot targets.' },
  {
    name: 'cosine_similarity',
    aliases: ['CosineSimilarity'],
    doc: 'Negative cosine similarity between targets and predictions.',
    args: [axis],
  },
];
