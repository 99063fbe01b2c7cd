// Activation functions: keras/src/activations/__init__.py (ALL_OBJECTS_DICT plus the `swish`
// and `hard_swish` aliases). Canonical names are what Keras serialises (`silu`, not `swish`).
// Activations are written bare; those with parameters (leaky_relu, elu, softmax, gelu) use
// Keras's defaults, given in the doc line. `None` means `linear` (activations.get(None)).
// Deliberately absent: `crelu`, which doubles the last axis and so is not shape-preserving.

import type { Vocab } from './vocab.ts';

export const ACTIVATIONS: Vocab = [
  { name: 'linear', doc: 'Identity, a(x) = x; what `None` means.' },
  { name: 'tanh', doc: 'Hyperbolic tangent, in (-1, 1); the default of recurrent layers.' },
  { name: 'sigmoid', doc: '1 / (1 + exp(-x)), in (0, 1); the default recurrent (gate) activation.' },
  { name: 'hard_sigmoid', doc: 'Piecewise-linear sigmoid; Keras 3 defines it as relu6(x + 3) / 6 (Keras 2 used 0.2x + 0.5).' },
  { name: 'relu', doc: 'max(x, 0).' },
  { name: 'relu6', doc: 'min(max(x, 0), 6).' },
  { name: 'leaky_relu', doc: 'x for x > 0, else 0.2·x (Keras 3 default negative_slope=0.2).' },
  { name: 'elu', doc: 'x for x > 0, else exp(x) - 1 (alpha=1.0).' },
  { name: 'selu', doc: 'Scaled ELU (alpha≈1.6733, scale≈1.0507); pair with lecun_normal.' },
  { name: 'gelu', doc: 'Gaussian error linear unit, x·Φ(x) (exact, approximate=False).' },
  { name: 'softplus', doc: 'log(exp(x) + 1).' },
  { name: 'softsign', doc: 'x / (|x| + 1).' },
  { name: 'silu', aliases: ['swish'], doc: 'x·sigmoid(x) (also called swish).' },
  { name: 'hard_silu', aliases: ['hard_swish'], doc: 'x·relu6(x + 3) / 6 (also called hard_swish).' },
  { name: 'mish', doc: 'x·tanh(softplus(x)).' },
  { name: 'exponential', doc: 'exp(x).' },
  { name: 'softmax', doc: 'exp(x) / sum(exp(x)) over the last axis: a probability distribution.' },
  { name: 'log_softmax', doc: 'log(softmax(x)) over the last axis.' },
];
