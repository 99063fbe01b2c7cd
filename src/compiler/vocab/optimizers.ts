// Optimizers: keras/src/optimizers/*.py. Keras resolves a string by lowercasing the class name
// (optimizers/__init__.py: ALL_OBJECTS_DICT = {cls.__name__.lower(): cls}), so the canonical
// name is that lowercase identifier and the class name is an alias: `adam`, `Adam(...)`.
// Every optimizer also takes Keras's base arguments weight_decay, clipnorm, clipvalue and
// global_clipnorm (keras/src/optimizers/base_optimizer.py; at most one of the three clip
// arguments may be set). use_ema, loss_scale_factor and gradient_accumulation_steps are not
// offered: the runtime does not implement them.

import { arg, T } from '../layers/args.ts';
import type { ArgSpec } from '../layers/layer-def.ts';
import type { Vocab } from './vocab.ts';

const lr = (def: number): ArgSpec =>
  arg('learning_rate', T.floatOrSchedule(0), def, 'Step size of each update: a number, or a schedule such as `ExponentialDecay(0.01, decay_steps=1000, decay_rate=0.9)`.', { positional: true });
const epsilon = (def: number): ArgSpec =>
  arg('epsilon', T.float({ min: 0 }), def, 'Small constant added for numerical stability.');
const beta1 = arg('beta_1', T.float({ min: 0, max: 1, maxExclusive: true }), 0.9, 'Decay rate of the first-moment (mean) estimate.');
const beta2 = arg('beta_2', T.float({ min: 0, max: 1, maxExclusive: true }), 0.999, 'Decay rate of the second-moment (variance) estimate.');
const amsgrad = arg('amsgrad', T.bool(), false, 'Use the AMSGrad variant (keeps the maximum of past second moments).');

const clip = (name: string, doc: string): ArgSpec =>
  arg(name, T.optional(T.float({ min: 0, minExclusive: true })), null, doc);

/** Keras's base optimizer arguments, shared by every optimizer (weight_decay default differs for AdamW). */
function base(weightDecay: number | null): ArgSpec[] {
  return [
    arg('weight_decay', T.optional(T.float({ min: 0 })), weightDecay, 'Decoupled weight decay applied at each step (None: off).'),
    clip('clipnorm', 'Clip each gradient to this norm.'),
    clip('clipvalue', 'Clip each gradient element to [-clipvalue, clipvalue].'),
    clip('global_clipnorm', 'Clip all gradients together to this global norm.'),
  ];
}

export const OPTIMIZERS: Vocab = [
  {
    name: 'sgd',
    aliases: ['SGD'],
    doc: 'Stochastic gradient descent, with optional (Nesterov) momentum.',
    args: [
      lr(0.01),
      arg('momentum', T.float({ min: 0, max: 1 }), 0.0, 'Momentum in [0, 1]; 0 is plain gradient descent.'),
      arg('nesterov', T.bool(), false, 'Use Nesterov momentum.'),
      ...base(null),
    ],
  },
  {
    name: 'adam',
    aliases: ['Adam'],
    doc: 'Adam: adaptive moment estimation; a good default.',
    args: [lr(0.001), beta1, beta2, epsilon(1e-7), amsgrad, ...base(null)],
  },
  {
    name: 'adamw',
    aliases: ['AdamW'],
    doc: 'Adam with decoupled weight decay (default 0.004).',
    args: [lr(0.001), beta1, beta2, epsilon(1e-7), amsgrad, ...base(0.004)],
  },
  {
    name: 'rmsprop',
    aliases: ['RMSprop'],
    doc: 'RMSprop: divides the gradient by a running root-mean-square; a classic for RNNs.',
    args: [
      lr(0.001),
      arg('rho', T.float({ min: 0, max: 1 }), 0.9, 'Discounting factor for the running average of squared gradients.'),
      arg('momentum', T.float({ min: 0, max: 1 }), 0.0, 'Momentum; 0 disables it.'),
      epsilon(1e-7),
      arg('centered', T.bool(), false, 'Normalise by the estimated variance rather than the second moment.'),
      ...base(null),
    ],
  },
  {
    name: 'adagrad',
    aliases: ['Adagrad'],
    doc: 'Adagrad: per-parameter rates that shrink with accumulated squared gradients.',
    args: [
      lr(0.001),
      arg('initial_accumulator_value', T.float({ min: 0 }), 0.1, 'Starting value of the accumulators (non-negative).'),
      epsilon(1e-7),
      ...base(null),
    ],
  },
  {
    name: 'adadelta',
    aliases: ['Adadelta'],
    doc: 'Adadelta: Adagrad with a moving window instead of a full accumulation.',
    args: [lr(0.001), arg('rho', T.float({ min: 0, max: 1 }), 0.95, 'Decay rate.'), epsilon(1e-7), ...base(null)],
  },
  {
    name: 'adamax',
    aliases: ['Adamax'],
    doc: 'Adamax: Adam with the infinity norm.',
    args: [lr(0.001), beta1, beta2, epsilon(1e-7), ...base(null)],
  },
  {
    name: 'nadam',
    aliases: ['Nadam'],
    doc: 'Nadam: Adam with Nesterov momentum.',
    args: [lr(0.001), beta1, beta2, epsilon(1e-7), ...base(null)],
  },
];
