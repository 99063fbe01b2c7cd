// Data for examples/masking.rnn: sequences of 2 to 12 steps of 3 values each, stored as JSON
// Lines without padding ({"x": [[a, b, c], …], "y": [t]}); rnnc pads the shorter ones with zero
// vectors, which Masking(mask_value=0.0) marks as padding. The target is the mean of a − b over
// the real steps: padding counted as steps would pull it towards zero, so the model has to
// ignore the padding to learn it. Values are drawn from [0.1, 1), never a zero vector.
//
//   npx tsx examples/data/make-lengths.ts   (writes lengths.jsonl here)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/runtime/rng.ts';

export const COUNT = 1500;

export function lengthsData(count: number, seed = 5): { x: number[][]; y: number[] }[] {
  const rng = new Rng(seed);
  const value = () => Math.round((0.1 + 0.9 * rng.next()) * 1000) / 1000;
  return Array.from({ length: count }, () => {
    const steps = 2 + Math.floor(rng.next() * 11);
    const x = Array.from({ length: steps }, () => [value(), value(), value()]);
    const mean = x.reduce((s, [a, b]) => s + a! - b!, 0) / steps;
    return { x, y: [Math.round(mean * 10000) / 10000] };
  });
}

/** The files this script writes, by name. */
export function lengthsFiles(): Record<string, string> {
  return { 'lengths.jsonl': lengthsData(COUNT).map((r) => JSON.stringify(r)).join('\n') + '\n' };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, text] of Object.entries(lengthsFiles())) writeFileSync(join(dir, name), text);
}
