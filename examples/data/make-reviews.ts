// Data for examples/sentiment.rnn: made-up "reviews" as word ids, with a sentiment to find.
// Ids 1–40 are positive words, 41–80 negative ones, 81 is "not", which turns the sentiment word
// after it around ("not bad" is positive), and 82–1999 are neutral words drawn with Zipf-like
// frequencies, as words are (ids 2000–9999 are words no review uses). A review is 5 to 30 words; it is positive (y = 1) when its
// sentiment words, "not" applied, add up to more than zero, and reviews that add up to exactly
// zero are left out. 0 is the padding id, so mask_zero=true hides the padding of short reviews.
//
//   npx tsx examples/data/make-reviews.ts   (writes reviews.jsonl here, one review a line)

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

/** The files this script writes, by name. */
export function reviewFiles(): Record<string, string> {
  return { 'reviews.jsonl': reviews(COUNT).map((r) => JSON.stringify(r)).join('\n') + '\n' };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, text] of Object.entries(reviewFiles())) writeFileSync(join(dir, name), text);
}
