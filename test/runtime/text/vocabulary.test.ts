// TextVectorization's host-side steps against Keras's documented behaviour, worked by hand (no
// TensorFlow here): the docstring examples of keras/src/layers/preprocessing/text_vectorization.py,
// the punctuation regex of its _preprocess(), tf.strings.lower's ASCII-only lowercasing,
// tf.strings.split's whitespace rule, tf.strings.ngrams' order, and index_lookup.py's
// finalize_state sort (np.lexsort((tokens, counts))[::-1]: count high to low, ties by token high
// to low).

import { describe, expect, it } from 'vitest';
import { adaptVocabulary, compareCodePoints, idsToTokens, vectorizeTexts, vocabularyFromLines, type VectorizeOptions } from '../../../src/runtime/text/vocabulary.ts';
import { ngrams, split, standardize, tokenize } from '../../../src/runtime/text/tokenize.ts';

const KERAS_DEFAULTS: VectorizeOptions = { max_tokens: null, standardize: 'lower_and_strip_punctuation', split: 'whitespace', ngrams: null, replace: null, output_sequence_length: null };
const opts = (o: Partial<VectorizeOptions> = {}): VectorizeOptions => ({ ...KERAS_DEFAULTS, ...o });

describe("Keras's docstring examples", () => {
  it('adapt(["foo bar", "bar baz", "baz bada boom"]) then ["foo qux bar"], ["qux baz"] → [[4, 1, 3, 0], [1, 2, 0, 0]]', () => {
    const o = opts({ max_tokens: 5000, output_sequence_length: 4 });
    const vocabulary = adaptVocabulary(['foo bar', 'bar baz', 'baz bada boom'], o);
    // By hand: bar and baz twice (baz > bar, so baz first), then foo, boom, bada once (high to low).
    expect(vocabulary).toEqual(['', '[UNK]', 'baz', 'bar', 'foo', 'boom', 'bada']);
    const { ids, length } = vectorizeTexts(['foo qux bar', 'qux baz'], vocabulary, o);
    expect(length).toBe(4);
    expect([...ids]).toEqual([4, 1, 3, 0, 1, 2, 0, 0]);
  });

  it('vocabulary=["earth", "wind", "and", "fire"]: get_vocabulary() is ["", "[UNK]", "earth", "wind", "and", "fire"]', () => {
    expect(vocabularyFromLines('earth\nwind\nand\nfire\n', opts({ max_tokens: 5000 }))).toEqual(['', '[UNK]', 'earth', 'wind', 'and', 'fire']);
  });
});

