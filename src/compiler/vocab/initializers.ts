// Weight initializers: keras/src/initializers/__init__.py (class names, their snake_case forms
// and the aliases uniform, normal, orthogonal, one, zero) with the defaults of
// random_initializers.py and constant_initializers.py. Canonical names are snake_case.

import { arg, T } from '../layers/args.ts';
import type { ArgSpec } from '../layers/layer-def.ts';
import type { Vocab } from './vocab.ts';

const seed: ArgSpec = arg('seed', T.optional(T.int()), null, 'Random seed; None draws a fresh one.');
const gain: ArgSpec = arg('gain', T.float(), 1.0, 'Multiplicative factor applied to the matrix.', { positional: true });
const mean: ArgSpec = arg('mean', T.float(), 0.0, 'Mean of the distribution.', { positional: true });
const stddev: ArgSpec = arg('stddev', T.float({ min: 0 }), 0.05, 'Standard deviation of the distribution.', {
  positional: true,
});

export const INITIALIZERS: Vocab = [
  {
    name: 'glorot_uniform',
    aliases: ['GlorotUniform'],
    doc: 'Uniform in ±sqrt(6 / (fan_in + fan_out)) (Xavier); the default for kernels.',
    args: [seed],
  },
  {
    name: 'glorot_normal',
    aliases: ['GlorotNormal'],
    doc: 'Truncated normal, stddev sqrt(2 / (fan_in + fan_out)).',
    args: [seed],
  },
  { name: 'he_uniform', aliases: ['HeUniform'], doc: 'Uniform in ±sqrt(6 / fan_in); suits relu.', args: [seed] },
  { name: 'he_normal', aliases: ['HeNormal'], doc: 'Truncated normal, stddev sqrt(2 / fan_in); suits relu.', args: [seed] },
  { name: 'lecun_uniform', aliases: ['LecunUniform'], doc: 'Uniform in ±sqrt(3 / fan_in).', args: [seed] },
  { name: 'lecun_normal', aliases: ['LecunNormal'], doc: 'Truncated normal, stddev sqrt(1 / fan_in); suits selu.', args: [seed] },
  {
    name: 'orthogonal',
    aliases: ['Orthogonal', 'OrthogonalInitializer', 'orthogonal_initializer'],
    doc: 'A random orthogonal matrix times gain; the default for recurrent kernels.',
    args: [gain, seed],
  },
  {
    name: 'identity',
    aliases: ['Identity', 'IdentityInitializer'],
    doc: 'The identity matrix times gain (2-D weights only); the IRNN recipe for recurrent kernels.',
    args: [gain],
  },
  { name: 'zeros', aliases: ['Zeros', 'zero'], doc: 'All zeros; the default for biases.' },
  { name: 'ones', aliases: ['Ones', 'one'], doc: 'All ones.' },
  {
    name: 'constant',
    aliases: ['Constant'],
    doc: 'Every entry equal to value.',
    args: [arg('value', T.float(), 0.0, 'The value of every entry.', { positional: true })],
  },
  {
    name: 'random_normal',
    aliases: ['RandomNormal', 'normal'],
    doc: 'Normal distribution (Keras 3 default mean 0.0, stddev 0.05).',
    args: [mean, stddev, seed],
  },
  {
    name: 'random_uniform',
    aliases: ['RandomUniform', 'uniform'],
    doc: 'Uniform distribution (Keras 3 default ±0.05); the default for embeddings.',
    args: [
      arg('minval', T.float(), -0.05, 'Lower bound (inclusive).', { positional: true }),
      arg('maxval', T.float(), 0.05, 'Upper bound (exclusive).', { positional: true }),
      seed,
    ],
  },
  {
    name: 'truncated_normal',
    aliases: ['TruncatedNormal'],
    doc: 'Normal distribution redrawn beyond two standard deviations (mean 0.0, stddev 0.05).',
    args: [mean, stddev, seed],
  },
  {
    name: 'variance_scaling',
    aliases: ['VarianceScaling'],
    doc: 'Scale / fan, sampled from a (truncated) normal or uniform distribution.',
    args: [
      arg('scale', T.float({ min: 0, minExclusive: true }), 1.0, 'Scaling factor (positive).', { positional: true }),
      arg('mode', T.string(), 'fan_in', 'Which fan divides the scale: "fan_in", "fan_out" or "fan_avg".'),
      arg(
        'distribution',
        T.string(),
        'truncated_normal',
        'One of "truncated_normal", "untruncated_normal" or "uniform" ("normal" means truncated_normal).',
      ),
      seed,
    ],
  },
];
