// Regularizers in closed form (keras/src/regularizers/regularizers.py): the penalty Keras adds
// to the loss and its gradient, with the vocabulary's defaults; the orthogonal regularizer
// against a float64 reference with finite differences.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigValue, FnValue } from '../../../src/compiler/config-value.ts';
import { fnDefault, REGULARIZERS } from '../../../src/compiler/vocab/index.ts';
import { gradient, penalty } from '../../../src/runtime/regularizers.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const fn = (name: string, args: Record<string, ConfigValue> = {}): FnValue => {
  const base = fnDefault(REGULARIZERS, name);
  return { ...base, args: { ...base.args, ...args } };
};

const W = [1, -2, 0, 3];
const weight = () => tf.tensor2d(W, [2, 2]);
const value = (t: tf.Tensor) => t.dataSync()[0]!;
const values = (t: tf.Tensor) => [...t.dataSync()];

describe('l1, l2 and l1_l2', () => {
  it('l1 (default 0.01): l1·Σ|w|, gradient l1·sign(w) with 0 at 0', () => {
    expect(value(penalty(fn('l1'), weight()))).toBeCloseTo(0.01 * 6, 7);
    expect(value(penalty(fn('l1', { l1: 0.5 }), weight()))).toBeCloseTo(3, 6);
    expect(values(gradient(fn('l1', { l1: 0.5 }), weight()))).toEqual([0.5, -0.5, 0, 0.5]);
  });

  it('l2 (default 0.01): l2·Σw², gradient 2·l2·w', () => {
    expect(value(penalty(fn('l2'), weight()))).toBeCloseTo(0.01 * 14, 7);
    const g = values(gradient(fn('l2', { l2: 0.25 }), weight()));
    g.forEach((v, i) => expect(v).toBeCloseTo(0.5 * W[i]!, 7));
  });

  it('l1_l2: both terms, each defaulting to 0 as Keras 3’s L1L2 class does', () => {
    expect(value(penalty(fn('l1_l2'), weight()))).toBe(0);
    expect(values(gradient(fn('l1_l2'), weight())).every((v) => v === 0)).toBe(true);
    expect(value(penalty(fn('l1_l2', { l1: 0.1, l2: 0.2 }), weight()))).toBeCloseTo(0.1 * 6 + 0.2 * 14, 6);
    const g = values(gradient(fn('l1_l2', { l1: 0.1, l2: 0.2 }), weight()));
    g.forEach((v, i) => expect(v).toBeCloseTo(0.1 * Math.sign(W[i]!) + 0.4 * W[i]!, 6));
  });
});

describe('orthogonal_regularizer', () => {
  /** factor·0.5·Σ|off-diagonal of N·Nᵀ| / (n(n-1)/2), N the rows (or columns) scaled to unit length. */
  function reference(w: Float64Array, rows: number, cols: number, factor: number, mode: 'rows' | 'columns'): number {
    const n = mode === 'rows' ? rows : cols;
    const len = mode === 'rows' ? cols : rows;
    const at = (v: number, k: number) => (mode === 'rows' ? w[v * cols + k]! : w[k * cols + v]!);
    const norm = (v: number) => Math.sqrt(Array.from({ length: len }, (_, k) => at(v, k) ** 2).reduce((a, b) => a + b, 0));
    let sum = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let dot = 0;
        for (let k = 0; k < len; k++) dot += at(i, k) * at(j, k);
        sum += Math.abs(dot / (norm(i) * norm(j)));
      }
    return (factor * 0.5 * sum) / ((n * (n - 1)) / 2);
  }

  it('in closed form: rows (1, 0) and (1, 1) meet at 45°', () => {
    expect(value(penalty(fn('orthogonal_regularizer'), tf.tensor2d([1, 0, 1, 1], [2, 2])))).toBeCloseTo(0.01 * 0.5 * 2 * Math.SQRT1_2, 7);
  });

  for (const mode of ['rows', 'columns'] as const) {
    it(`matches a float64 reference and its finite differences (mode=${mode})`, () => {
      const [rows, cols] = [3, 4];
      const w = Float64Array.from({ length: 12 }, (_, i) => Math.sin(1.7 * i + 0.3) + 0.2 * i - 1);
      const f = fn('orthogonal_regularizer', { factor: 0.3, mode });
      const t = tf.tensor2d(Float32Array.from(w), [rows, cols]);
      expect(value(penalty(f, t))).toBeCloseTo(reference(w, rows, cols, 0.3, mode), 6);
      const g = values(gradient(f, t));
      const h = 1e-6;
      w.forEach((x, i) => {
        const up = Float64Array.from(w);
        const down = Float64Array.from(w);
        up[i] = x + h;
        down[i] = x - h;
        const fd = (reference(up, rows, cols, 0.3, mode) - reference(down, rows, cols, 0.3, mode)) / (2 * h);
        expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-5);
      });
    });
  }
});

describe('the vocabulary', () => {
  it('has a runtime regularizer for every name', () => {
    for (const entry of REGULARIZERS) {
      expect(penalty(fn(entry.name), weight()).shape).toEqual([]);
      expect(gradient(fn(entry.name), weight()).shape).toEqual([2, 2]);
    }
  });
});
