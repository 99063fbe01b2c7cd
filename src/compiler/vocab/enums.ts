// Small enum-like vocabularies. None, where Keras allows it (merge_mode=None), is expressed by
// an `optional` argument type, not by an entry here.

import type { Vocab } from './vocab.ts';

/** Bidirectional's merge_mode: keras/src/layers/rnn/bidirectional.py. */
export const MERGE_MODES: Vocab = [
  { name: 'concat', doc: 'Concatenate both directions on the last axis (doubles it).' },
  { name: 'sum', doc: 'Add the two directions element-wise.' },
  { name: 'mul', doc: 'Multiply the two directions element-wise.' },
  { name: 'ave', doc: 'Average the two directions element-wise.' },
];

/** Convolution and pooling padding: keras/src/utils/argument_validation.py (causal: 1-D conv only). */
export const PADDINGS: Vocab = [
  { name: 'valid', doc: 'No padding: the output is shorter than the input.' },
  { name: 'same', doc: 'Pad evenly so that, with stride 1, the output is as long as the input.' },
  { name: 'causal', doc: 'Pad on the left only, so output[t] never sees input[t+1:] (Conv1D only).' },
];

/** The dtypes a tensor may have in the language (Keras has more; these are the ones we need). */
export const DTYPES: Vocab = [
  { name: 'float32', doc: '32-bit floating point: features, activations, targets.' },
  { name: 'int32', doc: '32-bit integers: token ids for an Embedding, class labels.' },
];
