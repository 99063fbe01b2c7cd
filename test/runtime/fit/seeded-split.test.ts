// shuffle_before_split: validation_split's held-out part drawn at random (seeded), not the last
// fraction. Each sample's x holds its own index, so the parts can be read back exactly.

import { describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { splitValidation, type Dataset } from '../../../src/runtime/train/fit.ts';

const N = 40;
const data: Dataset = {
  x: [{ dtype: 'float32', shape: [N, 2, 1], data: Float32Array.from({ length: N * 2 }, (_, i) => Math.floor(i / 2)) }],
  y: [{ dtype: 'float32', shape: [N, 1], data: Float32Array.from({ length: N }, (_, i) => 1000 + i) }],
};
const ids = (d: Dataset) => Array.from({ length: d.x[0]!.shape[0]! }, (_, i) => d.x[0]!.data[i * 2]!);
const labels = (d: Dataset) => Array.from(d.y[0]!.data, (v) => v - 1000);

describe('shuffle_before_split', () => {
  it('without it, validation is the last fraction, as Keras takes it', () => {
    const { train, validation } = splitValidation(data, 0.25);
    expect(ids(train)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(ids(validation!)).toEqual(Array.from({ length: 10 }, (_, i) => 30 + i));
  });

  it('with a seed, a random held-out set: every sample once, x and y kept together, the same for the same seed', () => {
    const { train, validation } = splitValidation(data, 0.25, 7);
    expect(ids(train)).toHaveLength(30);
    expect(ids(validation!)).toHaveLength(10);
    expect([...ids(train), ...ids(validation!)].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(labels(train)).toEqual(ids(train));
    expect(labels(validation!)).toEqual(ids(validation!));
    // Not the last fraction (the chance of drawing exactly 30..39 is 1 in C(40,10)).
    expect(ids(validation!).every((i) => i >= 30)).toBe(false);
    expect(ids(splitValidation(data, 0.25, 7).validation!)).toEqual(ids(validation!));
    expect(ids(splitValidation(data, 0.25, 8).validation!)).not.toEqual(ids(validation!));
  });

  it('is a train setting the checker reads (default false)', () => {
    const src = (extra: string) => `model m {\n  LSTM(2, input=(2, 1))\n}\ntrain {\n  loss = mse\n  validation_split = 0.25\n${extra}}\n`;
    expect(check(src('')).models[0]!.train!.shuffleBeforeSplit).toBe(false);
    expect(check(src('  shuffle_before_split = true\n')).models[0]!.train!.shuffleBeforeSplit).toBe(true);
    expect(check(src('  shuffle_before_split = 2\n')).diagnostics.map((d) => d.code)).toEqual(['E0204']);
  });
});
