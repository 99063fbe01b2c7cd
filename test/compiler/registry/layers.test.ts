// Shape and mask rules of the non-recurrent layers, each against its Keras source.

import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/compiler/tensor-type.ts';
import { def, batch, errorOf, outputs, shapes, weightsOf } from './helpers.ts';

describe('Input', () => {
  it('prefixes the batch axis and carries the dtype', () => {
    expect(outputs('Input', [], { shape: [null] , dtype: 'int32' })).toEqual([tensor([null, null], 'int32')]);
    expect(shapes('Input', [], { shape: [5, 1] })).toEqual([[null, 5, 1]]);
    expect(shapes('Input', [], { shape: [5, 1], batch_size: 32 })).toEqual([[32, 5, 1]]);
    expect(def('Input')).toMatchObject({ category: 'input', arity: 'many' });
  });
});

describe('Dense', () => {
  it('acts on the last axis of any rank ≥ 2 and passes the mask', () => {
    expect(shapes('Dense', [batch([128])], { units: 1 })).toEqual([[null, 1]]);
    expect(outputs('Dense', [batch([null, 5, 8], 'float32', true)], { units: 3 })).toEqual([tensor([null, null, 5, 3], 'float32', true)]);
  });

  it('reports (None,) with E0302 and an unknown last axis with E0303', () => {
    expect(errorOf('Dense', [batch([])], { units: 1 })).toMatchObject({ code: 'E0302', message: 'Dense needs at least 2 axes, but gets (None,)' });
    expect(errorOf('Dense', [batch([5, null])], { units: 1 }).code).toBe('E0303');
  });

  it('has kernel [F, units] then bias [units]', () => {
    expect(weightsOf('Dense', [batch([7])], { units: 3 }).map((w) => [w.name, w.shape])).toEqual([['kernel', [7, 3]], ['bias', [3]]]);
  });
});

describe('Embedding', () => {
  it('appends output_dim and masks with mask_zero', () => {
    expect(outputs('Embedding', [batch([null], 'int32')], { input_dim: 10, output_dim: 4 })).toEqual([tensor([null, null, 4])]);
    expect(outputs('Embedding', [batch([7], 'int32')], { input_dim: 10, output_dim: 4, mask_zero: true })).toEqual([
      tensor([null, 7, 4], 'float32', true),
    ]);
  });

  it('reports float ids with E0305 and a hint about dtype=int32', () => {
    const e = errorOf('Embedding', [batch([null])], { input_dim: 10, output_dim: 4 });
    expect(e.code).toBe('E0305');
    expect(e.message).toBe('Embedding needs integer ids, but gets float32 values');
    expect(e.hint).toContain('dtype=int32');
  });

  it('has embeddings [input_dim, output_dim], initialised uniform ±0.05', () => {
    const [w] = weightsOf('Embedding', [batch([3], 'int32')], { input_dim: 10, output_dim: 4 });
    expect(w).toMatchObject({ name: 'embeddings', shape: [10, 4] });
    expect(w?.initializer).toEqual({ kind: 'fn', name: 'random_uniform', args: { minval: -0.05, maxval: 0.05, seed: null } });
  });
});

describe('shape-preserving layers', () => {
  it('Masking creates a mask on (batch, time, features) only', () => {
    expect(outputs('Masking', [batch([5, 3])])).toEqual([tensor([null, 5, 3], 'float32', true)]);
    expect(errorOf('Masking', [batch([3])]).code).toBe('E0302');
  });

  it('Dropout and Activation keep shape, dtype and mask', () => {
    const x = batch([null, 4], 'float32', true);
    expect(outputs('Dropout', [x], { rate: 0.5 })).toEqual([x]);
    expect(outputs('Activation', [x], { activation: 'relu' })).toEqual([x]);
  });

  it('LayerNormalization and BatchNormalization keep the shape and pass the mask', () => {
    const x = batch([null, 4], 'float32', true);
    expect(outputs('LayerNormalization', [x])).toEqual([x]);
    expect(outputs('BatchNormalization', [x])).toEqual([x]);
    expect(errorOf('LayerNormalization', [batch([4, null])]).code).toBe('E0303');
    expect(errorOf('BatchNormalization', [batch([4])], { axis: 0 })).toMatchObject({ code: 'E0309', arg: 'axis' });
  });

  it('normalization weights: gamma, beta; BatchNormalization adds non-trainable moving statistics', () => {
    const ln = weightsOf('LayerNormalization', [batch([3, 6])]);
    expect(ln.map((w) => [w.name, w.shape, w.trainable])).toEqual([['gamma', [6], true], ['beta', [6], true]]);
    const bn = weightsOf('BatchNormalization', [batch([3, 6])]);
    expect(bn.map((w) => [w.name, w.trainable])).toEqual([
      ['gamma', true],
      ['beta', true],
      ['moving_mean', false],
      ['moving_variance', false],
    ]);
    expect(weightsOf('BatchNormalization', [batch([3, 6])], { axis: 1 })[0]?.shape).toEqual([3]);
  });
});

