// Metrics: keras/src/metrics/__init__.py (class names, snake_case names, and mse/mae/mape/msle/
// bce in either case). `accuracy`/`acc` is resolved by Keras's compile step
// (trainers/compile_utils.py) to binary, categorical or sparse categorical accuracy from the
// loss and output shape; the runtime does the same. Metrics are written bare.

import type { Vocab } from './vocab.ts';

export const METRICS: Vocab = [
  {
    name: 'accuracy',
    aliases: ['acc'],
    doc: 'Fraction of correct predictions; picks binary, categorical or sparse accuracy from the loss.',
  },
  { name: 'binary_accuracy', aliases: ['BinaryAccuracy'], doc: 'Fraction of 0/1 targets matched by predictions thresholded at 0.5.' },
  { name: 'categorical_accuracy', aliases: ['CategoricalAccuracy'], doc: 'Fraction of one-hot targets whose class has the highest prediction.' },
  {
    name: 'sparse_categorical_accuracy',
    aliases: ['SparseCategoricalAccuracy'],
    doc: 'Fraction of integer labels whose class has the highest prediction.',
  },
  {
    name: 'top_k_categorical_accuracy',
    aliases: ['TopKCategoricalAccuracy'],
    doc: 'Fraction of one-hot targets among the 5 highest predictions.',
  },
  {
    name: 'sparse_top_k_categorical_accuracy',
    aliases: ['SparseTopKCategoricalAccuracy'],
    doc: 'Fraction of integer labels among the 5 highest predictions.',
  },
  { name: 'mean_squared_error', aliases: ['mse', 'MSE', 'MeanSquaredError'], doc: 'Mean squared error.' },
  { name: 'root_mean_squared_error', aliases: ['RootMeanSquaredError'], doc: 'Square root of the mean squared error.' },
  { name: 'mean_absolute_error', aliases: ['mae', 'MAE', 'MeanAbsoluteError'], doc: 'Mean absolute error.' },
  {
    name: 'mean_absolute_percentage_error',
    aliases: ['mape', 'MAPE', 'MeanAbsolutePercentageError'],
    doc: 'Mean absolute percentage error.',
  },
  {
    name: 'mean_squared_logarithmic_error',
    aliases: ['msle', 'MSLE', 'MeanSquaredLogarithmicError'],
    doc: 'Mean squared logarithmic error.',
  },
  { name: 'log_cosh_error', aliases: ['LogCoshError'], doc: 'Mean log(cosh(error)).' },
  { name: 'cosine_similarity', aliases: ['CosineSimilarity'], doc: 'Mean cosine similarity between targets and predictions.' },
  { name: 'r2_score', aliases: ['R2Score'], doc: 'Coefficient of determination (1 is a perfect fit).' },
  { name: 'binary_crossentropy', aliases: ['bce', 'BCE', 'BinaryCrossentropy'], doc: 'Binary cross-entropy, as a metric.' },
  { name: 'categorical_crossentropy', aliases: ['CategoricalCrossentropy'], doc: 'Categorical cross-entropy, as a metric.' },
  {
    name: 'sparse_categorical_crossentropy',
    aliases: ['SparseCategoricalCrossentropy'],
    doc: 'Sparse categorical cross-entropy, as a metric.',
  },
  { name: 'kl_divergence', aliases: ['KLDivergence'], doc: 'Kullback-Leibler divergence, as a metric.' },
  { name: 'poisson', aliases: ['Poisson'], doc: 'Poisson loss, as a metric.' },
  { name: 'hinge', aliases: ['Hinge'], doc: 'Hinge loss, as a metric.' },
  { name: 'squared_hinge', aliases: ['SquaredHinge'], doc: 'Squared hinge loss, as a metric.' },
  { name: 'categorical_hinge', aliases: ['CategoricalHinge'], doc: 'Categorical hinge loss, as a metric.' },
  { name: 'auc', aliases: ['AUC'], doc: 'Area under the ROC curve (binary classification).' },
  { name: 'precision', aliases: ['Precision'], doc: 'True positives / predicted positives (threshold 0.5).' },
  { name: 'recall', aliases: ['Recall'], doc: 'True positives / actual positives (threshold 0.5).' },
];
