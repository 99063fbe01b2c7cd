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
  { name: 'string', doc: 'Raw text, one string per sample: the input of a TextVectorization, which turns it into token ids.' },
];

// TextVectorization's choices: keras/src/layers/preprocessing/text_vectorization.py.

export const STANDARDIZES: Vocab = [
  { name: 'lower_and_strip_punctuation', doc: 'Lowercase (ASCII letters, as tf.strings.lower) and remove the 32 ASCII punctuation characters.' },
  { name: 'lower', doc: 'Lowercase ASCII letters only.' },
  { name: 'strip_punctuation', doc: 'Remove the ASCII punctuation characters !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ only.' },
];

export const SPLITS: Vocab = [
  { name: 'whitespace', doc: 'Split on runs of whitespace; leading and trailing whitespace gives no empty token.' },
  { name: 'character', doc: 'One token per Unicode character (code point).' },
];

/** Keras's output modes; rnnc computes `int` only and refuses the others by name (E0213). */
export const OUTPUT_MODES: Vocab = [
  { name: 'int', doc: 'One integer id per token: 0 pads, 1 is [UNK], the vocabulary from 2.' },
  { name: 'multi_hot', aliases: ['binary'], doc: 'Not computed by rnnc: one 0/1 per vocabulary entry.' },
  { name: 'one_hot', doc: 'Not computed by rnnc: one one-hot vector per token.' },
  { name: 'count', doc: 'Not computed by rnnc: a count per vocabulary entry.' },
  { name: 'tf_idf', aliases: ['tf-idf'], doc: 'Not computed by rnnc: TF-IDF weights per vocabulary entry.' },
];

/** rnnc's addition to TextVectorization (Keras has none): reserved tokens for numbers and URLs. */
export const TEXT_REPLACEMENTS: Vocab = [
  { name: 'num', doc: 'Numbers (3, 2.5, 1,000) become the reserved token [NUM] (id 2).' },
  { name: 'url', doc: 'URLs (http://…, https://…, www.…) become the reserved token [URL] (id 2).' },
  { name: 'num_and_url', doc: 'Numbers become [NUM] (id 2) and URLs [URL] (id 3).' },
];