describe('reshaping', () => {
  it('RepeatVector needs (batch, features)', () => {
    expect(shapes('RepeatVector', [batch([32])], { n: 3 })).toEqual([[null, 3, 32]]);
    expect(errorOf('RepeatVector', [batch([5, 32])], { n: 3 })).toMatchObject({ code: 'E0302' });
  });

  it('Flatten needs every non-batch axis known', () => {
    expect(shapes('Flatten', [batch([10, 64])])).toEqual([[null, 640]]);
    expect(shapes('Flatten', [batch([])])).toEqual([[null, 1]]);
    expect(errorOf('Flatten', [batch([null, 64])]).code).toBe('E0303');
  });

  it('Reshape checks the element count and infers one -1', () => {
    expect(shapes('Reshape', [batch([12])], { target_shape: [3, 4] })).toEqual([[null, 3, 4]]);
    expect(shapes('Reshape', [batch([12])], { target_shape: [-1, 2, 2] })).toEqual([[null, 3, 2, 2]]);
    expect(shapes('Reshape', [batch([null, 4])], { target_shape: [-1, 2] })).toEqual([[null, null, 2]]);
    expect(errorOf('Reshape', [batch([12])], { target_shape: [5, 2] })).toMatchObject({ code: 'E0303', arg: 'target_shape' });
    expect(errorOf('Reshape', [batch([12])], { target_shape: [-1, 5] }).code).toBe('E0303');
    expect(errorOf('Reshape', [batch([12])], { target_shape: [-1, -1] }).code).toBe('E0309');
  });

  it('none of them takes a mask', () => {
    for (const name of ['RepeatVector', 'Flatten', 'Reshape']) expect(def(name).acceptsMask).toBe(false);
  });
});

describe('Conv1D', () => {
  it('follows Keras’s output length for valid, same and causal', () => {
    const conv = (given: Record<string, unknown>) => shapes('Conv1D', [batch([10, 128])], { filters: 32, kernel_size: 3, ...given });
    expect(conv({})).toEqual([[null, 8, 32]]); // Keras docstring example: (4, 10, 128) → (4, 8, 32)
    expect(conv({ padding: 'same' })).toEqual([[null, 10, 32]]);
    expect(conv({ padding: 'causal' })).toEqual([[null, 10, 32]]);
    expect(conv({ strides: 2 })).toEqual([[null, 4, 32]]);
    expect(conv({ padding: 'same', strides: 3 })).toEqual([[null, 4, 32]]);
    expect(conv({ dilation_rate: 2 })).toEqual([[null, 6, 32]]);
    expect(shapes('Conv1D', [batch([null, 8])], { filters: 4, kernel_size: 3 })).toEqual([[null, null, 4]]);
  });

  it('rejects windows longer than the input, and strides with dilation', () => {
    expect(errorOf('Conv1D', [batch([2, 8])], { filters: 4, kernel_size: 3 })).toMatchObject({ code: 'E0303', arg: 'kernel_size' });
    expect(errorOf('Conv1D', [batch([20, 8])], { filters: 4, kernel_size: 3, strides: 2, dilation_rate: 2 }).code).toBe('E0309');
    expect(errorOf('Conv1D', [batch([20, 8])], { filters: 5, kernel_size: 3, groups: 2 }).code).toBe('E0309');
    expect(errorOf('Conv1D', [batch([8])], { filters: 4, kernel_size: 3 }).code).toBe('E0302');
  });

  it('has kernel [k, F, filters] then bias [filters]', () => {
    expect(weightsOf('Conv1D', [batch([20, 8])], { filters: 32, kernel_size: 3 }).map((w) => [w.name, w.shape])).toEqual([
      ['kernel', [3, 8, 32]],
      ['bias', [32]],
    ]);
  });
});