describe('standardize', () => {
  it('strips the 32 characters of string.punctuation without leaving a space, and lowercases', () => {
    expect(standardize("Hello, World! It's 3.5 well-known (really) [yes] {no} a_b `q` ~t|u\\v^w", 'lower_and_strip_punctuation')).toBe('hello world its 35 wellknown really yes no ab q tuvw');
    expect(standardize('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'strip_punctuation')).toBe('');
  });

  it('lowercases ASCII letters only, as tf.strings.lower without an encoding', () => {
    expect(standardize('ÉCOLE Straße ÄB', 'lower')).toBe('École straße Äb');
  });

  it('keeps punctuation with lower, and case with strip_punctuation; None changes nothing', () => {
    expect(standardize('A, B.', 'lower')).toBe('a, b.');
    expect(standardize('A, B.', 'strip_punctuation')).toBe('A B');
    expect(standardize('A, B.', null)).toBe('A, B.');
  });
});

describe('split', () => {
  it('whitespace: runs of whitespace separate, nothing empty at the ends', () => {
    expect(split('  a\tb\n\n c  ', 'whitespace')).toEqual(['a', 'b', 'c']);
    expect(split('   ', 'whitespace')).toEqual([]);
  });

  it('character: one token per code point, an emoji one token', () => {
    expect(split('hé😀', 'character')).toEqual(['h', 'é', '😀']);
  });

  it('None: the whole text is one token', () => {
    expect(split('a b', null)).toEqual(['a b']);
  });
});

describe('ngrams', () => {
  it('n=2 gives the tokens, then the pairs, joined by a space', () => {
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(ngrams(['a'], 3)).toEqual(['a']);
  });
});

describe('adapt', () => {
  it('breaks ties by the token from high to low, by code point (numpy compares UTF-8 bytes)', () => {
    expect(adaptVocabulary(['b a', 'c'], opts())).toEqual(['', '[UNK]', 'c', 'b', 'a']);
    // "z" (U+007A) < "é" (U+00E9) < "😀" (U+1F600); UTF-16 code units would put U+FF5A after the emoji's surrogates.
    expect(adaptVocabulary(['z é 😀 ｚ'], opts({ standardize: null }))).toEqual(['', '[UNK]', '😀', 'ｚ', 'é', 'z']);
    expect(compareCodePoints('😀', 'ｚ')).toBeGreaterThan(0);
  });

  it('keeps max_tokens ids in all: the padding, [UNK] and the most frequent tokens', () => {
    expect(adaptVocabulary(['a a a b b c d'], opts({ max_tokens: 4 }))).toEqual(['', '[UNK]', 'a', 'b']);
  });

  it('never counts [UNK] or the empty token as words', () => {
    expect(adaptVocabulary(['[UNK] x'], opts({ standardize: null }))).toEqual(['', '[UNK]', 'x']);
  });
});

describe('vectorize', () => {
  const vocabulary = ['', '[UNK]', 'a', 'b', 'c'];
  it('pads with 0 and cuts at the end to output_sequence_length', () => {
    const { ids } = vectorizeTexts(['a b c a', 'c'], vocabulary, opts({ output_sequence_length: 3 }));
    expect([...ids]).toEqual([2, 3, 4, 4, 0, 0]);
  });

  it('without output_sequence_length, pads to the longest text; an empty text is all padding', () => {
    const r = vectorizeTexts(['a z', ''], vocabulary, opts());
    expect(r.length).toBe(2);
    expect([...r.ids]).toEqual([2, 1, 0, 0]);
  });

  it('ids back to tokens, padding dropped, an id past the vocabulary as [UNK]', () => {
    expect(idsToTokens(vocabulary, [2, 1, 4, 0, 0])).toEqual(['a', '[UNK]', 'c']);
    expect(idsToTokens(vocabulary, [3, 9, 0], false)).toEqual(['b', '[UNK]', '']);
  });
});

describe("rnnc's replace (the course notes' [NUM] and [URL])", () => {
  const o = opts({ replace: 'num_and_url' });
  it('turns URLs and numbers in the raw text into reserved tokens before punctuation is stripped', () => {
    expect(tokenize('Visit https://x.org/a?b=1 for 3.5 deals, 1,000 times at www.shop.com.', o)).toEqual(['visit', '[URL]', 'for', '[NUM]', 'deals', '[NUM]', 'times', 'at', '[URL]']);
  });

  it('leaves digits inside a word alone', () => {
    expect(tokenize('mp3 and r2d2 cost 7', opts({ replace: 'num' }))).toEqual(['mp3', 'and', 'r2d2', 'cost', '[NUM]']);
  });

  it('reserves the ids after [UNK] and never adapts them as words', () => {
    expect(adaptVocabulary(['5 apples and 6 pears, see http://a.b', 'apples'], o)).toEqual(['', '[UNK]', '[NUM]', '[URL]', 'apples', 'see', 'pears', 'and']);
  });
});

describe('vocabulary files', () => {
  it('takes the special tokens leading the file as get_vocabulary() writes them', () => {
    expect(vocabularyFromLines('\n[UNK]\nhi\nthere\n', opts())).toEqual(['', '[UNK]', 'hi', 'there']);
    expect(vocabularyFromLines('hi\r\nthere\r\n', opts())).toEqual(['', '[UNK]', 'hi', 'there']);
  });

  it('refuses a token twice, a special token among the words, and more ids than max_tokens, at the line', () => {
    expect(vocabularyFromLines('a\nb\na\n', opts())).toMatchObject({ line: 3, message: 'the token "a" is on line 1 already' });
    expect(vocabularyFromLines('a\n[UNK]\n', opts())).toMatchObject({ line: 2 });
    expect(vocabularyFromLines('a\n\nb\n', opts())).toMatchObject({ line: 2 });
    expect(vocabularyFromLines('a\nb\nc\n', opts({ max_tokens: 4 }))).toMatchObject({ line: 3 });
  });
});
