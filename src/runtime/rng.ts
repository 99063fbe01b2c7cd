// Seeded randomness. Everything random in a run — initial weights, dropout masks, shuffling —
// draws from one Rng made from the run's seed, so the same seed gives the same numbers, bit for
// bit, on the same machine. tfjs's random ops take an integer seed each call; `rng.seed()`
// supplies one from the stream.

/** splitmix32 → mulberry32: small, fast, good enough for ML initialization and shuffles. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the user's seed so nearby seeds give unrelated streams.
    let s = (seed | 0) ^ 0x9e3779b9;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
    this.state = (s ^ (s >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer seed for one tfjs random op (`tf.randomUniform(shape, a, b, dtype, seed)`). */
  seed(): number {
    return Math.floor(this.next() * 2147483647);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A fresh permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** An independent child stream (one per layer, say), so adding a layer does not shift others. */
  fork(): Rng {
    return new Rng(this.seed());
  }
}

/** A seed when the user gave none: different every run. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2147483647);
}
