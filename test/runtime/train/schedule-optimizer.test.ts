// An optimizer whose learning_rate is a schedule: each step reads the schedule at the number of
// steps applied before it (Keras's optimizer.iterations), weight decay included. Checked on
// f(w) = w, whose gradient is 1, so SGD moves w by exactly the rate of each step.

import { beforeAll, describe, expect, it } from 'vitest';
import { fn } from '../../../src/compiler/layers/args.ts';
import { makeOptimizer } from '../../../src/runtime/train/optimizers.ts';
import { initBackend, tf } from '../../../src/runtime/tf.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** w after `steps` SGD steps on f(w) = w from w = 1, and the rate the optimizer reported before each. */
function sgdOnSlope(learningRate: ReturnType<typeof fn>, steps: number, extra: Record<string, number> = {}) {
  const optimizer = makeOptimizer(fn('sgd', { learning_rate: learningRate, ...extra }));
  const w = tf.variable(tf.tensor1d([1]));
  const rates: number[] = [];
  for (let i = 0; i < steps; i++) {
    rates.push(optimizer.learningRate);
    optimizer.apply([w], [tf.ones([1])]);
  }
  const out = { w: w.dataSync()[0]!, rates, iterations: optimizer.iterations };
  optimizer.dispose();
  w.dispose();
  return out;
}

describe('an optimizer with a learning-rate schedule', () => {
  it('PiecewiseConstantDecay((1, 2), (0.5, 0.25, 0.125)): 0.5 at steps 0 and 1, 0.25 at 2, 0.125 after', () => {
    const run = sgdOnSlope(fn('PiecewiseConstantDecay', { boundaries: [1, 2], values: [0.5, 0.25, 0.125] }), 5);
    expect(run.rates).toEqual([0.5, 0.5, 0.25, 0.125, 0.125]);
    expect(run.w).toBe(1 - 1.5); // every value a power of two: exact in float32
    expect(run.iterations).toBe(5);
  });

  it('ExponentialDecay(0.1, 2, 0.5): w falls by 0.1 · 0.5^(t/2) at step t', () => {
    const run = sgdOnSlope(fn('ExponentialDecay', { initial_learning_rate: 0.1, decay_steps: 2, decay_rate: 0.5, staircase: false }), 4);
    const rates = [0, 1, 2, 3].map((t) => 0.1 * 0.5 ** (t / 2));
    run.rates.forEach((r, i) => expect(r).toBe(Math.fround(rates[i]!)));
    expect(run.w).toBeCloseTo(1 - rates.reduce((a, b) => a + b, 0), 6);
  });

  it('decoupled weight decay uses the scheduled rate too', () => {
    // w ← w − w·wd·lr − lr·g with lr 0.5 then 0.25 (staircase halving each step), wd 0.1, g = 1.
    const run = sgdOnSlope(fn('ExponentialDecay', { initial_learning_rate: 0.5, decay_steps: 1, decay_rate: 0.5, staircase: true }), 2, { weight_decay: 0.1 });
    let w = 1;
    for (const lr of [0.5, 0.25]) w = w - w * 0.1 * lr - lr;
    expect(run.w).toBeCloseTo(w, 6);
  });

  it('a schedule’s rate cannot be set: E0521, as the checker says of ReduceLROnPlateau in a train block', () => {
    const optimizer = makeOptimizer(fn('sgd', { learning_rate: fn('CosineDecay', { initial_learning_rate: 0.1, decay_steps: 10, alpha: 0, warmup_target: null, warmup_steps: 0 }) }));
    expect(() => (optimizer.learningRate = 0.01)).toThrow(expect.objectContaining({ code: 'E0521', message: expect.stringMatching(/cannot be set/) }));
    optimizer.dispose();
  });
});