describe('pooling', () => {
  it('MaxPooling1D and AveragePooling1D: strides default to pool_size', () => {
    for (const name of ['MaxPooling1D', 'AveragePooling1D']) {
      expect(shapes(name, [batch([10, 4])])).toEqual([[null, 5, 4]]);
      expect(shapes(name, [batch([5, 4])], { pool_size: 2, strides: 1 })).toEqual([[null, 4, 4]]);
      expect(shapes(name, [batch([5, 4])], { pool_size: 2, padding: 'same' })).toEqual([[null, 3, 4]]);
      expect(errorOf(name, [batch([5, 4])], { padding: 'causal' })).toMatchObject({ code: 'E0309', arg: 'padding' });
      expect(errorOf(name, [batch([1, 4])], { pool_size: 2 }).code).toBe('E0303');
    }
  });

  it('global pooling drops the time axis (or keeps it with keepdims)', () => {
    for (const name of ['GlobalAveragePooling1D', 'GlobalMaxPooling1D']) {
      expect(shapes(name, [batch([null, 4])])).toEqual([[null, 4]]);
      expect(shapes(name, [batch([7, 4])], { keepdims: true })).toEqual([[null, 1, 4]]);
      expect(errorOf(name, [batch([4])]).code).toBe('E0302');
    }
  });

  it('only GlobalAveragePooling1D takes a mask, and it returns none', () => {
    expect(def('GlobalAveragePooling1D').acceptsMask).toBe(true);
    expect(outputs('GlobalAveragePooling1D', [batch([null, 4], 'float32', true)])[0]?.masked).toBe(false);
    for (const name of ['GlobalMaxPooling1D', 'MaxPooling1D', 'AveragePooling1D', 'Conv1D']) expect(def(name).acceptsMask).toBe(false);
  });
});

describe('merge layers', () => {
  it('Concatenate joins on the last axis by default and checks the others', () => {
    expect(shapes('Concatenate', [batch([5, 3]), batch([5, 4])])).toEqual([[null, 5, 7]]);
    expect(shapes('Concatenate', [batch([5, 3]), batch([2, 3])], { axis: 1 })).toEqual([[null, 7, 3]]);
    expect(shapes('Concatenate', [batch([null, 3]), batch([5, 4])])).toEqual([[null, 5, 7]]);
    expect(errorOf('Concatenate', [batch([5, 3]), batch([6, 4])]).code).toBe('E0303');
    expect(errorOf('Concatenate', [batch([5, 3]), batch([3])]).code).toBe('E0302');
    expect(errorOf('Concatenate', [batch([3])])).toMatchObject({ code: 'E0309' });
  });

  it('Concatenate is masked if any input is; element-wise merges only if all are', () => {
    const m = batch([5, 3], 'float32', true);
    const u = batch([5, 3]);
    expect(outputs('Concatenate', [m, u])[0]?.masked).toBe(true);
    expect(outputs('Add', [m, u])[0]?.masked).toBe(false);
    expect(outputs('Add', [m, m])[0]?.masked).toBe(true);
  });

  it('Add, Multiply, Average broadcast like Keras and reject mismatches', () => {
    expect(shapes('Add', [batch([5, 3]), batch([5, 3]), batch([5, 3])])).toEqual([[null, 5, 3]]);
    expect(shapes('Multiply', [batch([5, 1]), batch([5, 3])])).toEqual([[null, 5, 3]]);
    expect(shapes('Average', [batch([3]), batch([5, 3])])).toEqual([[null, 5, 3]]);
    expect(errorOf('Add', [batch([5, 3]), batch([5, 4])]).code).toBe('E0303');
    expect(errorOf('Subtract', [batch([3]), batch([3]), batch([3])]).code).toBe('E0309');
    expect(errorOf('Add', [batch([3]), batch([3], 'int32')]).code).toBe('E0305');
  });
});
