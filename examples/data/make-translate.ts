// Data for examples/translate.rnn, the course's machine-translation model (English to French),
// made from numbers since no corpus can be downloaded: every number from 1 to 9999 written out in
// English ("ninety seven") and in French ("quatre vingt dix sept"). French counts in twenties
// from sixty on (soixante-dix = 60+10, quatre-vingt-dix-sept = 4·20+10+7), adds "et" before un
// and onze in the tens, and writes vingts and cents in the plural when nothing follows them: the
// target is longer than the source and its words are not the source's one for one.
//
// As the course notes lay it out (course-notes, "Machine Translation Model"):
//   - the English sentence is reversed ("seven ninety" for "ninety seven"), so the encoder ends
//     on the word the decoder starts with; then padded with <pad> = 0 at the end;
//   - the decoder reads the French sentence pushed back by one step, starting with <go>
//     (teacher forcing: `tgt`), and learns to write it followed by <eos> (`time_distributed`,
//     the output layer's name, as Keras's model.output_names calls it).
// Hyphens are dropped: "quatre-vingt-dix" is the three words "quatre vingt dix".
//
// Written as NumPy .npz archives (np.load opens them), ids as bytes:
//   translate.npz       8,000 pairs: src [N, 6], tgt [N, 9], time_distributed [N, 9]
//   translate_val.npz   the other 1,999 pairs, held out (validation_data)
//   translate_vocab.json  the token ids of both languages
//
// And the same pairs as raw text for examples/translate_text.rnn, which learns its own
// vocabularies and does its own shifting (its decode block): one JSON object per line, keyed by
// the model's input names, the English in reading order, e.g. {"en":"ninety seven","fr":"quatre
// vingt dix sept"}:
//   translate_text.jsonl      the same 8,000 training pairs
//   translate_text_val.jsonl  the same 1,999 held-out pairs
//
//   npx tsx examples/data/make-translate.ts

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { Rng } from '../../src/runtime/rng.ts';
import { npyBytes } from './npy-bytes.ts';

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const UNITES = ['', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const DIZAINES = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

/** Special tokens, the same ids in both vocabularies. */
export const PAD = 0;
export const GO = 1;
export const EOS = 2;

export const SOURCE_LENGTH = 6;
export const TARGET_LENGTH = 9;
export const TRAIN_PAIRS = 8000;

/** 1 ≤ n ≤ 9999 in English words. */
export function english(n: number): string[] {
  const words: string[] = [];
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor((n % 1000) / 100);
  const rest = n % 100;
  if (thousands) words.push(ONES[thousands]!, 'thousand');
  if (hundreds) words.push(ONES[hundreds]!, 'hundred');
  if (rest >= 20) words.push(TENS[Math.floor(rest / 10)]!, ...(rest % 10 ? [ONES[rest % 10]!] : []));
  else if (rest) words.push(ONES[rest]!);
  return words;
}

/** 1 ≤ n ≤ 99 in French words, as the 1990 spelling writes them, hyphens dropped. */
function frenchBelow100(n: number, last: boolean): string[] {
  if (n <= 16) return [UNITES[n]!];
  if (n < 20) return ['dix', UNITES[n - 10]!];
  if (n < 70) {
    const tens = Math.floor(n / 10);
    const unit = n % 10;
    if (unit === 0) return [DIZAINES[tens]!];
    return [DIZAINES[tens]!, ...(unit === 1 ? ['et', 'un'] : [UNITES[unit]!])];
  }
  if (n < 80) return ['soixante', ...(n === 71 ? ['et'] : []), ...frenchBelow100(n - 60, last)];
  // 80…99: quatre-vingts alone, quatre-vingt-un, quatre-vingt-onze (no "et").
  if (n === 80) return ['quatre', last ? 'vingts' : 'vingt'];
  return ['quatre', 'vingt', ...frenchBelow100(n - 80, last)];
}

/** 1 ≤ n ≤ 9999 in French words. */
export function french(n: number): string[] {
  const words: string[] = [];
  const thousands = Math.floor(n / 1000);
  const hundreds = Math.floor((n % 1000) / 100);
  const rest = n % 100;
  if (thousands) words.push(...(thousands > 1 ? [UNITES[thousands]!] : []), 'mille');
  if (hundreds) words.push(...(hundreds > 1 ? [UNITES[hundreds]!] : []), hundreds > 1 && rest === 0 ? 'cents' : 'cent');
  if (rest) words.push(...frenchBelow100(rest, true));
  return words;
}

/** A vocabulary: <pad>, <go>, <eos>, then the words in the order first met. */
function vocabulary(sentences: readonly string[][]): string[] {
  const words = ['<pad>', '<go>', '<eos>'];
  for (const s of sentences) for (const w of s) if (!words.includes(w)) words.push(w);
  return words;
}

export interface TranslationData {
  readonly sourceWords: readonly string[];
  readonly targetWords: readonly string[];
  /** The numbers in the order of the rows: the first TRAIN_PAIRS train, the rest are held out. */
  readonly numbers: readonly number[];
}

export function translationData(seed = 11): TranslationData {
  const all = Array.from({ length: 9999 }, (_, i) => i + 1);
  const sourceWords = vocabulary(all.map(english));
  const targetWords = vocabulary(all.map(french));
  const order = new Rng(seed).permutation(all.length);
  return { sourceWords, targetWords, numbers: Array.from(order, (i) => all[i]!) };
}

/** The arrays of rows [from, to): the reversed source, the decoder's input and its target. */
export function encode(d: TranslationData, from: number, to: number): { src: Uint8Array; tgt: Uint8Array; out: Uint8Array } {
  const n = to - from;
  const src = new Uint8Array(n * SOURCE_LENGTH);
  const tgt = new Uint8Array(n * TARGET_LENGTH);
  const out = new Uint8Array(n * TARGET_LENGTH);
  for (let i = 0; i < n; i++) {
    const number = d.numbers[from + i]!;
    english(number).reverse().forEach((w, t) => (src[i * SOURCE_LENGTH + t] = d.sourceWords.indexOf(w)));
    const target = french(number).map((w) => d.targetWords.indexOf(w));
    [GO, ...target].forEach((id, t) => (tgt[i * TARGET_LENGTH + t] = id));
    [...target, EOS].forEach((id, t) => (out[i * TARGET_LENGTH + t] = id));
  }
  return { src, tgt, out };
}

function archive(d: TranslationData, from: number, to: number): Uint8Array {
  const n = to - from;
  const { src, tgt, out } = encode(d, from, to);
  return zipSync(
    {
      'src.npy': npyBytes([n, SOURCE_LENGTH], src),
      'tgt.npy': npyBytes([n, TARGET_LENGTH], tgt),
      'time_distributed.npy': npyBytes([n, TARGET_LENGTH], out),
    },
    { level: 9, mtime: new Date(1980, 0, 1) },
  );
}

/** Rows [from, to) as JSON Lines of raw text: {"en": …, "fr": …}. */
export function textPairs(d: TranslationData, from: number, to: number): string {
  return d.numbers
    .slice(from, to)
    .map((n) => JSON.stringify({ en: english(n).join(' '), fr: french(n).join(' ') }) + '\n')
    .join('');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const d = translationData();
  const longest = (f: (n: number) => string[]) => Math.max(...d.numbers.map((n) => f(n).length));
  if (longest(english) > SOURCE_LENGTH || longest(french) + 1 > TARGET_LENGTH) throw new Error('a sentence is longer than its array');
  writeFileSync(join(here, 'translate.npz'), archive(d, 0, TRAIN_PAIRS));
  writeFileSync(join(here, 'translate_val.npz'), archive(d, TRAIN_PAIRS, d.numbers.length));
  const vocab = {
    note: 'Token ids of examples/data/translate*.npz (make-translate.ts). src is English, reversed; tgt is <go> + French, time_distributed is French + <eos>; 0 pads both.',
    special: { '<pad>': PAD, '<go>': GO, '<eos>': EOS },
    source: d.sourceWords,
    target: d.targetWords,
  };
  writeFileSync(join(here, 'translate_vocab.json'), JSON.stringify(vocab, null, 1) + '\n');
  writeFileSync(join(here, 'translate_text.jsonl'), textPairs(d, 0, TRAIN_PAIRS));
  writeFileSync(join(here, 'translate_text_val.jsonl'), textPairs(d, TRAIN_PAIRS, d.numbers.length));
  console.log(`wrote translate.npz (${TRAIN_PAIRS} pairs), translate_val.npz (${d.numbers.length - TRAIN_PAIRS}), translate_vocab.json: ${d.sourceWords.length} English and ${d.targetWords.length} French tokens; translate_text.jsonl and translate_text_val.jsonl`);
}
