// Data for examples/char_lm.rnn: a character-level language model over a short public-domain
// text (Jane Taylor's "The Star", 1806). Each character becomes an id (0 is left for padding),
// and the text is cut into windows of 24 characters: x is a window, y the same window one
// character later, so the model learns to predict the next character at every step.
//
//   npx tsx examples/data/make-chars.ts   (writes chars_{x,y}.npy and chars_vocab.json here)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npyBytes } from './npy-bytes.ts';

export const TEXT = `twinkle, twinkle, little star, how i wonder what you are! up above the world so high, like a diamond in the sky. when the blazing sun is gone, when he nothing shines upon, then you show your little light, twinkle, twinkle, all the night. then the traveller in the dark, thanks you for your tiny spark, he could not see which way to go, if you did not twinkle so. `;

export const WINDOW = 24;
export const STRIDE = 2;

/** The tokens in id order: "" (padding), then every character of the text, sorted. */
export function vocabulary(): string[] {
  return ['', ...[...new Set(TEXT)].sort()];
}

export function charFiles(): Record<string, Uint8Array | string> {
  const tokens = vocabulary();
  const ids = [...TEXT].map((c) => tokens.indexOf(c));
  // The text read twice in a row, so windows also cross from its end back to its start.
  const loop = [...ids, ...ids];
  const rows = Math.floor(ids.length / STRIDE);
  const x = new Uint8Array(rows * WINDOW);
  const y = new Uint8Array(rows * WINDOW);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < WINDOW; t++) {
      x[r * WINDOW + t] = loop[r * STRIDE + t]!;
      y[r * WINDOW + t] = loop[r * STRIDE + t + 1]!;
    }
  }
  return {
    'chars_x.npy': npyBytes([rows, WINDOW], x),
    'chars_y.npy': npyBytes([rows, WINDOW], y),
    'chars_vocab.json': JSON.stringify(tokens) + '\n',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, bytes] of Object.entries(charFiles())) writeFileSync(join(dir, name), bytes);
  process.stdout.write(`vocabulary: ${vocabulary().length} tokens\n`);
}
