// A plain-text corpus (`.txt`, or gzipped `.txt.gz`) for a character-level language model:
//   data = { file = "book.txt", window = 100 }
// The text is read as UTF-8 (a byte that is not UTF-8 is E0649 at that byte; "\r\n" line ends
// are read as "\n"), each character (code point) becomes an id, and the ids are cut into windows:
//   x_i = ids[i·stride … i·stride + window − 1]
//   y_i = the same window one character later (a model whose output is a sequence: the next
//         character at every step), or the one character after the window (an output of one step)
// so a text of L characters gives floor((L − window − 1) / stride) + 1 samples. `stride` is
// `window` unless given: windows side by side, each character a target once per epoch, as
// TensorFlow's text-generation tutorial cuts its text (`batch(seq_length + 1)`).
//
// The ids are those TextVectorization(split="character", standardize=None) would adapt on the
// text (runtime/text/vocabulary.ts): 0 the padding "", 1 "[UNK]", then the characters, most
// frequent first. Adapted on the training file (the whole of it: a character set is not a
// statistic the held-out part could leak much into), saved with the model (model.json's
// `rnnc.text_vocabulary`), and given back when a saved model predicts, evaluates or generates:
// a character it never saw is then [UNK].

import { gunzipSync } from 'node:zlib';
import type { CheckedModel } from '../../compiler/ir.ts';
import { formatShape, type ValueType } from '../../compiler/tensor-type.ts';
import { RnncError } from '../errors.ts';
import { adaptVocabulary, OOV_TOKEN, PADDING_TOKEN } from '../text/vocabulary.ts';
import { int32, type NdArray } from './nd-array.ts';

/** TextVectorization's options that number characters as they are: no lowercasing, no stripping. */
const CHARACTERS = { split: 'character', standardize: null, ngrams: null, replace: null, max_tokens: null, output_sequence_length: null } as const;

/** The file's text: gunzipped when it starts with gzip's magic bytes, UTF-8 checked, "\r\n" as "\n". */
export function readTextCorpus(raw: Uint8Array, file: string): string {
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  let bytes = raw;
  if (gzipped) {
    try {
      bytes = gunzipSync(raw);
    } catch (e) {
      throw new RnncError('E0649', `${file} starts as a gzip file but cannot be unpacked: ${(e as Error).message}`, file, 'download or unpack it again; a text corpus is UTF-8 text, gzipped or not');
    }
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    throw new RnncError(
      'E0649',
      `${file} is not UTF-8 text: the byte 0x${hex}${gzipped ? ` (at offset ${bad} of its unpacked contents)` : ''} begins no UTF-8 character`,
      gzipped ? { file } : { file, offset: bad },
      'convert it to UTF-8 first, e.g. `iconv -f latin1 -t utf-8 book.txt > book-utf8.txt`',
    );
  }
  return new TextDecoder().decode(bytes).replace(/\r\n/g, '\n');
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    const b1 = bytes[i + 1]!;
    // Overlong three- and four-byte forms, UTF-16 surrogates, and code points past U+10FFFF.
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/** The ids of the text's characters: "", "[UNK]", then each character, most frequent first. */
export function characterVocabulary(text: string): string[] {
  return adaptVocabulary([text], CHARACTERS);
}

/** The text as ids through `vocabulary`; a character outside it is [UNK] (1). */
export function characterIds(text: string, vocabulary: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  vocabulary.forEach((t, i) => {
    if (t !== PADDING_TOKEN && t !== OOV_TOKEN) index.set(t, i);
  });
  const chars = Array.from(text);
  const ids = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) ids[i] = index.get(chars[i]!) ?? 1;
  return ids;
}

/** What a window is labelled with: the window one character on, or the character after it. */
export type CorpusTarget = 'shifted' | 'next';

export interface CorpusRequest {
  readonly window: number;
  readonly stride?: number;
  /** A saved model's vocabulary; adapted on the text when absent. */
  readonly vocabulary?: readonly string[];
}

export interface Corpus {
  readonly x: NdArray;
  readonly y: NdArray;
  readonly vocabulary: readonly string[];
}

/** The corpus cut into windows for `model`: its ids checked against the model's Embedding and output. */
export function corpusWindows(text: string, model: CheckedModel, request: CorpusRequest, file: string): Corpus {
  const { window } = request;
  const stride = request.stride ?? window;
  const vocabulary = request.vocabulary ?? characterVocabulary(text);
  const output = model.outputTypes.length === 1 ? model.outputTypes[0] : undefined;
  const target = corpusTarget(output, window, file);
  checkVocabularyFits(model, output, vocabulary.length, file);
  const ids = characterIds(text, vocabulary);
  if (ids.length < window + 1) {
    throw new RnncError('E0611', `${file} holds ${ids.length} characters, too few for a window of ${window} and the character after it (at least ${window + 1})`, file, 'use a smaller window, or a longer text');
  }
  const n = Math.floor((ids.length - window - 1) / stride) + 1;
  const x = new Int32Array(n * window);
  const yWidth = target === 'shifted' ? window : 1;
  const y = new Int32Array(n * yWidth);
  for (let i = 0; i < n; i++) {
    const at = i * stride;
    x.set(ids.subarray(at, at + window), i * window);
    if (target === 'shifted') y.set(ids.subarray(at + 1, at + window + 1), i * window);
    else y[i] = ids[at + window]!;
  }
  return { x: int32([n, window], x), y: int32(target === 'shifted' ? [n, window] : [n], y), vocabulary };
}

/** (None, window or None, V): the shifted window; (None, V): the next character; else E0620. */
function corpusTarget(output: ValueType | undefined, window: number, file: string): CorpusTarget {
  if (!output || output.kind === 'unknown') return 'shifted';
  const [, steps] = output.shape;
  if (output.shape.length === 3 && (steps === null || steps === window)) return 'shifted';
  if (output.shape.length === 2) return 'next';
  throw new RnncError(
    'E0620',
    `the model outputs ${formatShape(output.shape)}, and windows of ${window} characters give labels for an output (None, ${window}, characters) — the next character at every step — or (None, characters) — the one after the window`,
    file,
    'end the model with return_sequences=true and Dense(characters, activation=softmax), or with a last LSTM returning one vector and the same Dense',
  );
}

/** E0650 unless the Embedding reading the ids and the output's classes cover the vocabulary. */
function checkVocabularyFits(model: CheckedModel, output: ValueType | undefined, size: number, file: string): void {
  const characters = `${file} has ${size - 2} different characters: ${size} ids with the padding and [UNK] (0 and 1)`;
  for (const node of model.nodes) {
    if (node.layer.type !== 'Embedding' || !node.inputs.some((r) => r.node === -1 && r.index === 0)) continue;
    const inputDim = node.layer.config.input_dim;
    if (inputDim < size) throw new RnncError('E0650', `${characters}, but Embedding(${inputDim}, …) \`${node.layer.name}\` has rows for ${inputDim}`, file, `make it Embedding(${size}, …)`);
  }
  const classes = output && output.kind !== 'unknown' ? output.shape[output.shape.length - 1] : null;
  if (typeof classes === 'number' && classes < size) {
    throw new RnncError('E0650', `${characters}, but the model's output scores ${classes} classes`, file, `make the last layer Dense(${size}, activation=softmax)`);
  }
}
