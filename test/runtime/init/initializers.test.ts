// Initializers: every name of the vocabulary runs; each distribution has Keras 3's bounds,
// mean and variance (keras/src/initializers/random_initializers.py) on large draws; fans are
// computed as compute_fans does; orthogonal matrices are orthogonal; the same seed gives the
// same weights.

import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { ConfigValue, FnValue } from '../../../src/compiler/config-value.ts';
import { fnDefault, INITIALIZERS } from '../../../src/compiler/vocab/index.ts';
import { computeFans, draw, initialize } from '../../../src/runtime/initializers.ts';
import { Rng } from '../../../src/runtime/rng.ts';
import { initBackend } from '../../../src/runtime/tf.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const fn = (name: string, args: Record<string, ConfigValue> = {}): FnValue => {
  const base = fnDefault(INITIALIZERS, name);
  return { ...base, args: { ...base.args, ...args } };
};

function stats(v: Float32Array) {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let variance = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    variance += (x - mean) ** 2;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { mean, std: Math.sqrt(variance / v.length), min, max };
}

/** Mean within five standard errors of 0, standard deviation within 3% of `std`. */
function expectCentred(v: Float32Array, std: number) {
  const s = stats(v);
  expect(Math.abs(s.mean)).toBeLessThan((5 * std) / Math.sqrt(v.length));
  expect(s.std / std).toBeGreaterThan(0.97);
  expect(s.std / std).toBeLessThan(1.03);
}

describe('fans (compute_fans)', () => {
  it('takes a vector’s length for both, a matrix’s rows and columns, and a kernel’s receptive field', () => {
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([64, 256])).toEqual({ fanIn: 64, fanOut: 256 }); // an LSTM(64) recurrent kernel
    expect(computeFans([3, 4, 5])).toEqual({ fanIn: 12, fanOut: 15 }); // a Conv1D kernel
  });
});

describe('uniform variance scaling', () => {
  const shape = [200, 600];
  const cases = [
    { name: 'glorot_uniform', limit: Math.sqrt(6 / (200 + 600)) },
    { name: 'he_uniform', limit: Math.sqrt(6 / 200) },
    { name: 'lecun_uniform', limit: Math.sqrt(3 / 200) },
  ];
  for (const c of cases) {
    it(`${c.name} is uniform in ±${c.limit.toFixed(4)}`, () => {
      const v = draw(fn(c.name), shape, new Rng(1));
      const s = stats(v);
      expect(s.min).toBeGreaterThanOrEqual(-c.limit);
      expect(s.max).toBeLessThanOrEqual(c.limit);
      expect(s.max).toBeGreaterThan(c.limit * 0.999);
      expectCentred(v, c.limit / Math.sqrt(3));
    });
  }
});

describe('truncated normal variance scaling', () => {
  const shape = [200, 600];
  const cases = [
    { name: 'glorot_normal', variance: 2 / (200 + 600) },
    { name: 'he_normal', variance: 2 / 200 },
    { name: 'lecun_normal', variance: 1 / 200 },
  ];
  for (const c of cases) {
    it(`${c.name} has variance ${c.variance.toFixed(5)} after truncation at two of its pre-truncation stddevs`, () => {
      const v = draw(fn(c.name), shape, new Rng(2));
      // stddev before truncation = sqrt(variance) / 0.87962566103423978 (truncnorm.std(-2, 2)).
      const bound = (2 * Math.sqrt(c.variance)) / 0.87962566103423978;
      const s = stats(v);
      expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(Math.max(-s.min, s.max)).toBeGreaterThan(bound * 0.99);
      expectCentred(v, Math.sqrt(c.variance));
    });
  }

  it('variance_scaling follows mode and distribution ("normal" meaning truncated)', () => {
    const shape = [300, 100];
    const rng = new Rng(3);
    expectCentred(draw(fn('variance_scaling', { scale: 3, mode: 'fan_out', distribution: 'uniform' }), shape, rng), Math.sqrt(3 / 100));
    expectCentred(draw(fn('variance_scaling', { scale: 2, mode: 'fan_avg', distribution: 'untruncated_normal' }), shape, rng), Math.sqrt(2 / 200));
    const truncated = draw(fn('variance_scaling', { scale: 0.5, distribution: 'normal' }), shape, rng);
    expectCentred(truncated, Math.sqrt(0.5 / 300));
    expect(stats(truncated).max).toBeLessThanOrEqual((2 * Math.sqrt(0.5 / 300)) / 0.87962566103423978 + 1e-7);
  });
});

describe('plain distributions', () => {
  it('random_normal, random_uniform and truncated_normal keep their arguments', () => {
    const rng = new Rng(4);
    const n = [100000];
    const normal = draw(fn('random_normal', { mean: 1, stddev: 0.5 }), n, rng);
    expect(Math.abs(stats(normal).mean - 1)).toBeLessThan(0.01);
    expect(stats(normal).std).toBeCloseTo(0.5, 2);
    const uniform = stats(draw(fn('random_uniform', { minval: 2, maxval: 3 }), n, rng));
    expect(uniform.min).toBeGreaterThanOrEqual(2);
    expect(uniform.max).toBeLessThan(3);
    expect(uniform.mean).toBeCloseTo(2.5, 2);
    const truncated = stats(draw(fn('truncated_normal', { mean: -1, stddev: 2 }), n, rng));
    expect(truncated.min).toBeGreaterThanOrEqual(-5);
    expect(truncated.max).toBeLessThanOrEqual(3);
    expect(truncated.std).toBeCloseTo(2 * 0.87962566103423978, 1);
  });

  it('uses Keras 3’s defaults: random_uniform ±0.05 (the Embedding default), random_normal stddev 0.05', () => {
    const u = stats(draw(fn('random_uniform'), [50000], new Rng(5)));
    expect(u.min).toBeGreaterThanOrEqual(-0.05);
    expect(u.max).toBeLessThan(0.05);
    expect(stats(draw(fn('random_normal'), [50000], new Rng(5))).std).toBeCloseTo(0.05, 3);
  });

  it('zeros, ones, constant and identity', () => {
    expect([...draw(fn('zeros'), [2, 2], new Rng(1))]).toEqual([0, 0, 0, 0]);
    expect([...draw(fn('ones'), [3], new Rng(1))]).toEqual([1, 1, 1]);
    expect([...draw(fn('constant', { value: 0.25 }), [2], new Rng(1))]).toEqual([0.25, 0.25]);
    expect([...draw(fn('identity', { gain: 3 }), [2, 3], new Rng(1))]).toEqual([3, 0, 0, 0, 3, 0]);
    expect(() => draw(fn('identity'), [2, 2, 2], new Rng(1))).toThrow(/2-D/);
  });
});

