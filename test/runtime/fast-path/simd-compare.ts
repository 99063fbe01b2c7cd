// What the SIMD-against-JavaScript tests of the whole-sequence kernels share: masks with every
// kind of row, random values, and a float32-bits comparison.

import { Rng } from '../../../src/runtime/rng.ts';

/** [B, T] of 0/1: row kinds in turn — all padding, first and last steps masked, left padding, holes. */
export function maskOf(rng: Rng, batch: number, time: number): Float32Array {
  const mask = new Float32Array(batch * time);
  for (let b = 0; b < batch; b++) {
    const pad = Math.floor(rng.next() * time);
    for (let t = 0; t < time; t++) {
      const kind = b % 4;
      const real = kind === 0 ? false : kind === 1 ? t > 0 && t < time - 1 : kind === 2 ? t >= pad : rng.next() < 0.6;
      mask[b * time + t] = real ? 1 : 0;
    }
  }
  return mask;
}

export const randoms = (rng: Rng, n: number, scale: number) => Float32Array.from({ length: n }, () => scale * rng.normal());

/** Index of the first element whose float32 bits differ, or -1. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}
