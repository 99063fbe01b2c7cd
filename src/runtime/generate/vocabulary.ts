// Between token ids and text, for `rnnc generate` and RnnModel.generate. A model trained on ids
// has no vocabulary and generates ids. A vocabulary is any `Vocabulary`: today a JSON file of the
// tokens in id order (`--vocab vocab.json`, `["", "a", "b", …]`); a model's own saved vocabulary
// (a TextVectorization layer's) plugs in here too, through `vocabularyFromTokens`.

import { readFileSync } from 'node:fs';
import { RnncError } from '../errors.ts';

export interface Vocabulary {
  /** The tokens, by id. */
  readonly tokens: readonly string[];
  /** Text as ids: the longest token matching at each position; E0715 for text no token matches. */
  encode(text: string): number[];
  /** Ids as text: single-character tokens joined as they are, longer ones with spaces between. */
  decode(ids: readonly number[]): string;
}

export function vocabularyFromTokens(tokens: readonly string[], where = 'the vocabulary'): Vocabulary {
  const byText = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (t !== '' && !byText.has(t)) byText.set(t, i);
  });
  const longest = Math.max(1, ...tokens.map((t) => t.length));
  // A text corpus's vocabulary holds "[UNK]" among its characters (text-corpus.ts): still characters.
  const characters = tokens.every((t) => [...t].length <= 1 || t === '[UNK]');
  return {
    tokens,
    encode(text: string): number[] {
      const out: number[] = [];
      let i = 0;
      while (i < text.length) {
        if (!characters && text[i] === ' ') {
          i++;
          continue;
        }
        let found: number | undefined;
        let length = 0;
        for (let n = Math.min(longest, text.length - i); n >= 1 && found === undefined; n--) {
          found = byText.get(text.slice(i, i + n));
          length = n;
        }
        if (found === undefined) throw new RnncError('E0715', `the prompt's ${JSON.stringify(text[i])} (at character ${i + 1}) is no token of ${where}`, { context: 'command line' }, 'use only the tokens the model was trained on');
        out.push(found);
        i += length;
      }
      return out;
    },
    decode(ids: readonly number[]): string {
      const words = ids.map((id) => tokens[id] ?? '');
      return characters ? words.join('') : words.join(' ');
    },
  };
}

/** A vocabulary file: a JSON array of strings, token i at index i. */
export function readVocabularyFile(path: string): Vocabulary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RnncError('E0715', `cannot read the vocabulary ${path}: ${(e as Error).message}`, path, 'give a JSON array of the tokens in id order, such as ["", "a", "b"]');
  }
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string')) {
    throw new RnncError('E0715', `the vocabulary ${path} is not a JSON array of strings`, path, 'give the tokens in id order, such as ["", "a", "b"]');
  }
  return vocabularyFromTokens(parsed, path);
}
