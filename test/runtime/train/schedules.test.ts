// Keras 3's learning-rate schedules against values worked out by hand from the formulas in
// keras/src/optimizers/schedules/learning_rate_schedule.py (and its docstrings' examples).

import { describe, expect, it } from 'vitest';
import { SCHEDULES, type ScheduleArgs } from '../../../src/runtime/train/schedules.ts';

const at = (name: string, args: ScheduleArgs, steps: readonly number[]) => steps.map(SCHEDULES[name]!(args));

describe('learning-rate schedules', () => {
  it('ExponentialDecay: 0.1 · 0.96^(step/100), floored with staircase', () => {
    const args = { initial_learning_rate: 0.1, decay_steps: 100, decay_rate: 0.96, staircase: false };
    const [s0, s50, s100, s250] = at('ExponentialDecay', args, [0, 50, 100, 250]);
    expect(s0).toBe(0.1);
    expect(s50).toBeCloseTo(0.1 * Math.sqrt(0.96), 15); // 0.0979795897…
    expect(s100).toBeCloseTo(0.096, 15);
    expect(s250).toBeCloseTo(0.1 * 0.9216 * Math.sqrt(0.96), 15);
    const stairs = at('ExponentialDecay', { ...args, staircase: true }, [99, 100, 250]);
    [0.1, 0.096, 0.09216].forEach((v, i) => expect(stairs[i]).toBeCloseTo(v, 15));
  });

  it('InverseTimeDecay: 0.1 / (1 + 0.5 · step/1.0)', () => {
    const args = { initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.5, staircase: false };
    expect(at('InverseTimeDecay', args, [0, 1, 2, 6])).toEqual([0.1, 0.1 / 1.5, 0.1 / 2, 0.1 / 4]);
    expect(at('InverseTimeDecay', { ...args, decay_steps: 4, staircase: true }, [3, 4, 9])).toEqual([0.1, 0.1 / 1.5, 0.1 / 2]);
  });

  it('PiecewiseConstantDecay: the docstring’s 1.0 through step 100000, 0.5 through 110000, then 0.1', () => {
    const args = { boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] };
    expect(at('PiecewiseConstantDecay', args, [0, 100000, 100001, 110000, 110001, 10 ** 7])).toEqual([1.0, 1.0, 0.5, 0.5, 0.1, 0.1]);
    // No boundaries and one value, written as a number (the checker's floats type allows it): a constant.
    expect(at('PiecewiseConstantDecay', { boundaries: [], values: 0.25 }, [0, 1000])).toEqual([0.25, 0.25]);
  });

  it('PolynomialDecay: linear from 0.1 to 0.01 over 10000 steps, then held; with cycle, restarts over a longer span', () => {
    const args = { initial_learning_rate: 0.1, decay_steps: 10000, end_learning_rate: 0.01, power: 1.0, cycle: false };
    const [s0, s5000, s10000, s20000] = at('PolynomialDecay', args, [0, 5000, 10000, 20000]);
    expect(s0).toBeCloseTo(0.1, 15);
    expect(s5000).toBeCloseTo(0.055, 15);
    expect(s10000).toBeCloseTo(0.01, 15);
    expect(s20000).toBeCloseTo(0.01, 15);
    // cycle: at step 15000 the span is 20000, so (0.1 - 0.01) · (1 - 0.75) + 0.01.
    expect(at('PolynomialDecay', { ...args, cycle: true }, [15000])[0]).toBeCloseTo(0.0325, 15);
    // power 0.5: (0.1 - 0.01) · sqrt(0.5) + 0.01 halfway.
    expect(at('PolynomialDecay', { ...args, power: 0.5 }, [5000])[0]).toBeCloseTo(0.09 * Math.SQRT1_2 + 0.01, 15);
  });

  it('CosineDecay: a half cosine from 0.1 to alpha · 0.1, with an optional linear warmup', () => {
    const args = { initial_learning_rate: 0.1, decay_steps: 1000, alpha: 0.0, warmup_target: null, warmup_steps: 0 };
    const [s0, s500, s1000, s2000] = at('CosineDecay', args, [0, 500, 1000, 2000]);
    expect(s0).toBeCloseTo(0.1, 15);
    expect(s500).toBeCloseTo(0.05, 15);
    expect(s1000).toBeCloseTo(0, 15);
    expect(s2000).toBeCloseTo(0, 15);
    expect(at('CosineDecay', { ...args, alpha: 0.2 }, [1000])[0]).toBeCloseTo(0.02, 15);
    // Warmup from 0 to 1e-3 over 100 steps, then the cosine from 1e-3 over 1000.
    const warm = { ...args, initial_learning_rate: 0, warmup_target: 1e-3, warmup_steps: 100 };
    const [w0, w50, w100, w600, w1100, w5000] = at('CosineDecay', warm, [0, 50, 100, 600, 1100, 5000]);
    expect(w0).toBe(0);
    expect(w50).toBeCloseTo(5e-4, 15);
    expect(w100).toBeCloseTo(1e-3, 15);
    expect(w600).toBeCloseTo(5e-4, 15);
    expect(w1100).toBeCloseTo(0, 15);
    expect(w5000).toBeCloseTo(0, 15);
  });
});
