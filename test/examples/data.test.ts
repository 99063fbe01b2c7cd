// The examples' data files are what their scripts make: each script, run again, gives the
// committed files byte for byte, so a data file cannot drift from the script that documents it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { additionFiles, additions, ANSWER, decode, oneHot, QUESTION } from '../../examples/data/make-addition.ts';
import { charFiles } from '../../examples/data/make-chars.ts';
import { lengthsFiles } from '../../examples/data/make-lengths.ts';
import { longSineFiles } from '../../examples/data/make-long-sine.ts';
import { nextNumberData } from '../../examples/data/make-next-number.ts';
import { NOT, reviewFiles, reviews } from '../../examples/data/make-reviews.ts';
import { naiveMse, series, seriesFiles } from '../../examples/data/make-series.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';

const DATA = join(import.meta.dirname, '../../examples/data');
const committed = (name: string) => new Uint8Array(readFileSync(join(DATA, name)));
const bytes = (v: Uint8Array | string) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);

describe('examples/data: the scripts make the committed files', () => {
  const scripts = { 'make-addition.ts': additionFiles, 'make-series.ts': seriesFiles, 'make-reviews.ts': reviewFiles, 'make-lengths.ts': lengthsFiles, 'make-long-sine.ts': longSineFiles, 'make-chars.ts': charFiles };
  for (const [script, files] of Object.entries(scripts)) {
    it(script, () => {
      for (const [name, content] of Object.entries(files())) expect(Buffer.from(bytes(content)).equals(Buffer.from(committed(name))), name).toBe(true);
    });
  }

  it('make-next-number.ts', () => {
    for (const [suffix, scale] of [['', 1 / 100], ['_unscaled', 1]] as const) {
      const { x, y } = nextNumberData(scale);
      expect(Buffer.from(writeNpy({ dtype: 'float32', shape: [90, 5, 1], data: x })).equals(Buffer.from(committed(`next_number${suffix}_x.npy`)))).toBe(true);
      expect(Buffer.from(writeNpy({ dtype: 'float32', shape: [90, 1], data: y })).equals(Buffer.from(committed(`next_number${suffix}_y.npy`)))).toBe(true);
    }
  });
});

describe('examples/data: what the data says', () => {
  it('addition: every question once, each answer its sum, one-hot rows that decode back', () => {
    const { questions, answers } = additions(2000);
    const decoded = (strings: string[], length: number) => strings.map((_, i) => decode(oneHot(strings, length, false), i, length));
    expect(decoded(answers, ANSWER)).toEqual(answers);
    expect(decoded(questions, QUESTION)).toEqual(questions);
    expect(new Set(questions).size).toBe(2000);
    questions.forEach((q, i) => {
      const [a, b] = q.trim().split('+').map(Number);
      expect(Number(answers[i])).toBe(a! + b!);
    });
  });

  it('reviews: the label is the sign of the sentiment words, "not" turning the next one around', () => {
    for (const { x, y } of reviews(300)) {
      let score = 0;
      x.forEach((id, t) => {
        const sign = id <= 40 ? 1 : id <= 80 ? -1 : 0;
        score += x[t - 1] === NOT ? -sign : sign;
      });
      expect(score).not.toBe(0);
      expect(y).toBe(score > 0 ? 1 : 0);
    }
  });

  it("series: the naive forecast's validation MSE that deep_rnn.rnn quotes", () => {
    const { x, y } = series(2500);
    expect(naiveMse(x, y, 2000, 2500)).toBeCloseTo(0.0221, 4);
  });
});
