// Data for examples/sentiment.rnn: made-up "reviews" as word ids, with a sentiment to find.
// Ids 1–40 are positive words, 41–80 negative ones, 81 is "not", which turns the sentiment word
// after it around ("not bad" is positive), and 82–1999 are neutral words drawn with Zipf-like
// frequencies, as words are (ids 2000–9999 are words no review uses). A review is 5 to 30 words; it is positive (y = 1) when its
// sentiment words, "not" applied, add up to more than zero, and reviews that add up to exactly
// zero are left out. 0 is the padding id, so mask_zero=true hides the padding of short reviews.
//
// The same reviews are also written as text, for examples/sentiment_text.rnn, whose
// TextVectorization learns the words itself: each id becomes a word (the positive and negative
// ones English words, the neutral ones made-up words of two or three syllables), the first word
// capitalised, a comma now and then and a full stop or "!" at the end — what
// lower_and_strip_punctuation undoes.
//
//   npx tsx examples/data/make-reviews.ts   (writes reviews.jsonl and reviews_text.jsonl here)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/runtime/rng.ts';

export const VOCABULARY = 10000;
export const POSITIVE = [1, 40] as const;
export const NEGATIVE = [41, 80] as const;
export const NOT = 81;
const NEUTRAL_FIRST = 82;
const NEUTRAL_LAST = 1999;
export const COUNT = 5000;

export interface Review {
  readonly x: number[];
  readonly y: 0 | 1;
}

export function reviews(count: number, seed = 3): Review[] {
  const rng = new Rng(seed);
  const pick = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const neutral = () => Math.min(NEUTRAL_LAST, NEUTRAL_FIRST - 1 + Math.floor(Math.exp(rng.next() * Math.log(NEUTRAL_LAST - NEUTRAL_FIRST + 2))));
  const out: Review[] = [];
  while (out.length < count) {
    const length = pick(5, 30);
    const words: number[] = [];
    let score = 0;
    while (words.length < length) {
      const r = rng.next();
      if (r < 0.2 || (r < 0.28 && words.length + 2 > length)) {
        const positive = rng.next() < 0.5;
        words.push(positive ? pick(...POSITIVE) : pick(...NEGATIVE));
        score += positive ? 1 : -1;
      } else if (r < 0.28) {
        const positive = rng.next() < 0.5;
        words.push(NOT, positive ? pick(...POSITIVE) : pick(...NEGATIVE));
        score += positive ? -1 : 1;
      } else {
        words.push(neutral());
      }
    }
    if (score !== 0) out.push({ x: words, y: score > 0 ? 1 : 0 });
  }
  return out;
}

const POSITIVE_WORDS = (
  'good great fine superb lovely moving witty charming brilliant gripping clever fresh tender ' +
  'stunning vivid bold warm funny rich elegant smart gentle joyful radiant sharp graceful honest ' +
  'powerful wonderful delightful excellent memorable inventive playful touching beautiful solid ' +
  'thrilling heartfelt masterful'
).split(' ');
const NEGATIVE_WORDS = (
  'bad poor dull weak awful boring bland clumsy messy tedious flat lazy shallow stale silly ' +
  'confusing dreary grim hollow muddled painful pointless sloppy tiresome ugly vapid wooden ' +
  'forgettable irritating lifeless mediocre predictable clunky cheap dreadful horrible terrible ' +
  'annoying plodding overlong'
).split(' ');
const SYLLABLES = 'ba be bi bo bu da de di do du fa fe fi fo fu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu'.split(' ');

/** The word of an id: English for the sentiment words and "not", made up for the neutral ones. */
export function wordOf(id: number): string {
  if (id >= POSITIVE[0] && id <= POSITIVE[1]) return POSITIVE_WORDS[id - POSITIVE[0]]!;
  if (id >= NEGATIVE[0] && id <= NEGATIVE[1]) return NEGATIVE_WORDS[id - NEGATIVE[0]]!;
  if (id === NOT) return 'not';
  // Two syllables for the first 2,500 neutral ids, a third after (only ids up to 1999 occur).
  const n = id - NEUTRAL_FIRST;
  const s = SYLLABLES.length;
  return SYLLABLES[n % s]! + SYLLABLES[Math.floor(n / s) % s]! + (n >= s * s ? SYLLABLES[Math.floor(n / (s * s)) % s]! : 'n');
}

/** A review as a sentence: capitalised, a comma after some words, and an end mark. */
export function reviewText(words: readonly number[], seed: number): string {
  const rng = new Rng(seed);
  const parts = words.map((id, i) => {
    const w = wordOf(id);
    const shown = i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w;
    return i < words.length - 1 && rng.next() < 0.1 ? `${shown},` : shown;
  });
  return `${parts.join(' ')}${rng.next() < 0.2 ? '!' : '.'}`;
}

/** The files this script writes, by name. */
export function reviewFiles(): Record<string, string> {
  const all = reviews(COUNT);
  return {
    'reviews.jsonl': all.map((r) => JSON.stringify(r)).join('\n') + '\n',
    'reviews_text.jsonl': all.map((r, i) => JSON.stringify({ x: reviewText(r.x, 1000 + i), y: r.y })).join('\n') + '\n',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, text] of Object.entries(reviewFiles())) writeFileSync(join(dir, name), text);
}
