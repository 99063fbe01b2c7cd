// fitToModel: every check between data and model, with its code, the file it names, and the
// conversions it makes.

import { describe, expect, it } from 'vitest';
import { fitToModel } from '../../../src/runtime/data/fit.ts';
import { float32, int32, type NdArray } from '../../../src/runtime/data/nd-array.ts';
import { encoderDecoder, mnist, nextNumber, sentiment, tagger, translate, twoHeads } from './models.ts';
import { rnncError, values } from './helpers.ts';

const floats = (shape: number[], fill: (i: number) => number = () => 0, fileDtype?: string) =>
  float32(shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i)), fileDtype);
const ints = (shape: number[], fill: (i: number) => number = () => 0) => int32(shape, Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i)));
const files = { x: ['x.npy'], y: 'y.npy' };
const fit = (m: ReturnType<typeof nextNumber>, x: NdArray | NdArray[], y?: NdArray) => fitToModel(m, x, y, files);

describe('fitToModel: x against the inputs', () => {
  it('takes (N, T) for an input (None, T, 1), and int data for a float input', () => {
    const { x, y } = fit(nextNumber(), ints([4, 5], (i) => i), floats([4]));
    expect(x[0]!.shape).toEqual([4, 5, 1]);
    expect(x[0]!.dtype).toBe('float32');
    expect(values(x[0]!.data)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(y!.shape).toEqual([4, 1]);
  });

  it('refuses another shape, naming the file, what it holds and what the input is', () => {
    const e = rnncError(() => fit(nextNumber(), floats([100, 5, 2], undefined, 'float64')), 'E0617', 'x.npy');
    expect(e.message).toBe("x.npy holds (100, 5, 2) float64 values, but the model's input is (None, 5, 1)");
  });

  it('suggests the reshape when the values are all there', () => {
    expect(rnncError(() => fit(nextNumber(), floats([100, 5, 1, 1])), 'E0617').hint).toContain('x.reshape(-1, 5, 1)');
  });

  it('refuses a single number and an empty array', () => {
    rnncError(() => fit(nextNumber(), floats([])), 'E0617', 'x.npy');
    rnncError(() => fit(nextNumber(), floats([0, 5, 1])), 'E0614', 'x.npy');
  });

  it('needs one array per input, and equal sample counts', () => {
    expect(rnncError(() => fit(translate(), ints([2, 3])), 'E0616').message).toContain('2 inputs (src, tgt)');
    const e = rnncError(() => fitToModel(translate(), [ints([2, 3]), ints([3, 3])], undefined, { x: ['src.npy', 'tgt.npy'] }), 'E0615', 'tgt.npy');
    expect(e.message).toBe('src.npy holds 2 samples, but tgt.npy holds 3 samples');
    expect(rnncError(() => fit(nextNumber(), floats([100, 5, 1]), floats([90, 1])), 'E0615', 'y.npy').message).toContain('90');
  });
});

describe('fitToModel: ids for an Embedding', () => {
  it('converts whole-number floats to int32', () => {
    const { x } = fit(sentiment(), floats([2, 3], (i) => i * 10, 'float64'), floats([2], () => 1));
    expect(x[0]!.dtype).toBe('int32');
    expect(values(x[0]!.data)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('refuses a fractional value, saying where it is', () => {
    const e = rnncError(() => fit(sentiment(), floats([2, 3], (i) => (i === 4 ? 2.5 : i))), 'E0618', 'x.npy');
    expect(e.message).toContain('2.5 at [1, 1]');
  });

  it('refuses an id outside the vocabulary, naming the first and the size it needs', () => {
    const e = rnncError(() => fit(sentiment(), ints([2, 3], (i) => [1, 2, 3, 100, 140, 7][i]!)), 'E0619', 'x.npy');
    expect(e.message).toContain('id 100 at [1, 0]');
    expect(e.message).toContain('ids 0 to 99');
    expect(e.hint).toContain('Embedding(141');
    rnncError(() => fit(sentiment(), ints([1, 2], (i) => i - 1)), 'E0619');
  });

  it('checks each input against its own Embedding', () => {
    const ok = fitToModel(translate(), [ints([1, 2], () => 19), ints([1, 3], () => 29)], undefined, { x: ['src.npy', 'tgt.npy'] });
    expect(ok.x.map((a) => a.shape)).toEqual([[1, 2], [1, 3]]);
    rnncError(() => fitToModel(translate(), [ints([1, 2], () => 20), ints([1, 3])], undefined, { x: ['src.npy', 'tgt.npy'] }), 'E0619', 'src.npy');
  });
});

describe('fitToModel: labels against the output and loss', () => {
  const images = floats([3, 28, 28]);

  it('sparse_categorical_crossentropy: (N,) or (N, 1) class ids become int32 (N,)', () => {
    for (const shape of [[3], [3, 1]]) {
      const { y } = fit(mnist(), images, floats(shape, (i) => [9, 0, 4][i]!));
      expect(y!.dtype).toBe('int32');
      expect(y!.shape).toEqual([3]);
      expect(values(y!.data)).toEqual([9, 0, 4]);
    }
  });

  it('sparse: refuses a class the output does not score, a fraction, and one-hot rows', () => {
    const ten = rnncError(() => fit(mnist(), images, ints([3], (i) => [1, 10, 2][i]!)), 'E0621', 'y.npy');
    expect(ten.message).toContain('label 10 at [1]');
    expect(ten.hint).toContain('y - 1');
    rnncError(() => fit(mnist(), images, floats([3], () => 0.5)), 'E0621');
    expect(rnncError(() => fit(mnist(), images, floats([3, 10])), 'E0620').hint).toContain('categorical_crossentropy');
  });

  it('sparse on a sequence output: one id per step, the steps counted from x', () => {
    const x = ints([2, 7]);
    expect(fit(tagger(), x, ints([2, 7, 1])).y!.shape).toEqual([2, 7]);
    const e = rnncError(() => fit(tagger(), x, ints([2, 6])), 'E0620', 'y.npy');
    expect(e.message).toContain('(None, 7, 50)');
    expect(e.message).toContain('(2, 7)');
  });

  it('sparse with two inputs: the decoder input decides the steps', () => {
    const fitted = fitToModel(translate(), [ints([2, 4]), ints([2, 6])], ints([2, 6]), { x: ['src.npy', 'tgt.npy'], y: 'y.npy' });
    expect(fitted.y!.shape).toEqual([2, 6]);
    rnncError(() => fitToModel(translate(), [ints([2, 4]), ints([2, 6])], ints([2, 4]), { x: ['src.npy', 'tgt.npy'], y: 'y.npy' }), 'E0620');
  });

  it('categorical_crossentropy: one-hot rows as wide as the output; class ids are the classic mistake', () => {
    const x = floats([2, 5, 12]);
    expect(fit(encoderDecoder(), x, ints([2, 8, 12])).y!.dtype).toBe('float32');
    expect(rnncError(() => fit(encoderDecoder(), x, ints([2, 8])), 'E0620').hint).toContain('sparse_categorical_crossentropy');
    rnncError(() => fit(encoderDecoder(), x, floats([2, 8, 11])), 'E0620');
  });

  it('binary_crossentropy: (N,) labels in [0, 1] become (N, 1)', () => {
    const x = ints([3, 4]);
    const { y } = fit(sentiment(), x, ints([3], (i) => i % 2));
    expect(y!.shape).toEqual([3, 1]);
    expect(y!.dtype).toBe('float32');
    expect(rnncError(() => fit(sentiment(), x, floats([3], (i) => [1, -1, 0][i]!)), 'E0622', 'y.npy').message).toContain('-1 at [1]');
    expect(rnncError(() => fit(sentiment(), x, floats([3], () => NaN)), 'E0622').message).toContain('nan at [0]');
  });

  it('regression: the output shape, (N,) taken for (None, 1)', () => {
    const x = floats([2, 5, 1]);
    expect(fit(nextNumber(), x, floats([2, 1])).y!.shape).toEqual([2, 1]);
    const e = rnncError(() => fit(nextNumber(), x, floats([2, 3])), 'E0620', 'y.npy');
    expect(e.message).toBe('y.npy holds (2, 3) float32 labels, but the model outputs (None, 1) under mean_absolute_error, which wants labels shaped (2, 1)');
  });

  it('refuses one label file for a model with two outputs', () => {
    rnncError(() => fit(twoHeads(), floats([2, 3]), floats([2, 1])), 'E0620', 'y.npy');
  });

  it('checks nothing about labels when there are none (prediction)', () => {
    expect(fit(mnist(), images).y).toBeUndefined();
  });
});
