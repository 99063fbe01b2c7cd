// Data for examples/deep_rnn.rnn and examples/gru.rnn, as in Géron's Hands-On Machine Learning
// (chapter 15, generate_time_series): each series is two sine waves of random frequency and phase
// plus noise, 50 steps long; the label is the value at step 51.
//   series(t) = 0.5 sin((t − o1)(10 f1 + 10)) + 0.2 sin((t − o2)(20 f2 + 20)) + 0.1 (u − 0.5)
// with t in linspace(0, 1, 51) and f1, f2, o1, o2, u uniform in [0, 1).
//
//   npx tsx examples/data/make-series.ts   (writes series_{x,y}.npy here, prints the baselines)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { Rng } from '../../src/runtime/rng.ts';

export const STEPS = 50;
export const COUNT = 2500;

export function series(count: number, seed = 42): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(count * STEPS);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [f1, f2, o1, o2] = [rng.next(), rng.next(), rng.next(), rng.next()];
    for (let s = 0; s <= STEPS; s++) {
      const t = s / STEPS;
      const v = 0.5 * Math.sin((t - o1) * (f1 * 10 + 10)) + 0.2 * Math.sin((t - o2) * (f2 * 20 + 20)) + 0.1 * (rng.next() - 0.5);
      if (s < STEPS) x[i * STEPS + s] = v;
      else y[i] = v;
    }
  }
  return { x, y };
}

/** The mean squared error of "the next value equals the last one" on samples [from, to). */
export function naiveMse(x: Float32Array, y: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (y[i]! - x[i * STEPS + STEPS - 1]!) ** 2;
  return sum / (to - from);
}

/** The files this script writes, by name. */
export function seriesFiles(): Record<string, Uint8Array> {
  const { x, y } = series(COUNT);
  return {
    'series_x.npy': writeNpy({ dtype: 'float32', shape: [COUNT, STEPS, 1], data: x }),
    'series_y.npy': writeNpy({ dtype: 'float32', shape: [COUNT, 1], data: y }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, bytes] of Object.entries(seriesFiles())) writeFileSync(join(dir, name), bytes);
  const { x, y } = series(COUNT);
  // validation_split = 0.2 validates on the last 20%.
  const from = Math.floor(COUNT * 0.8);
  console.log(`naive forecast (the last value): validation MSE ${naiveMse(x, y, from, COUNT).toFixed(4)}`);
}
