// TextVectorization's _preprocess() on the host: standardize, split, ngrams, as
// keras/src/layers/preprocessing/text_vectorization.py does it with TensorFlow's string ops.
// - lower: tf.strings.lower without an encoding, which lowercases ASCII letters only ("É" stays).
// - strip_punctuation: regex_replace of [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\'] by "" — the
//   32 characters of Python's string.punctuation, removed (not replaced by a space: "don't" is
//   "dont", "well-known" is "wellknown").
// - whitespace: tf.strings.split without a separator — runs of whitespace separate tokens, and
//   leading or trailing whitespace gives no empty token.
// - character: tf.strings.unicode_split(…, "UTF-8") — one token per code point.
// - ngrams n: tf.strings.ngrams(tokens, ngram_width=(1, …, n), separator=" ") — all 1-grams,
//   then all 2-grams, and so on; a text shorter than a width has none of that width.
// rnnc's `replace` (none in Keras) runs first, on the raw text: a number or a URL is one reserved
// token wherever it stands, and the text between them is standardized and split as usual.

export interface TokenizeOptions {
  readonly standardize: string | null;
  readonly split: string | null;
  readonly ngrams: number | null;
  readonly replace: string | null;
}

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** The ASCII whitespace tf.strings.split splits on. */
const WHITESPACE = /[ \t\n\v\f\r]+/;
const URL = String.raw`(?:https?://|www\.)[^\s]*[^\s.,;:!?)\]'"]`;
const NUMBER = String.raw`(?<![\p{L}\p{N}_])\d+(?:[.,]\d+)*(?![\p{L}\p{N}_])`;

export function standardize(text: string, mode: string | null): string {
  let s = text;
  if (mode === 'lower' || mode === 'lower_and_strip_punctuation') s = s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  if (mode === 'strip_punctuation' || mode === 'lower_and_strip_punctuation') s = s.replace(PUNCTUATION, '');
  return s;
}

export function split(text: string, mode: string | null): string[] {
  if (mode === 'whitespace') return text.split(WHITESPACE).filter((t) => t !== '');
  if (mode === 'character') return Array.from(text);
  return [text];
}

/** Keras's ngrams(n): the tokens, then each run of 2, …, n of them joined by a space. */
export function ngrams(tokens: readonly string[], n: number | null): string[] {
  if (n === null) return [...tokens];
  const out: string[] = [];
  for (let width = 1; width <= n; width++) {
    for (let i = 0; i + width <= tokens.length; i++) out.push(tokens.slice(i, i + width).join(' '));
  }
  return out;
}

function replacer(replace: string | null): RegExp | null {
  if (replace === 'num') return new RegExp(`(${NUMBER})`, 'gu');
  if (replace === 'url') return new RegExp(`(${URL})`, 'gu');
  if (replace === 'num_and_url') return new RegExp(`(${URL})|(${NUMBER})`, 'gu');
  return null;
}

/** The tokens of one text, as TextVectorization's _preprocess makes them. */
export function tokenize(text: string, options: TokenizeOptions): string[] {
  const pattern = replacer(options.replace);
  const plain = (s: string) => split(standardize(s, options.standardize), options.split);
  if (!pattern) return ngrams(plain(text), options.ngrams);
  const tokens: string[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    tokens.push(...plain(text.slice(at, m.index)));
    // With both, group 1 is a URL and group 2 a number.
    const isUrl = options.replace === 'url' || (options.replace === 'num_and_url' && m[1] !== undefined);
    tokens.push(isUrl ? '[URL]' : '[NUM]');
    at = m.index + m[0].length;
  }
  tokens.push(...plain(text.slice(at)));
  return ngrams(tokens, options.ngrams);
}
