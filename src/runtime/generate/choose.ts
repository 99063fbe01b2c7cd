// Choosing the next token from one step's probabilities: greedy (the likeliest) or sampled with a
// temperature and top-k, drawing from rnnc's seeded Rng so that a seed gives the same text.
// Plain arithmetic on host arrays, in float64.

import type { Rng } from '../rng.ts';

export interface SamplingOptions {
  /** > 0. Divides the log-probabilities: below 1 sharpens the distribution, above 1 flattens it. */
  readonly temperature: number;
  /** Sample among the k likeliest tokens only; undefined: among all. */
  readonly topK?: number;
}

/** The likeliest token of `p` (the first of equals). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}

/**
 * The distribution sampling draws from: p^(1/T), kept to the top k, renormalised (computed as a
 * softmax of log(p)/T, so a small T does not underflow). Exported for the tests.
 */
export function samplingDistribution(p: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i);
  // Ties keep the lower id first, so top-k is deterministic.
  order.sort((a, b) => p[b]! - p[a]! || a - b);
  const keep = Math.min(n, options.topK ?? n);
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let j = 0; j < keep; j++) {
    const i = order[j]!;
    out[i] = Math.log(p[i]!) / options.temperature;
    if (out[i] > max) max = out[i]!;
  }
  let sum = 0;
  for (let j = 0; j < keep; j++) {
    const i = order[j]!;
    const e = max === -Infinity ? 0 : Math.exp(out[i]! - max);
    out[i] = e;
    sum += e;
  }
  if (sum === 0) {
    // Every kept token has probability 0 (cannot happen with a softmax): take the first.
    out[order[0]!] = 1;
    return out;
  }
  for (let j = 0; j < keep; j++) out[order[j]!]! /= sum;
  return out;
}

/** One token drawn from `samplingDistribution(p)`, with one draw of `rng`. */
export function sampleToken(p: ArrayLike<number>, options: SamplingOptions, rng: Rng): number {
  const q = samplingDistribution(p, options);
  const u = rng.next();
  let acc = 0;
  let last = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] === 0) continue;
    acc += q[i]!;
    last = i;
    if (u < acc) return i;
  }
  // Rounding left acc just below 1 and u above it: the last token with any probability.
  return last;
}
