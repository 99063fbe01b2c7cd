// Bidirectional (keras/src/layers/rnn/bidirectional.py) and TimeDistributed (time_distributed.py).

import { describe, expect, it } from 'vitest';
import { def, config, batch, errorOf, inner, outputs, shapes, weightsOf } from './helpers.ts';

describe('Bidirectional', () => {
  const lstm = (given: Record<string, unknown> = {}) => inner('LSTM', { units: 64, ...given });

  it('concat doubles the last axis; sum, mul and ave keep it', () => {
    expect(shapes('Bidirectional', [batch([null, 128])], { layer: lstm() })).toEqual([[null, 128]]);
    expect(shapes('Bidirectional', [batch([10, 128])], { layer: lstm({ return_sequences: true }) })).toEqual([[null, 10, 128]]);
    for (const mode of ['sum', 'mul', 'ave']) {
      expect(shapes('Bidirectional', [batch([10, 8])], { layer: lstm(), merge_mode: mode })).toEqual([[null, 64]]);
    }
  });

  it('merge_mode=None gives the two directions as two outputs', () => {
    expect(shapes('Bidirectional', [batch([10, 8])], { layer: lstm(), merge_mode: null })).toEqual([[null, 64], [null, 64]]);
    expect(def('Bidirectional').outputCount?.(config('Bidirectional', { layer: lstm(), merge_mode: null }))).toBe(2);
  });

  it('return_state: output(s), then forward states, then backward states', () => {
    const out = shapes('Bidirectional', [batch([10, 8])], { layer: lstm({ units: 16, return_state: true }) });
    expect(out).toEqual([[null, 32], [null, 16], [null, 16], [null, 16], [null, 16]]);
    expect(def('Bidirectional').outputCount?.(config('Bidirectional', { layer: lstm({ units: 16, return_state: true }) }))).toBe(5);
    const gru = shapes('Bidirectional', [batch([10, 8])], { layer: inner('GRU', { units: 4, return_state: true }), merge_mode: null });
    expect(gru).toEqual([[null, 4], [null, 4], [null, 4], [null, 4]]);
    expect(def('Bidirectional').outputCount?.(config('Bidirectional', { layer: inner('GRU', { units: 4, return_state: true }), merge_mode: null }))).toBe(4);
  });

  it('keeps the mask only with return_sequences, never on states', () => {
    const x = batch([null, 8], 'float32', true);
    expect(outputs('Bidirectional', [x], { layer: lstm({ return_sequences: true }) })[0]?.masked).toBe(true);
    expect(outputs('Bidirectional', [x], { layer: lstm() })[0]?.masked).toBe(false);
    const both = outputs('Bidirectional', [x], { layer: lstm({ return_sequences: true }), merge_mode: null });
    expect(both.map((t) => t.masked)).toEqual([true, true]);
    const states = outputs('Bidirectional', [x], { layer: lstm({ return_sequences: true, return_state: true }) });
    expect(states.map((t) => t.masked)).toEqual([true, false, false, false, false]);
  });

  it('names weights forward_<layer>/… then backward_<layer>/…', () => {
    const ws = weightsOf('Bidirectional', [batch([null, 128])], { layer: lstm() });
    expect(ws.map((w) => w.name)).toEqual([
      'forward_lstm/kernel',
      'forward_lstm/recurrent_kernel',
      'forward_lstm/bias',
      'backward_lstm/kernel',
      'backward_lstm/recurrent_kernel',
      'backward_lstm/bias',
    ]);
    const named = weightsOf('Bidirectional', [batch([5, 2])], { layer: inner('GRU', { units: 1 }, 'forward_enc') });
    expect(named[0]?.name).toBe('forward_enc/kernel'); // Keras strips a forward_ prefix before adding it
    expect(named[3]?.name).toBe('backward_forward_enc/kernel');
  });

  it('reports a rank-2 input as Bidirectional’s own E0301', () => {
    const e = errorOf('Bidirectional', [batch([64])], { layer: lstm() });
    expect(e.code).toBe('E0301');
    expect(e.message).toBe('Bidirectional needs a sequence (batch, time, features), but gets (None, 64)');
  });

  it('rejects a non-recurrent inner layer and a wrapped layer with go_backwards (E0309)', () => {
    expect(errorOf('Bidirectional', [batch([5, 2])], { layer: inner('Dense', { units: 1 }) })).toMatchObject({ code: 'E0309', arg: 'layer' });
    expect(errorOf('Bidirectional', [batch([5, 2])], { layer: lstm({ go_backwards: true }) })).toMatchObject({ code: 'E0309', arg: 'layer' });
  });

  it('checks a given backward_layer against the forward one', () => {
    const back = inner('LSTM', { units: 64, go_backwards: true }, 'lstm_1');
    expect(shapes('Bidirectional', [batch([5, 2])], { layer: lstm(), backward_layer: back })).toEqual([[null, 128]]);
    const ws = weightsOf('Bidirectional', [batch([5, 2])], { layer: lstm(), backward_layer: back });
    expect(ws[3]?.name).toBe('lstm_1/kernel');
    const sameDirection = inner('LSTM', { units: 64 }, 'lstm_1');
    expect(errorOf('Bidirectional', [batch([5, 2])], { layer: lstm(), backward_layer: sameDirection }).arg).toBe('backward_layer');
    const mismatch = inner('LSTM', { units: 64, go_backwards: true, return_sequences: true }, 'lstm_1');
    expect(errorOf('Bidirectional', [batch([5, 2])], { layer: lstm(), backward_layer: mismatch }).code).toBe('E0309');
  });
});

