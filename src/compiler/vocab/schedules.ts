// Learning-rate schedules: keras/src/optimizers/schedules/learning_rate_schedule.py, given as an
// optimizer's learning_rate (`Adam(learning_rate=ExponentialDecay(0.01, 1000, 0.9))`). Keras
// names them by class only; the arguments, their order and defaults are the constructors'
// (`name` is not offered: it only names TensorFlow ops). The runtime's src/runtime/train/schedules.ts
// computes them.

import { arg, required, T } from '../layers/args.ts';
import type { Vocab } from './vocab.ts';

const initial = required('initial_learning_rate', T.float({ min: 0 }), 'The learning rate at step 0.', { positional: true });
const decaySteps = required('decay_steps', T.int(1), 'Steps over which the rate decays (by `decay_rate` once, or down to its end).', { positional: true });
const decayRate = required('decay_rate', T.float({ min: 0 }), 'The factor applied per `decay_steps`.', { positional: true });
const staircase = arg('staircase', T.bool(), false, 'Decay in whole steps of `decay_steps` instead of continuously.');

export const SCHEDULES: Vocab = [
  {
    name: 'ExponentialDecay',
    doc: 'initial_learning_rate · decay_rate^(step / decay_steps).',
    args: [initial, decaySteps, decayRate, staircase],
  },
  {
    name: 'InverseTimeDecay',
    doc: 'initial_learning_rate / (1 + decay_rate · step / decay_steps).',
    args: [initial, decaySteps, decayRate, staircase],
  },
  {
    name: 'PiecewiseConstantDecay',
    doc: 'values[0] up to step boundaries[0], values[1] up to boundaries[1], …, the last value after.',
    args: [
      required('boundaries', T.ints(), 'Increasing step numbers where the rate changes.', { positional: true }),
      required('values', T.floats(0), 'The rates: one more than there are boundaries.', { positional: true }),
    ],
  },
  {
    name: 'PolynomialDecay',
    doc: '(initial_learning_rate − end_learning_rate) · (1 − step / decay_steps)^power + end_learning_rate.',
    args: [
      initial,
      decaySteps,
      arg('end_learning_rate', T.float({ min: 0 }), 0.0001, 'The rate reached after decay_steps.'),
      arg('power', T.float({ min: 0 }), 1.0, 'The polynomial’s power; 1 decays linearly.'),
      arg('cycle', T.bool(), false, 'Start again, over a longer span, once decay_steps have passed.'),
    ],
  },
  {
    name: 'CosineDecay',
    doc: 'A half cosine from the initial rate (or warmup_target) down to alpha times it, after an optional linear warmup.',
    args: [
      initial,
      decaySteps,
      arg('alpha', T.float({ min: 0 }), 0.0, 'The final rate as a fraction of the rate the decay starts from.'),
      arg('warmup_target', T.optional(T.float({ min: 0 })), null, 'The rate a linear warmup rises to (None: no warmup).'),
      arg('warmup_steps', T.int(0), 0, 'Steps of the linear warmup.'),
    ],
  },
];
