// A TextVectorization's vocabulary, as Keras's StringLookup (index_lookup.py) keeps it for
// output_mode="int" with mask_token="": id 0 is the padding token "", id 1 the OOV token
// "[UNK]", then rnnc's reserved tokens ([NUM], [URL]) when `replace` asks for them, then the
// tokens. get_vocabulary() lists it in that order, and so do the saved model and these arrays.
//
// adapt (index_lookup.py finalize_state): every token is counted over the training texts, the
// special tokens are dropped from the counts, and the rest sorted with
// np.lexsort((tokens, counts))[::-1] — most frequent first, ties broken by the token itself
// from high to low (numpy compares the UTF-8 bytes, which orders as code points) — then cut to
// max_tokens minus the special ids.

import { reservedTokens } from '../../compiler/layers/text-vectorization.ts';
import { tokenize, type TokenizeOptions } from './tokenize.ts';

export const PADDING_TOKEN = '';
export const OOV_TOKEN = '[UNK]';

export interface VectorizeOptions extends TokenizeOptions {
  readonly max_tokens: number | null;
  readonly output_sequence_length: number | null;
  /** A fed text's start and end tokens (the decode block's), reserved after [NUM]/[URL]. */
  readonly reserved?: readonly string[];
}

/** "", "[UNK]" and the reserved tokens: the ids before the adapted ones. */
export function specialTokens(options: Pick<VectorizeOptions, 'replace' | 'reserved'>): string[] {
  return [PADDING_TOKEN, OOV_TOKEN, ...reservedTokens(options.replace), ...(options.reserved ?? [])];
}

/** Compares two strings by code point, as numpy compares their UTF-8 bytes. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Keras's adapt(): the whole vocabulary, special tokens first, learned from `texts`. */
export function adaptVocabulary(texts: Iterable<string>, options: VectorizeOptions): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const t of tokenize(text, options)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const special = specialTokens(options);
  for (const s of special) counts.delete(s);
  const sorted = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodePoints(b, a));
  const room = options.max_tokens === null ? sorted.length : Math.max(0, options.max_tokens - special.length);
  return [...special, ...sorted.slice(0, room)];
}

export interface VocabularyProblem {
  /** 1-based line of the file. */
  readonly line: number;
  readonly message: string;
  readonly hint: string;
}

/**
 * A vocabulary from a file's lines (Keras: one token per line). The special tokens may lead the
 * file, as get_vocabulary() lists them, and are then taken as they are; elsewhere, or a token
 * twice, is a problem (Keras raises ValueError for both), as is a file longer than max_tokens.
 */
export function vocabularyFromLines(text: string, options: VectorizeOptions): string[] | VocabularyProblem {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const special = specialTokens(options);
  let start = 0;
  if (lines[0] === PADDING_TOKEN && lines[1] === OOV_TOKEN) start = 2;
  else if (lines[0] === OOV_TOKEN) start = 1;
  for (const r of special.slice(2)) if (start >= 1 && lines[start] === r) start++;
  const seen = new Map<string, number>();
  for (let i = start; i < lines.length; i++) {
    const t = lines[i]!;
    if (special.includes(t)) {
      const what = t === PADDING_TOKEN ? 'an empty line (the padding token "")' : `the special token ${t}`;
      return { line: i + 1, message: `${what} stands among the tokens`, hint: `special tokens may only lead the file, in the order ${special.map((s) => JSON.stringify(s)).join(', ')}; remove this line` };
    }
    const first = seen.get(t);
    if (first !== undefined) return { line: i + 1, message: `the token "${t}" is on line ${first} already`, hint: 'each token may be listed once: remove one of the lines' };
    seen.set(t, i + 1);
  }
  const vocabulary = [...special, ...lines.slice(start)];
  if (options.max_tokens !== null && vocabulary.length > options.max_tokens) {
    return {
      line: options.max_tokens - special.length + start + 1,
      message: `the file gives ${vocabulary.length} ids with the special tokens, but max_tokens=${options.max_tokens}`,
      hint: `raise max_tokens to ${vocabulary.length}, or keep only the first ${options.max_tokens - special.length} tokens`,
    };
  }
  return vocabulary;
}

/** Each text as ids, padded with 0 or cut at the end to one length: output_sequence_length, or
 *  the longest text's (at least 1, as a dense tensor of none would be empty). */
export function vectorizeTexts(texts: readonly string[], vocabulary: readonly string[], options: VectorizeOptions): { ids: Int32Array; length: number } {
  return padRows(tokenIds(texts, vocabulary, options), options.output_sequence_length);
}

/** Each text's token ids, unpadded: a token outside the vocabulary is [UNK] (1). */
export function tokenIds(texts: readonly string[], vocabulary: readonly string[], options: TokenizeOptions): number[][] {
  const index = new Map<string, number>();
  vocabulary.forEach((t, i) => index.set(t, i));
  return texts.map((t) => tokenize(t, options).map((tok) => (tok === PADDING_TOKEN ? 0 : (index.get(tok) ?? 1))));
}

/** Rows of ids padded with 0 or cut at the end to `fixed`, or to the longest row (at least 1). */
export function padRows(rows: readonly (readonly number[])[], fixed: number | null): { ids: Int32Array; length: number } {
  let longest = 1;
  for (const r of rows) longest = Math.max(longest, r.length);
  const length = fixed ?? longest;
  const ids = new Int32Array(rows.length * length);
  rows.forEach((r, n) => ids.set(r.length > length ? r.slice(0, length) : r, n * length));
  return { ids, length };
}

/**
 * Token ids back to tokens through a saved vocabulary (what a decoder prints): an id past the
 * vocabulary is "[UNK]", as the lookup maps an unknown token to 1. With `dropPadding`, the
 * padding ids (0) are left out.
 */
export function idsToTokens(vocabulary: readonly string[], ids: ArrayLike<number>, dropPadding = true): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === 0 && dropPadding) continue;
    out.push(Number.isInteger(id) && id >= 0 && id < vocabulary.length ? vocabulary[id]! : OOV_TOKEN);
  }
  return out;
}
