// Weight regularizers: keras/src/regularizers/regularizers.py. Note Keras 3's own defaults:
// l1(l1=0.01), l2(l2=0.01), but l1_l2(l1=0.0, l2=0.0) — the class defaults, not the 0.01 its
// docstring claims for the string form (in Keras 3 the string "l1_l2" is not even registered:
// to_snake_case("L1L2") is "l1l2"; we accept both spellings).

import { arg, T } from '../layers/args.ts';
import type { Vocab } from './vocab.ts';

const factor = (name: string, def: number, doc: string) =>
  arg(name, T.float({ min: 0 }), def, doc, { positional: true });

export const REGULARIZERS: Vocab = [
  {
    name: 'l1',
    aliases: ['L1'],
    doc: 'Adds l1 · sum(|w|) to the loss.',
    args: [factor('l1', 0.01, 'The L1 factor (non-negative).')],
  },
  {
    name: 'l2',
    aliases: ['L2'],
    doc: 'Adds l2 · sum(w²) to the loss.',
    args: [factor('l2', 0.01, 'The L2 factor (non-negative).')],
  },
  {
    name: 'l1_l2',
    aliases: ['L1L2', 'l1l2'],
    doc: 'Adds l1 · sum(|w|) + l2 · sum(w²); both factors default to 0.0 in Keras 3.',
    args: [factor('l1', 0.0, 'The L1 factor (non-negative).'), factor('l2', 0.0, 'The L2 factor (non-negative).')],
  },
  {
    name: 'orthogonal_regularizer',
    aliases: ['OrthogonalRegularizer'],
    doc: 'Pushes the rows (or columns) of a 2-D weight towards orthogonality.',
    args: [
      factor('factor', 0.01, 'The regularization factor.'),
      arg('mode', T.string(), 'rows', 'Which vectors to make orthogonal: "rows" or "columns".'),
    ],
  },
];