describe('orthogonal', () => {
  /** G = AᵀA (columns) or AAᵀ (rows) of a rows×cols matrix, in float64. */
  function gram(a: Float32Array, rows: number, cols: number, of: 'columns' | 'rows') {
    const n = of === 'columns' ? cols : rows;
    const len = of === 'columns' ? rows : cols;
    const at = (v: number, k: number) => (of === 'columns' ? a[k * cols + v]! : a[v * cols + k]!);
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < len; k++) g[i * n + j]! += at(i, k) * at(j, k);
    return { g, n };
  }
  const expectIdentityTimes = ({ g, n }: { g: Float64Array; n: number }, scale: number) => {
    let worst = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(g[i * n + j]! - (i === j ? scale : 0)));
    expect(worst).toBeLessThan(1e-5 * scale);
  };

  it('gives orthonormal columns for a square or tall matrix, times gain', () => {
    expectIdentityTimes(gram(draw(fn('orthogonal'), [50, 50], new Rng(6)), 50, 50, 'columns'), 1);
    expectIdentityTimes(gram(draw(fn('orthogonal', { gain: 2 }), [120, 40], new Rng(6)), 120, 40, 'columns'), 4);
  });

  it('gives orthonormal rows for a wide matrix, such as a recurrent kernel [units, 4·units]', () => {
    expectIdentityTimes(gram(draw(fn('orthogonal'), [32, 128], new Rng(7)), 32, 128, 'rows'), 1);
  });

  it('flattens all axes but the last into rows', () => {
    expectIdentityTimes(gram(draw(fn('orthogonal'), [2, 3, 6], new Rng(8)), 6, 6, 'columns'), 1);
    expect(() => draw(fn('orthogonal'), [5], new Rng(8))).toThrow(/matrices/);
  });

  it('is not always the identity or a signed permutation: entries spread like a random rotation’s', () => {
    const v = draw(fn('orthogonal'), [100, 100], new Rng(9));
    // Entries of a Haar-random orthogonal n×n matrix have variance 1/n.
    expectCentred(v, Math.sqrt(1 / 100));
  });
});

describe('unit_forget_bias', () => {
  const lstmBias = (source: string) => check(`model m {\n  ${source}\n}\n`, 'm.rnn').models[0]!.nodes[0]!.layer.weights.find((w) => w.name === 'bias')!;

  it('sets the forget gate’s quarter to ones and the rest from the bias initializer (gates i, f, c, o)', () => {
    const spec = lstmBias('LSTM(3, input=(5, 2))');
    expect(spec.initializer.name).toBe('unit_forget_bias');
    expect([...draw(spec.initializer, spec.shape, new Rng(1))]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('calls the inner initializer on shapes (units,) and (2·units,), so fans differ per part', () => {
    const spec = lstmBias('LSTM(1000, bias_initializer=glorot_uniform, input=(5, 2))');
    const v = draw(spec.initializer, spec.shape, new Rng(2));
    const first = stats(v.subarray(0, 1000));
    const forget = v.subarray(1000, 2000);
    const rest = stats(v.subarray(2000));
    expect(forget.every((x) => x === 1)).toBe(true);
    // A vector's fans are its length: limit sqrt(6 / 2000) for the first part, sqrt(6 / 4000) after.
    expect(Math.max(-first.min, first.max)).toBeLessThanOrEqual(Math.sqrt(6 / 2000));
    expect(Math.max(-first.min, first.max)).toBeGreaterThan(Math.sqrt(6 / 4000));
    expect(Math.max(-rest.min, rest.max)).toBeLessThanOrEqual(Math.sqrt(6 / 4000));
  });
});

describe('seeding', () => {
  it('gives identical weights for the same seed and different ones for another', () => {
    const spec = check('model m {\n  Dense(8, input=(4,))\n}\n', 'm.rnn').models[0]!.nodes[0]!.layer.weights[0]!;
    const a = initialize(spec, new Rng(42)).dataSync();
    const b = initialize(spec, new Rng(42)).dataSync();
    const c = initialize(spec, new Rng(43)).dataSync();
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
    expect(initialize(spec, new Rng(1)).shape).toEqual([4, 8]);
  });

  it('draws from the initializer’s own seed when it has one, as Keras does (same values each call)', () => {
    const seeded = fn('random_normal', { seed: 7 });
    expect([...draw(seeded, [5], new Rng(1))]).toEqual([...draw(seeded, [5], new Rng(2))]);
  });
});

describe('the vocabulary', () => {
  it('has a runtime initializer for every name', () => {
    for (const entry of INITIALIZERS) {
      const shape = entry.name === 'identity' || entry.name === 'orthogonal' ? [4, 4] : [3, 4];
      expect(draw(fn(entry.name), shape, new Rng(1)).length).toBe(shape[0]! * shape[1]!);
    }
  });
});
