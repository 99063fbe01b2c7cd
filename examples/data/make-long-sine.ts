// Data for examples/long_sine.rnn, trained with truncated backpropagation through time: 64 long
// noisy sine waves, 400 steps each, every wave with its own frequency, amplitude and phase. The
// input at step t is the wave plus noise; the target is the clean wave one step later:
//   x_t = a sin(2π f t + p) + 0.15 n_t,   y_t = a sin(2π f (t + 1) + p)
// with f uniform in [0.01, 0.06) cycles per step (17–100 steps a cycle), a in [0.5, 1), p in
// [0, 2π) and n_t uniform in [−1, 1). Predicting well needs the wave's frequency and phase, which
// only many earlier steps tell apart from the noise — more than a window of 25 steps holds at the
// slowest frequencies — so the recurrent state has to carry them from window to window.
//
//   npx tsx examples/data/make-long-sine.ts   (writes long_sine_{x,y}.npy here, prints the baselines)

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { Rng } from '../../src/runtime/rng.ts';

export const LONG_STEPS = 400;
export const LONG_COUNT = 64;
const NOISE = 0.15;

export function longSines(count = LONG_COUNT, seed = 7): { x: Float32Array; y: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(count * LONG_STEPS);
  const y = new Float32Array(count * LONG_STEPS);
  for (let i = 0; i < count; i++) {
    const f = 0.01 + 0.05 * rng.next();
    const a = 0.5 + 0.5 * rng.next();
    const p = 2 * Math.PI * rng.next();
    const wave = (t: number) => a * Math.sin(2 * Math.PI * f * t + p);
    for (let t = 0; t < LONG_STEPS; t++) {
      x[i * LONG_STEPS + t] = wave(t) + NOISE * (2 * rng.next() - 1);
      y[i * LONG_STEPS + t] = wave(t + 1);
    }
  }
  return { x, y };
}

/** Mean squared errors over sequences [from, to): "the next value is this noisy one", and predicting 0. */
export function longSineBaselines(x: Float32Array, y: Float32Array, from: number, to: number): { persistence: number; zero: number } {
  let persistence = 0;
  let zero = 0;
  for (let k = from * LONG_STEPS; k < to * LONG_STEPS; k++) {
    persistence += (y[k]! - x[k]!) ** 2;
    zero += y[k]! ** 2;
  }
  const n = (to - from) * LONG_STEPS;
  return { persistence: persistence / n, zero: zero / n };
}

/** The files this script writes, by name. */
export function longSineFiles(): Record<string, Uint8Array> {
  const { x, y } = longSines();
  return {
    'long_sine_x.npy': writeNpy({ dtype: 'float32', shape: [LONG_COUNT, LONG_STEPS, 1], data: x }),
    'long_sine_y.npy': writeNpy({ dtype: 'float32', shape: [LONG_COUNT, LONG_STEPS, 1], data: y }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const [name, bytes] of Object.entries(longSineFiles())) writeFileSync(join(dir, name), bytes);
  const { x, y } = longSines();
  // validation_split = 0.25 validates on the last 16 waves.
  const b = longSineBaselines(x, y, LONG_COUNT * 0.75, LONG_COUNT);
  console.log(`validation MSE of the noisy value as the next: ${b.persistence.toFixed(4)}; of predicting 0: ${b.zero.toFixed(4)}`);
}
