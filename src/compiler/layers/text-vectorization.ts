// TextVectorization: keras/src/layers/preprocessing/text_vectorization.py (Keras 3). Raw text,
// one string per sample — an Input of shape (1,) and dtype=string (Keras also takes shape (),
// which rnnc's shapes do not; the rule below accepts both) — becomes a sequence of
// token ids: standardize, split, optional ngrams, then look each token up in a vocabulary whose
// id 0 is the padding token "" and id 1 the out-of-vocabulary token "[UNK]" (StringLookup with
// mask_token="", Keras's order). The output is (batch, output_sequence_length) int32, padded
// with 0 or truncated at the end; without output_sequence_length, as long as the longest text.
//
// The vocabulary is adapted on the training text before training starts (Keras's adapt(),
// src/runtime/text/adapt-text.ts) or read from `vocabulary=`, a file of one token per line,
// and saved with the model. The layer has no weights: Keras's summary shows 0 parameters.
//
// Deliberate differences and additions:
// - output_mode: only "int" is computed; "multi_hot", "one_hot", "count" and "tf_idf" are named
//   and refused (E0213). pad_to_max_tokens, idf_weights, sparse, ragged and encoding are not
//   offered (they serve the refused modes, or TensorFlow's own tensors).
// - ngrams: an int n only (1-grams up to n-grams, as Keras's int form); Keras's tuple is not offered.
// - standardize and split: Keras's named choices or None; Keras's callables cannot be written.
// - `replace` is rnnc's (the course notes: numbers become "[NUM]", URLs "[URL]"): reserved tokens
//   placed right after "[UNK]" (ids 2, 3), matched in the raw text before standardization strips
//   the punctuation a number or a URL is made of.
// - The output is int32 (Keras: int64), which is what an Embedding reads.

import { tensor, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { defineLayer, fail, fmt, isFailure, ok, single } from './define.ts';
import type { ConfigOf, ShapeResult } from './layer-def.ts';

const ARGS = [
  arg('max_tokens', T.optional(T.int(1)), null, 'The vocabulary’s size at most, "" and [UNK] (and reserved tokens) included; None: every token of the training text.'),
  arg('standardize', T.optional(T.vocab('standardize')), 'lower_and_strip_punctuation', 'How text is cleaned before splitting: lower_and_strip_punctuation, lower, strip_punctuation, or None.'),
  arg('split', T.optional(T.vocab('split')), 'whitespace', 'How text is cut into tokens: whitespace, character, or None (the whole text is one token).'),
  arg('ngrams', T.optional(T.int(1)), null, 'n: also make the 2-grams … n-grams of the tokens (joined by a space) as tokens; None: single tokens.'),
  arg('output_mode', T.vocab('output_mode'), 'int', 'int: one id per token (the only mode rnnc computes).'),
  arg('output_sequence_length', T.optional(T.int(1)), null, 'Pad with 0 or cut at the end to exactly this many ids; None: as long as the longest text.'),
  arg('vocabulary', T.optional(T.string()), null, 'A text file (relative to the .rnn file) with one token per line, most frequent first; None: adapted on the training text.'),
  arg('replace', T.optional(T.vocab('text_replace')), null, 'rnnc’s addition: num, url or num_and_url turn numbers into [NUM] and URLs into [URL], reserved ids after [UNK].'),
] as const;

export type TextVectorizationConfig = ConfigOf<typeof ARGS>;

/** The reserved tokens `replace` puts after "[UNK]", in id order. */
export function reservedTokens(replace: string | null): readonly string[] {
  if (replace === 'num') return ['[NUM]'];
  if (replace === 'url') return ['[URL]'];
  if (replace === 'num_and_url') return ['[NUM]', '[URL]'];
  return [];
}

/** The ids before the adapted tokens: "" (0), "[UNK]" (1) and the reserved tokens. */
export const specialTokenCount = (config: { readonly replace: string | null }): number => 2 + reservedTokens(config.replace).length;

function inferShape(inputs: readonly TensorType[], config: TextVectorizationConfig): ShapeResult {
  const x = single('TextVectorization', inputs);
  if (isFailure(x)) return x;
  if (config.output_mode !== 'int') {
    return fail('E0213', `TextVectorization's output_mode="${config.output_mode}" is not computed by rnnc`, {
      arg: 'output_mode',
      label: 'only output_mode="int" is supported',
      hint: 'use output_mode="int" (one id per token) and an Embedding after it; multi_hot, one_hot, count and tf_idf are not offered',
    });
  }
  if (config.split === null && (config.replace !== null || config.ngrams !== null)) {
    const what = config.replace !== null ? 'replace' : 'ngrams';
    return fail('E0213', `TextVectorization's \`${what}\` needs the text split into tokens, but split=None keeps each text whole`, {
      arg: what,
      label: 'needs split="whitespace" or "character"',
      hint: `drop \`${what}\`, or split the text`,
    });
  }
  const special = specialTokenCount(config);
  if (config.max_tokens !== null && config.max_tokens <= special) {
    return fail('E0213', `TextVectorization's max_tokens=${config.max_tokens} leaves no room for a word: ids 0 to ${special - 1} are the padding, [UNK]${special > 2 ? ' and the reserved tokens' : ''}`, {
      arg: 'max_tokens',
      label: `needs more than ${special}`,
      hint: `max_tokens counts every id; give at least ${special + 1}, e.g. max_tokens=10000`,
    });
  }
  if (x.dtype !== 'string') {
    return fail('E0214', `TextVectorization reads text, but gets ${x.dtype} values`, {
      label: `expects string, gets ${x.dtype}`,
      hint: 'declare the input as text: Input(shape=(1,), dtype=string)',
    });
  }
  const sample = x.shape.slice(1);
  if (!(sample.length === 0 || (sample.length === 1 && sample[0] === 1))) {
    return fail('E0214', `TextVectorization reads one text per sample, shape (1,), but gets ${fmt(x.shape)}`, {
      label: 'expects (None, 1)',
      hint: 'give the Input shape=(1,) and one string per sample',
    });
  }
  return ok(tensor([x.shape[0] ?? null, config.output_sequence_length], 'int32'));
}

export const TEXT_VECTORIZATION = defineLayer({
  name: 'TextVectorization',
  category: 'preprocessing',
  autoName: 'text_vectorization',
  doc: 'Turns raw text into token ids: lowercase and strip punctuation, split on whitespace, look each token up in a vocabulary adapted on the training text (0 pads, 1 is [UNK]). (batch, 1) string → (batch, output_sequence_length) int32.',
  args: ARGS,
  arity: 'one',
  acceptsMask: false,
  inferShape,
  weights: () => [],
});