describe('TimeDistributed', () => {
  it('applies the inner layer to every step', () => {
    expect(shapes('TimeDistributed', [batch([10, 64])], { layer: inner('Dense', { units: 8000 }) })).toEqual([[null, 10, 8000]]);
    expect(shapes('TimeDistributed', [batch([null, 5, 4])], { layer: inner('Flatten') })).toEqual([[null, null, 20]]);
    expect(shapes('TimeDistributed', [batch([null, 7], 'int32')], { layer: inner('Embedding', { input_dim: 50, output_dim: 3 }) })).toEqual([
      [null, null, 7, 3],
    ]);
  });

  it('passes the mask through', () => {
    const out = outputs('TimeDistributed', [batch([null, 4], 'float32', true)], { layer: inner('Dense', { units: 2 }) });
    expect(out[0]?.masked).toBe(true);
    expect(def('TimeDistributed').acceptsMask).toBe(true);
  });

  it('needs at least three axes (E0302)', () => {
    expect(errorOf('TimeDistributed', [batch([8])], { layer: inner('Dense', { units: 1 }) }).code).toBe('E0302');
  });

  it('passes the inner layer’s shape errors on, and rejects several outputs', () => {
    expect(errorOf('TimeDistributed', [batch([10, 5])], { layer: inner('LSTM', { units: 2 }) }).code).toBe('E0301');
    const rs = inner('LSTM', { units: 2, return_state: true });
    expect(errorOf('TimeDistributed', [batch([10, 5, 3])], { layer: rs }).code).toBe('E0309');
    expect(shapes('TimeDistributed', [batch([10, 5, 3])], { layer: inner('LSTM', { units: 2 }) })).toEqual([[null, 10, 2]]);
  });

  it('has the inner layer’s weights, under their own names', () => {
    const ws = weightsOf('TimeDistributed', [batch([10, 64])], { layer: inner('Dense', { units: 1 }) });
    expect(ws.map((w) => [w.name, w.shape])).toEqual([['kernel', [64, 1]], ['bias', [1]]]);
  });
});

describe('Bidirectional passes the wrapped layer’s own argument errors on', () => {
  it('unroll on an unknown length is the LSTM’s error, pointing at its argument', () => {
    const e = errorOf('Bidirectional', [batch([null, 3])], { layer: inner('LSTM', { units: 2, unroll: true }) });
    expect(e).toMatchObject({ code: 'E0309', arg: 'unroll' });
    expect(e.message).toMatch(/^LSTM cannot unroll/);
  });
});
