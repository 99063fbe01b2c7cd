// Weight constraints, applied after each optimizer step: keras/src/constraints/constraints.py.
// Keras also accepts a list of axes for `axis`; the language takes one axis (a deliberate
// restriction: every weight a recurrent model has is at most 3-D).

import { arg, T } from '../layers/args.ts';
import type { Vocab } from './vocab.ts';

const axis = arg('axis', T.int(), 0, 'The axis along which weight norms are computed (0: each unit’s incoming weights).');

export const CONSTRAINTS: Vocab = [
  {
    name: 'max_norm',
    aliases: ['MaxNorm'],
    doc: 'Rescales incoming weight vectors whose norm exceeds max_value.',
    args: [arg('max_value', T.float({ min: 0 }), 2, 'The largest allowed norm.', { positional: true }), axis],
  },
  { name: 'non_neg', aliases: ['NonNeg'], doc: 'Sets negative weights to zero.' },
  { name: 'unit_norm', aliases: ['UnitNorm'], doc: 'Rescales incoming weight vectors to norm 1.', args: [axis] },
  {
    name: 'min_max_norm',
    aliases: ['MinMaxNorm'],
    doc: 'Keeps the norm of incoming weight vectors between min_value and max_value.',
    args: [
      arg('min_value', T.float({ min: 0 }), 0.0, 'The smallest allowed norm.', { positional: true }),
      arg('max_value', T.float({ min: 0 }), 1.0, 'The largest allowed norm.', { positional: true }),
      arg('rate', T.float({ min: 0, max: 1 }), 1.0, 'How strictly to enforce it: 1.0 clips, smaller values move towards the range.'),
      axis,
    ],
  },
];
