// Normalization's checker rules against keras/src/layers/preprocessing/normalization.py:
// __init__'s ValueErrors (mean and variance together, the same shape), build()'s weights (mean and
// variance of the kept axis, a scalar count, none trainable; no weights when mean is given), the
// kept axis's range, and the diagnostics' codes, ranges and hints through the whole checker.

import { describe, expect, it } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import { summary } from '../../../src/compiler/summary.ts';
import { tensor } from '../../../src/compiler/tensor-type.ts';
import { batch, errorOf, outputs, weightsOf } from './helpers.ts';

function diagnostics(layer: string, input = '(5, 3)') {
  const text = `model m {\n  ${layer.slice(0, -1)}, input=${input})\n}\n`;
  return { text, found: check(text, 'm.rnn').diagnostics };
}

describe('Normalization: shapes, masks and weights', () => {
  it('keeps the shape and the mask', () => {
    expect(outputs('Normalization', [batch([7, 3], 'float32', true)])).toEqual([tensor([null, 7, 3], 'float32', true)]);
  });

  it('to be adapted: mean and variance over the kept axis and a scalar count, none trainable', () => {
    const ws = weightsOf('Normalization', [batch([5, 3])]);
    expect(ws.map((w) => [w.name, w.shape, w.trainable, w.initializer.name])).toEqual([
      ['mean', [3], false, 'zeros'],
      ['variance', [3], false, 'ones'],
      ['count', [], false, 'zeros'],
    ]);
    expect(weightsOf('Normalization', [batch([5, 3])], { axis: 1 }).map((w) => w.shape)).toEqual([[5], [5], []]);
    expect(weightsOf('Normalization', [batch([5, 3])], { axis: null }).map((w) => w.shape)).toEqual([[], [], []]);
  });

  it('with mean and variance given: no weights (Keras keeps them as constants)', () => {
    expect(weightsOf('Normalization', [batch([5, 3])], { mean: 1, variance: 4 })).toEqual([]);
    expect(weightsOf('Normalization', [batch([3])], { mean: [1, 2, 3], variance: [1, 1, 1] })).toEqual([]);
  });

  it('refuses the batch axis, an axis beyond the rank and an unknown kept size', () => {
    expect(errorOf('Normalization', [batch([5, 3])], { axis: 0 })).toMatchObject({ code: 'E0309', arg: 'axis', label: 'the batch axis' });
    expect(errorOf('Normalization', [batch([5, 3])], { axis: 3 })).toMatchObject({ code: 'E0309', arg: 'axis' });
    expect(errorOf('Normalization', [batch([null, 3])], { axis: 1 })).toMatchObject({ code: 'E0303', arg: 'axis' });
    expect(outputs('Normalization', [batch([null, 3])], { axis: null })).toHaveLength(1);
    expect(errorOf('Normalization', [batch([5, 3], 'int32')]).code).toBe('E0305');
  });

  it('mean and variance: together, in the same form, one per index or one in all', () => {
    expect(errorOf('Normalization', [batch([3])], { mean: 1 })).toMatchObject({ code: 'E0212', arg: 'mean', label: '`variance` is missing' });
    expect(errorOf('Normalization', [batch([3])], { variance: 1 })).toMatchObject({ code: 'E0212', arg: 'variance' });
    expect(errorOf('Normalization', [batch([3])], { mean: [1, 2, 3], variance: 1 })).toMatchObject({ code: 'E0212', arg: 'variance' });
    expect(errorOf('Normalization', [batch([3])], { mean: [1, 2], variance: [1, 2] })).toMatchObject({ code: 'E0303', arg: 'mean' });
    expect(errorOf('Normalization', [batch([3])], { axis: null, mean: [1, 2, 3], variance: [1, 2, 3] })).toMatchObject({ code: 'E0303' });
    expect(outputs('Normalization', [batch([3])], { mean: [2], variance: [4] })).toHaveLength(1);
  });
});

describe('Normalization through the checker', () => {
  it('points E0212 at the argument given alone, with a hint', () => {
    const { text, found } = diagnostics('Normalization(mean=5.0)');
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d).toMatchObject({ code: 'E0212', hint: expect.stringContaining('give both') });
    expect(text.slice(d!.range.start, d!.range.end)).toBe('mean=5.0');
  });

  it('points at the entry of a tuple that is not a number, and at a negative variance', () => {
    const bad = diagnostics('Normalization(mean=(1.0, "a", 3.0), variance=(1.0, 1.0, 1.0))');
    expect(bad.found.map((d) => [d.code, bad.text.slice(d.range.start, d.range.end)])).toEqual([['E0204', '"a"']]);
    const negative = diagnostics('Normalization(mean=(1.0, 2.0, 3.0), variance=(1.0, -1.0, 1.0))');
    expect(negative.found.map((d) => [d.code, negative.text.slice(d.range.start, d.range.end)])).toEqual([['E0205', '-1.0']]);
  });

  it('points E0303 at mean when it has neither one number nor one per feature', () => {
    const { text, found } = diagnostics('Normalization(mean=(1.0, 2.0), variance=(1.0, 1.0))');
    expect(found.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([['E0303', 'mean=(1.0, 2.0)']]);
  });

  it('shows Keras’s summary row and counts 2·d + 1 non-trainable parameters', () => {
    const { models } = check('model m {\n  Normalization(input=(5, 1))\n  LSTM(1)\n}\n', 'm.rnn');
    const table = summary(models[0]!);
    expect(table).toMatch(/normalization \(Normalization\)\s*│ \(None, 5, 1\)\s*│\s*3 │/);
    expect(table).toMatch(/Non-trainable params: 3 \(12\.00 B\)/);
    expect(table).toMatch(/Trainable params: 12 \(48\.00 B\)/);
  });
});
