// Shape, mask and weight rules of SimpleRNN, LSTM and GRU (keras/src/layers/rnn/rnn.py).

import { describe, expect, it } from 'vitest';
import { UNIT_FORGET_BIAS } from '../../../src/compiler/layers/recurrent.ts';
import { def, config, batch, errorOf, outputs, shapes, weightsOf } from './helpers.ts';

const RNNS = ['SimpleRNN', 'LSTM', 'GRU'] as const;
const STATES = { SimpleRNN: 1, LSTM: 2, GRU: 1 } as const;

describe.each(RNNS)('%s', (name) => {
  it('returns the last step, or every step with return_sequences', () => {
    expect(shapes(name, [batch([5, 3])], { units: 8 })).toEqual([[null, 8]]);
    expect(shapes(name, [batch([5, 3])], { units: 8, return_sequences: true })).toEqual([[null, 5, 8]]);
    expect(shapes(name, [batch([null, 3])], { units: 8, return_sequences: true })).toEqual([[null, null, 8]]);
  });

  it('adds its final states with return_state, each (batch, units)', () => {
    const out = shapes(name, [batch([5, 3])], { units: 8, return_state: true });
    expect(out).toEqual([[null, 8], ...Array.from({ length: STATES[name] }, () => [null, 8])]);
    expect(def(name).outputCount?.(config(name, { units: 8, return_state: true }))).toBe(1 + STATES[name]);
    expect(def(name).outputCount?.(config(name, { units: 8 }))).toBe(1);
  });

  it('consumes a mask: the output keeps it only with return_sequences; states never', () => {
    const x = batch([null, 3], 'float32', true);
    expect(outputs(name, [x], { units: 4 })[0]?.masked).toBe(false);
    expect(outputs(name, [x], { units: 4, return_sequences: true })[0]?.masked).toBe(true);
    const withState = outputs(name, [x], { units: 4, return_sequences: true, return_state: true });
    expect(withState.map((t) => t.masked)).toEqual([true, ...Array.from({ length: STATES[name] }, () => false)]);
    expect(def(name).acceptsMask).toBe(true);
  });

  it('reports a rank-2 input with E0301 in Keras’s shape spelling', () => {
    const e = errorOf(name, [batch([64])], { units: 32 });
    expect(e.code).toBe('E0301');
    expect(e.message).toBe(`${name} needs a sequence (batch, time, features), but gets (None, 64)`);
    expect(e.label).toBe('expects (None, time, features)');
  });

  it('reports other ranks with E0302', () => {
    expect(errorOf(name, [batch([2, 3, 4])], { units: 1 }).code).toBe('E0302');
    expect(errorOf(name, [batch([])], { units: 1 }).code).toBe('E0302');
  });

  it('needs a known feature axis (E0303) and float values (E0305)', () => {
    expect(errorOf(name, [batch([5, null])], { units: 1 }).code).toBe('E0303');
    expect(errorOf(name, [batch([5, 3], 'int32')], { units: 1 }).code).toBe('E0305');
  });

  it('cannot unroll an unknown length, nor be stateful without a batch size (E0309)', () => {
    expect(errorOf(name, [batch([null, 3])], { units: 1, unroll: true })).toMatchObject({ code: 'E0309', arg: 'unroll' });
    expect(shapes(name, [batch([5, 3])], { units: 1, unroll: true })).toEqual([[null, 1]]);
    expect(errorOf(name, [batch([5, 3])], { units: 1, stateful: true })).toMatchObject({ code: 'E0309', arg: 'stateful' });
    const fixed = def(name).inferShape([{ kind: 'tensor', dtype: 'float32', shape: [32, 5, 3], masked: false }], config(name, { units: 2, stateful: true }));
    expect(fixed.ok && fixed.outputs[0]?.shape).toEqual([32, 2]);
  });

  it('names its weights kernel, recurrent_kernel, bias in that order', () => {
    expect(weightsOf(name, [batch([5, 3])], { units: 2 }).map((w) => w.name)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(weightsOf(name, [batch([5, 3])], { units: 2, use_bias: false }).map((w) => w.name)).toEqual(['kernel', 'recurrent_kernel']);
  });
});

describe('weight shapes and initializers', () => {
  const shapesOf = (name: string, given: Record<string, unknown>) =>
    weightsOf(name, [batch([5, 3])], given as never).map((w) => [w.name, w.shape]);

  it('SimpleRNN: kernel [F, u], recurrent_kernel [u, u], bias [u]', () => {
    expect(shapesOf('SimpleRNN', { units: 4 })).toEqual([['kernel', [3, 4]], ['recurrent_kernel', [4, 4]], ['bias', [4]]]);
  });

  it('LSTM: kernel [F, 4u], recurrent_kernel [u, 4u], bias [4u]', () => {
    expect(shapesOf('LSTM', { units: 4 })).toEqual([['kernel', [3, 16]], ['recurrent_kernel', [4, 16]], ['bias', [16]]]);
  });

  it('GRU: bias [2, 3u] with reset_after (the default), [3u] without', () => {
    expect(shapesOf('GRU', { units: 4 })).toEqual([['kernel', [3, 12]], ['recurrent_kernel', [4, 12]], ['bias', [2, 12]]]);
    expect(shapesOf('GRU', { units: 4, reset_after: false })[2]).toEqual(['bias', [12]]);
  });

  it('uses Keras’s default initializers: glorot_uniform, orthogonal, zeros', () => {
    const [kernel, recurrent, bias] = weightsOf('SimpleRNN', [batch([5, 3])], { units: 4 });
    expect(kernel?.initializer).toEqual({ kind: 'fn', name: 'glorot_uniform', args: { seed: null } });
    expect(recurrent?.initializer).toEqual({ kind: 'fn', name: 'orthogonal', args: { gain: 1.0, seed: null } });
    expect(bias?.initializer).toEqual({ kind: 'fn', name: 'zeros', args: {} });
  });

  it('represents LSTM’s unit_forget_bias as an initializer wrapping bias_initializer', () => {
    const bias = weightsOf('LSTM', [batch([5, 3])], { units: 4 })[2];
    expect(bias?.initializer).toEqual({ kind: 'fn', name: UNIT_FORGET_BIAS, args: { inner: { kind: 'fn', name: 'zeros', args: {} } } });
    const plain = weightsOf('LSTM', [batch([5, 3])], { units: 4, unit_forget_bias: false })[2];
    expect(plain?.initializer).toEqual({ kind: 'fn', name: 'zeros', args: {} });
  });

  it('carries regularizers onto the weights they penalise', () => {
    const l2 = { kind: 'fn', name: 'l2', args: { l2: 0.01 } } as const;
    const ws = weightsOf('LSTM', [batch([5, 3])], { units: 4, kernel_regularizer: l2 });
    expect(ws.map((w) => w.regularizer ?? null)).toEqual([l2, null, null]);
  });

  it('trainable=false freezes every weight', () => {
    const ws = def('GRU').weights([batch([5, 3])], { ...config('GRU', { units: 2 }), trainable: false });
    expect(ws.every((w) => !w.trainable)).toBe(true);
  });
});
